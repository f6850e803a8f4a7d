/**
 * Kubernetes API errors: an `ApiError` carries the `Status` object the real apiserver would
 * return, built the way k8s.io/apimachinery/pkg/api/errors builds it (same messages, reasons,
 * codes and `details`).
 */

/** One cause of a failure (`details.causes[]`). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** `details` of a Status. For resource errors, `kind` holds the resource (plural) as the apiserver does. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The `meta/v1 Status` body of a failed request. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** A group-qualified resource or kind, e.g. `{ group: 'apps', name: 'deployments' }`. */
export interface GroupName {
  group: string;
  /** Plural resource ('pods') or Kind ('Pod'), depending on the constructor. */
  name: string;
}

/** A field validation error, as apimachinery's `field.Error`. */
export interface FieldError {
  /** FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueDuplicate, FieldValueTypeInvalid, FieldValueForbidden, FieldValueTooLong... */
  reason: FieldErrorReason;
  /** Kubernetes path, e.g. `spec.containers[0].image`. */
  field: string;
  /** The bad value (omitted for Required/Forbidden). */
  value?: unknown;
  /** The value already printed (e.g. Go syntax `map[string]string{...}`), used instead of `value`. */
  rawValue?: string;
  /** Extra detail appended to the body. */
  detail?: string;
  /** For NotSupported: the allowed values. */
  supported?: string[];
}

export type FieldErrorReason =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueTypeInvalid'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueNotFound';

/** One field another manager owns, for `ApiError.applyConflict`. */
export interface ApplyConflict {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion?: string;
  /** The subresource the manager wrote through (`status`, `scale`), if any. */
  subresource?: string;
  /** Path as structured-merge-diff prints it: `.spec.replicas`, `.spec.containers[name="web"].image`. */
  field: string;
}

/** `group` qualified like schema.GroupResource.String(): `pods`, `deployments.apps`. */
function qualify(g: GroupName): string {
  return g.group ? `${g.name}.${g.group}` : g.name;
}

/** Formats a value like field.Error does: strings quoted, numbers and booleans bare, others as JSON. */
export function formatFieldValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return '"array"';
  return '"object"';
}

/** The part of a field error after the field path (`ErrorBody()`), e.g. `Required value`. */
export function fieldErrorBody(e: FieldError): string {
  let body: string;
  switch (e.reason) {
    case 'FieldValueRequired':
      body = 'Required value';
      break;
    case 'FieldValueForbidden':
      body = 'Forbidden';
      break;
    case 'FieldValueTooLong':
      body = 'Too long';
      break;
    case 'FieldValueTooMany':
      body = 'Too many';
      break;
    case 'FieldValueNotFound':
      body = `Not found: ${formatFieldValue(e.value)}`;
      break;
    case 'FieldValueDuplicate':
      body = `Duplicate value: ${e.rawValue ?? formatFieldValue(e.value)}`;
      break;
    case 'FieldValueNotSupported':
      body = `Unsupported value: ${formatFieldValue(e.value)}`;
      if (e.supported && e.supported.length > 0) {
        body += `: supported values: ${e.supported.map((s) => JSON.stringify(s)).join(', ')}`;
      }
      break;
    default:
      body = `Invalid value: ${e.rawValue ?? formatFieldValue(e.value)}`;
  }
  if (e.detail) body += `: ${e.detail}`;
  return body;
}

/** `field: body`, as field.Error.Error(). */
export function fieldErrorText(e: FieldError): string {
  return e.field ? `${e.field}: ${fieldErrorBody(e)}` : fieldErrorBody(e);
}

/** An error carrying a Kubernetes `Status`; `code` is the HTTP status. */
export class ApiError extends Error {
  readonly status: Status;

  constructor(status: Status) {
    super(status.message);
    this.name = 'ApiError';
    this.status = status;
  }

  /** HTTP status code. */
  get code(): number {
    return this.status.code;
  }

  /** The Status reason, e.g. `NotFound`. */
  get reason(): string {
    return this.status.reason;
  }

  /** 404 `pods "x" not found`. */
  static notFound(resource: GroupName, name: string): ApiError {
    return make(404, 'NotFound', `${qualify(resource)} "${name}" not found`, {
      name,
      group: resource.group,
      kind: resource.name,
    });
  }

  /** 409 `pods "x" already exists`. */
  static alreadyExists(resource: GroupName, name: string): ApiError {
    return make(409, 'AlreadyExists', `${qualify(resource)} "${name}" already exists`, {
      name,
      group: resource.group,
      kind: resource.name,
    });
  }

  /** 409 Conflict; `detail` defaults to the stale-resourceVersion sentence. */
  static conflict(resource: GroupName, name: string, detail?: string): ApiError {
    const why =
      detail ?? 'the object has been modified; please apply your changes to the latest version and try again';
    return make(409, 'Conflict', `Operation cannot be fulfilled on ${qualify(resource)} "${name}": ${why}`, {
      name,
      group: resource.group,
      kind: resource.name,
    });
  }

  /**
   * 409 Conflict of server-side apply, one FieldManagerConflict cause per field. A manager whose
   * operation is Update is printed with its apiVersion (`"kubectl-client-side-apply" using apps/v1`).
   */
  static applyConflict(conflicts: ApplyConflict[]): ApiError {
    // As the fieldmanager's printManager: the name, its subresource, and for updaters their version.
    const who = (c: ApplyConflict): string => {
      const name = c.subresource ? `"${c.manager}" with subresource "${c.subresource}"` : `"${c.manager}"`;
      return c.operation === 'Update' ? `${name} using ${c.apiVersion ?? ''}` : name;
    };
    let message: string;
    if (conflicts.length === 1) {
      const c = conflicts[0]!;
      message = `Apply failed with 1 conflict: conflict with ${who(c)}: ${c.field}`;
    } else {
      const byManager = new Map<string, string[]>();
      for (const c of conflicts) {
        const k = who(c);
        byManager.set(k, [...(byManager.get(k) ?? []), c.field]);
      }
      const lines: string[] = [];
      for (const k of [...byManager.keys()].sort()) {
        lines.push(`conflicts with ${k}:`);
        for (const f of byManager.get(k)!) lines.push(`- ${f}`);
      }
      message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
    }
    return make(409, 'Conflict', message, {
      causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${who(c)}`, field: c.field })),
    });
  }

  /** 422 `Pod "x" is invalid: spec.containers[0].image: Required value`. `kind` is the Kind (`Pod`, group `apps` → `Deployment.apps`). */
  static invalid(kind: GroupName, name: string, errors: FieldError[]): ApiError {
    const texts = errors.map(fieldErrorText);
    const aggregate = texts.length === 1 ? texts[0]! : `[${texts.join(', ')}]`;
    return make(422, 'Invalid', `${qualify(kind)} "${name}" is invalid: ${aggregate}`, {
      name,
      group: kind.group,
      kind: kind.name,
      causes: errors.map((e) => ({ reason: e.reason, message: fieldErrorBody(e), field: e.field })),
    });
  }

  /**
   * 422 of a patch that does not apply (the apiserver's generic server response for JSON patch
   * failures): `the server rejected our request due to an error in our request`, the reason in a cause.
   */
  static patchRejected(why: string): ApiError {
    return make(422, 'Invalid', 'the server rejected our request due to an error in our request', { causes: [{ message: why }] });
  }

  /** 410 Gone. */
  static gone(message: string): ApiError {
    return make(410, 'Gone', message);
  }

  /** 410 Expired, e.g. `too old resource version: 1 (5)`. */
  static expired(message: string): ApiError {
    return make(410, 'Expired', message);
  }

  /** 410 Expired for a watch/list from a resourceVersion older than the window. */
  static tooOldResourceVersion(requested: string | number, oldest: string | number): ApiError {
    return ApiError.expired(`too old resource version: ${requested} (${oldest})`);
  }

  /** 400 BadRequest. */
  static badRequest(message: string, causes?: StatusCause[]): ApiError {
    return make(400, 'BadRequest', message, causes ? { causes } : undefined);
  }

  /** 405 `<verb> is not supported on resources of kind "pods"`. */
  /** 405 for a method no handler serves at this path (the apiserver's generic answer). */
  static methodNotAllowedHere(): ApiError {
    return new ApiError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server does not allow this method on the requested resource',
      reason: 'MethodNotAllowed',
      details: {},
      code: 405,
    });
  }

  static methodNotAllowed(resource: GroupName, action: string): ApiError {
    return make(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${qualify(resource)}"`, {
      group: resource.group,
      kind: resource.name,
    });
  }

  /** 401 Unauthorized. */
  static unauthorized(message?: string): ApiError {
    return make(401, 'Unauthorized', message || 'Unauthorized');
  }

  /** 403 `pods "x" is forbidden: <why>` (no name: `pods is forbidden: <why>`). */
  static forbidden(resource: GroupName, name: string, why: string, causes?: StatusCause[]): ApiError {
    const subject = name ? `${qualify(resource)} "${name}"` : qualify(resource);
    return make(403, 'Forbidden', `${subject} is forbidden: ${why}`, {
      name,
      group: resource.group,
      kind: resource.name,
      ...(causes ? { causes } : {}),
    });
  }

  /** 403 of the RBAC authorizer: `User "alice" cannot list resource "pods" in API group "" in the namespace "default"`. */
  static forbiddenByRbac(
    resource: GroupName,
    name: string,
    user: string,
    verb: string,
    namespace?: string,
    subresource?: string,
  ): ApiError {
    const res = subresource ? `${resource.name}/${subresource}` : resource.name;
    let why = `User "${user}" cannot ${verb} resource "${res}" in API group "${resource.group}"`;
    why += namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
    return ApiError.forbidden(resource, name, why);
  }

  /** 429 TooManyRequests with `details.retryAfterSeconds`. */
  static tooManyRequests(message = 'Too many requests, please try again later.', retryAfterSeconds = 1): ApiError {
    return make(429, 'TooManyRequests', message, { retryAfterSeconds });
  }

  /** 500 `Internal error occurred: <why>`. */
  static internal(why: string): ApiError {
    return make(500, 'InternalError', `Internal error occurred: ${why}`, { causes: [{ message: why }] });
  }

  /** 413 `Request entity too large: <why>`. */
  static requestEntityTooLarge(why: string): ApiError {
    return make(413, 'RequestEntityTooLarge', `Request entity too large: ${why}`);
  }

  /** 415 for a body in a media type the endpoint does not accept. */
  static unsupportedMediaType(_contentType: string, accepted: string[]): ApiError {
    // Like negotiation's errUnsupportedMediaType: a message, no details.
    return make(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
  }
}

function make(code: number, reason: string, message: string, details?: StatusDetails): ApiError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) {
    const d: StatusDetails = {};
    if (details.name) d.name = details.name;
    if (details.group) d.group = details.group;
    if (details.kind) d.kind = details.kind;
    if (details.uid) d.uid = details.uid;
    if (details.causes && details.causes.length > 0) d.causes = details.causes;
    if (details.retryAfterSeconds !== undefined) d.retryAfterSeconds = details.retryAfterSeconds;
    status.details = d;
  }
  return new ApiError(status);
}

/** True when `e` is an ApiError (optionally with this HTTP code). */
export function isApiError(e: unknown, code?: number): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}
