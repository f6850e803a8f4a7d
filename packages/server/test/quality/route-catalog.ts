import type { FastifyInstance } from 'fastify';

/** One operation of the API, as the live OpenAPI document declares it. */
export interface RouteOperation {
  method: string;
  /** The OpenAPI path template, e.g. `/api/v1/workspaces/{workspace}/apps/{app}`. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  hasBody: boolean;
}

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: unknown;
}

/** Routes the OpenAPI document hides (webhooks, git smart HTTP, probes), from `printRoutes`. */
export const HIDDEN_ROUTES: readonly RouteOperation[] = [
  { method: 'POST', path: '/api/v1/git/github/webhooks', pathParams: [], queryParams: [], hasBody: true },
  { method: 'GET', path: '/git/{workspace}/{repo}.git/info/refs', pathParams: ['workspace', 'repo'], queryParams: ['service'], hasBody: false },
  { method: 'POST', path: '/git/{workspace}/{repo}.git/git-upload-pack', pathParams: ['workspace', 'repo'], queryParams: [], hasBody: true },
  { method: 'GET', path: '/healthz', pathParams: [], queryParams: [], hasBody: false },
  { method: 'GET', path: '/readyz', pathParams: [], queryParams: [], hasBody: false },
  { method: 'GET', path: '/metrics', pathParams: [], queryParams: [], hasBody: false },
];

/** Every operation of the live OpenAPI document at `/api/openapi.json`. */
export async function readRouteCatalog(app: FastifyInstance): Promise<RouteOperation[]> {
  const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  const doc = response.json() as { paths: Record<string, Record<string, OpenApiOperation>> };
  const operations: RouteOperation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = op.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        hasBody: op.requestBody !== undefined || ['POST', 'PUT', 'PATCH'].includes(method.toUpperCase()),
      });
    }
  }
  return operations;
}

/** Fills `{param}` placeholders; values are inserted as given (callers encode them). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${path}`);
    return value;
  });
}

/** True when a response body looks like it carries a stack trace or a server file path. */
export function leaksInternals(body: string): boolean {
  return /\n\s+at .+[:(]\d+:\d+/.test(body) || /node_modules|\/work\/main|\.ts:\d+|\.js:\d+:\d+/.test(body);
}
