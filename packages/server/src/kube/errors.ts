/**
 * Typed errors of the cluster port. They keep what the Kubernetes API server said (its
 * `Status` reason, message and causes) and never carry a credential: messages are built
 * from the server's Status and our own words only, and known secret shapes are scrubbed.
 */

/** A field-level cause from a Kubernetes `Status` (422 Invalid, 409 Conflict on apply). */
export interface KubeStatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** The API server answered with an error `Status`. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  constructor(
    /** HTTP status code (404, 409, 410, 422, …). */
    readonly code: number,
    /** The Kubernetes StatusReason: `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, `Forbidden`, `Gone`, `Expired`, … */
    readonly reason: string,
    message: string,
    readonly causes: KubeStatusCause[] = [],
    /** Seconds the server asked us to wait (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(scrub(message));
  }
}

/** The cluster could not be reached, or did not answer in time. */
export class ClusterUnreachableError extends Error {
  override readonly name = 'ClusterUnreachableError';
  constructor(
    message: string,
    /** `timeout`, or the network error code (`ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED`, …). */
    readonly code: string,
  ) {
    super(scrub(message));
  }
}

/** A kubeconfig was rejected (unparseable, incomplete, or referring to local files or commands). */
export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

const REASON_BY_CODE: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** Remove bearer tokens, basic credentials and key material from a message. */
export function scrub(message: string): string {
  return message
    .replace(/(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]')
    .replace(/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g, '[redacted]')
    .replace(
      /((?:token|password|client-key-data|client-certificate-data)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
      '$1[redacted]',
    );
}

/** A `KubeApiError` from a response: the Status body when there is one, else the HTTP code. */
export function errorFromStatus(
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
  context?: string,
): KubeApiError {
  const status = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const reason =
    typeof status.reason === 'string' && status.reason ? status.reason : (REASON_BY_CODE[code] ?? 'Unknown');
  const base =
    typeof status.message === 'string' && status.message ? status.message : `${reason} (HTTP ${code})`;
  const details =
    status.details && typeof status.details === 'object' ? (status.details as Record<string, unknown>) : {};
  const causes = Array.isArray(details.causes)
    ? (details.causes as unknown[]).filter((c): c is KubeStatusCause => !!c && typeof c === 'object')
    : [];
  const retryHeader = headers['retry-after'];
  const retryAfter =
    retryHeader !== undefined && /^\d+$/.test(retryHeader)
      ? Number(retryHeader)
      : typeof details.retryAfterSeconds === 'number'
        ? details.retryAfterSeconds
        : undefined;
  return new KubeApiError(code, reason, context ? `${context}: ${base}` : base, causes, retryAfter);
}

/** Map anything a client call threw to a port error (KubeApiError, ClusterUnreachableError), keeping no credentials. */
export function toClusterError(err: unknown, context: string): Error {
  if (err instanceof KubeApiError || err instanceof ClusterUnreachableError || err instanceof KubeconfigError)
    return err;
  if (err && typeof err === 'object') {
    const e = err as {
      name?: string;
      code?: unknown;
      message?: string;
      cause?: unknown;
      body?: unknown;
      headers?: Record<string, string>;
    };
    if (typeof e.code === 'number' && e.code >= 300)
      return errorFromStatus(e.code, parseBody(e.body), e.headers ?? {}, context);
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
      return new ClusterUnreachableError(`${context}: the cluster did not answer in time`, 'timeout');
    const cause = e.cause as { code?: unknown; message?: string; name?: string } | undefined;
    if (cause?.name === 'TimeoutError')
      return new ClusterUnreachableError(`${context}: the cluster did not answer in time`, 'timeout');
    const code =
      typeof cause?.code === 'string' ? cause.code : typeof e.code === 'string' ? e.code : 'network';
    const detail = cause?.message ?? e.message ?? 'unknown error';
    return new ClusterUnreachableError(`${context}: cannot reach the cluster (${detail})`, code);
  }
  return new ClusterUnreachableError(`${context}: ${String(err)}`, 'network');
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** True for a 404 NotFound from the API server. */
export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 404;
}

/** True for a 409 from the API server: Conflict (a stale resourceVersion) or AlreadyExists. */
export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 409;
}

/** True when a watch or list must restart from a fresh list (410 Gone / Expired). */
export function isGone(err: unknown): boolean {
  return (
    err instanceof KubeApiError && (err.code === 410 || err.reason === 'Expired' || err.reason === 'Gone')
  );
}
