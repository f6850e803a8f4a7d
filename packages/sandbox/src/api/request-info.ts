/**
 * What a request addresses, derived from its path and method the way the apiserver's
 * RequestInfoFactory does: API group/version, namespace, resource, name, subresource and verb.
 */

/** The parsed target of an HTTP request. */
export interface RequestInfo {
  /** False for `/version`, `/healthz`, discovery roots and other non-resource URLs. */
  isResourceRequest: boolean;
  /** The URL path without the query. */
  path: string;
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection (or the lower-case HTTP method for non-resource URLs). */
  verb: string;
  /** `api` for the core group, `apis` for named groups. */
  prefix?: 'api' | 'apis';
  apiGroup: string;
  apiVersion: string;
  namespace?: string;
  resource?: string;
  name?: string;
  subresource?: string;
  /** Segments after the resource part (more than the apiserver understands make it a 404). */
  extra: string[];
}

const namespaceSubresources = new Set(['status', 'finalize']);

/** Parse `method` + `path` (no query string) into a {@link RequestInfo}; `watchParam` is the `watch` query value. */
export function parseRequestInfo(method: string, path: string, watchParam: boolean): RequestInfo {
  const verbOfMethod = method.toLowerCase();
  const info: RequestInfo = { isResourceRequest: false, path, verb: verbOfMethod, apiGroup: '', apiVersion: '', extra: [] };
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0 || (parts[0] !== 'api' && parts[0] !== 'apis')) return info;
  info.prefix = parts[0] as 'api' | 'apis';
  let rest = parts.slice(1);
  if (info.prefix === 'apis') {
    if (rest.length < 3) return withGroupVersion(info, rest);
    info.apiGroup = rest[0]!;
    info.apiVersion = rest[1]!;
    rest = rest.slice(2);
  } else {
    if (rest.length < 2) return withGroupVersion(info, rest);
    info.apiVersion = rest[0]!;
    rest = rest.slice(1);
  }
  info.isResourceRequest = true;
  let legacyWatch = false;
  if (rest[0] === 'watch') {
    legacyWatch = true;
    rest = rest.slice(1);
  }
  if (rest[0] === 'namespaces' && rest.length >= 2) {
    info.namespace = rest[1]!;
    if (rest.length > 2 && !namespaceSubresources.has(rest[2]!)) rest = rest.slice(2);
  }
  info.resource = rest[0];
  info.name = rest[1];
  info.subresource = rest[2];
  info.extra = rest.slice(3);
  if (info.resource === 'namespaces') {
    // `/api/v1/namespaces/x` names the namespace object itself.
    if (info.namespace !== undefined) info.name = info.namespace;
    info.namespace = undefined;
  }
  switch (verbOfMethod) {
    case 'get':
    case 'head':
      info.verb = info.name === undefined ? (legacyWatch || watchParam ? 'watch' : 'list') : legacyWatch || watchParam ? 'watch' : 'get';
      break;
    case 'post':
      info.verb = 'create';
      break;
    case 'put':
      info.verb = 'update';
      break;
    case 'patch':
      info.verb = 'patch';
      break;
    case 'delete':
      info.verb = info.name === undefined ? 'deletecollection' : 'delete';
      break;
  }
  return info;
}

function withGroupVersion(info: RequestInfo, rest: string[]): RequestInfo {
  if (info.prefix === 'apis') {
    info.apiGroup = rest[0] ?? '';
    info.apiVersion = rest[1] ?? '';
  } else {
    info.apiVersion = rest[0] ?? '';
  }
  return info;
}
