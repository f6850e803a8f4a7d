import { ApiError, type ProblemBody } from './problem.js';

/** Where the API lives; the console is served by the same origin. */
export const API_BASE = '/api/v1';

/** Query parameters: undefined and '' are left out. */
export type Query = Record<string, string | number | boolean | undefined | null>;

/** Builds `/api/v1/<path>?<query>`. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path.startsWith('/') ? path : `/${path}`}${qs ? `?${qs}` : ''}`;
}

/** Options of {@link api}. */
export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  /** Raw text body (YAML) sent with this content type. */
  text?: { body: string; contentType: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Called when a request answers 401, so the app can send the user to the login page. */
let onUnauthenticated: (() => void) | undefined;

/** Registers the 401 handler (the app shell does, once). */
export function setUnauthenticatedHandler(handler: (() => void) | undefined): void {
  onUnauthenticated = handler;
}

/**
 * Calls the Berth API with the session cookie. Resolves to the JSON body (undefined for 204);
 * rejects with an {@link ApiError} carrying the problem's detail and field paths.
 */
export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
  const url = apiUrl(path, options.query);
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: string | undefined;
  if (options.text) {
    headers['content-type'] = options.text.contentType;
    body = options.text.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      body,
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, { title: 'Network error', detail: 'the server cannot be reached' }, url);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const problem: ProblemBody =
      parsed && typeof parsed === 'object' ? (parsed as ProblemBody) : { detail: text || response.statusText };
    const error = new ApiError(response.status, problem, url);
    if (response.status === 401 && !path.startsWith('/auth/')) onUnauthenticated?.();
    throw error;
  }
  return parsed as T;
}

/** One page of a list endpoint. */
export interface Page<T> {
  items: T[];
  continue?: string;
}
