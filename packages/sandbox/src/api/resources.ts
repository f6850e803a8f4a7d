/**
 * The verbs on a resource collection or object: get, list (with selectors and limit/continue),
 * create, update, patch (json, merge, strategic, apply), delete and deletecollection; plus the
 * fieldValidation and dryRun query parameters.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendListJson, sendObjectJson, withoutTypeMeta } from './object-json.js';
import { ApiError } from '../machinery/errors.js';
import type { DeleteOptions, FieldValidation, KubeObject, ResourceType, WriteOptions } from '../store/types.js';
import { checkObjectMediaType, decodeBody, mediaType, readBody, sendJson } from './body.js';
import type { ApiContext } from './context.js';
import type { PatchType } from '../store/types.js';
import type { RequestInfo } from './request-info.js';
import { acceptsTable, listTable } from './table.js';

/** One request on a resource, after routing and authorization. */
export interface ResourceRequest {
  req: IncomingMessage;
  res: ServerResponse;
  info: RequestInfo;
  query: URLSearchParams;
  type: ResourceType;
  pretty: boolean;
}

/** `apiVersion` of a type: `v1`, `apps/v1`. */
export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** The object with kind and apiVersion set (first), as the apiserver answers. */
export function withTypeMeta(type: ResourceType, obj: KubeObject): KubeObject {
  // Stored objects already carry their type first; keep them as they are (and keep their identity,
  // which the serialization cache of list responses relies on).
  if (obj.apiVersion === apiVersionOf(type) && obj.kind === type.kind && Object.keys(obj)[0] === 'apiVersion') return obj;
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return { apiVersion: apiVersionOf(type), kind: type.kind, ...rest } as KubeObject;
}

/** Whether a type is served from a CRD (its objects are kept as sent, `apiVersion` and `kind` included). */
export function isCustomResource(type: ResourceType): boolean {
  return type.schema !== undefined;
}

/** `{ group, name: resource }` for ApiError constructors. */
export function groupResource(type: ResourceType): { group: string; name: string } {
  return { group: type.group, name: type.resource };
}

function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw ApiError.badRequest(`Invalid dry run value: ${v}`);
  return values.length > 0;
}

/** Read and decode the body as an object (400 when it is not an object). */
export async function readObject(r: ResourceRequest): Promise<KubeObject> {
  checkObjectMediaType(r.req.headers['content-type']);
  const value = decodeBody(await readBody(r.req), r.req.headers['content-type']);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw ApiError.badRequest(`Object 'Kind' is missing in '${JSON.stringify(value)}'`);
  }
  const obj = value as KubeObject;
  if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
  return obj;
}

/** Check kind/apiVersion and namespace of a body against the URL, filling what is missing. */
function checkBody(r: ResourceRequest, obj: KubeObject): void {
  const expected = apiVersionOf(r.type);
  // Like the apiserver's decoder, the URL supplies a missing kind and apiVersion.
  obj.kind ||= r.type.kind;
  if (obj.apiVersion && obj.apiVersion !== expected) {
    throw ApiError.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`);
  }
  if (obj.kind !== r.type.kind) {
    throw ApiError.badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${r.type.kind})`);
  }
  obj.apiVersion = expected;
  if (r.type.namespaced) {
    const ns = r.info.namespace;
    if (obj.metadata.namespace && ns && obj.metadata.namespace !== ns) {
      throw ApiError.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (ns) obj.metadata.namespace = ns;
  } else {
    delete obj.metadata.namespace;
  }
}

/** The write options of a request: dryRun, fieldManager, fieldValidation (default Warn) and a warnings sink. */
export function writeOptionsOf(r: ResourceRequest, operation: 'Update' | 'Apply'): WriteOptions & { warnings: string[] } {
  const mode = r.query.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(mode)) {
    throw ApiError.badRequest(`fieldValidation parameter unsupported: ${mode}. Supported values: Ignore, Warn, Strict`);
  }
  return {
    dryRun: isDryRun(r.query),
    fieldManager: fieldManagerOf(r, operation),
    fieldValidation: mode as FieldValidation,
    warnings: [],
  };
}

/** Add `Warning: 299 - "text"` headers. */
export function addWarnings(res: ServerResponse, texts: string[]): void {
  const existing = res.getHeader('Warning');
  const list = Array.isArray(existing) ? existing.map(String) : existing ? [String(existing)] : [];
  for (const t of texts) list.push(`299 - ${JSON.stringify(t)}`);
  if (list.length) res.setHeader('Warning', list);
}

/** GET one object. */
export function getObject(ctx: ApiContext, r: ResourceRequest): void {
  const obj = ctx.store.stored(r.type, r.info.namespace, r.info.name!);
  if (!obj) throw ApiError.notFound(groupResource(r.type), r.info.name!);
  const full = withTypeMeta(r.type, obj);
  if (acceptsTable(r.req)) {
    sendJson(r.res, 200, listTable(r.type, [full], obj.metadata.resourceVersion ?? '', r.query, ctx.now()), r.pretty);
    return;
  }
  if (r.pretty) sendJson(r.res, 200, full, true);
  else sendObjectJson(r.res, 200, full);
}

interface ContinueToken {
  rv: string;
  start: string;
}

function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as ContinueToken;
    if (typeof t.rv === 'string' && typeof t.start === 'string') return t;
  } catch {
    /* fall through */
  }
  throw ApiError.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

/** GET a collection: selectors, limit/continue (410 Expired when the token is too old), Table. */
export function listObjects(ctx: ApiContext, r: ResourceRequest): void {
  const { items, resourceVersion } = ctx.store.list(r.type, {
    namespace: r.info.namespace,
    labelSelector: r.query.get('labelSelector') ?? undefined,
    fieldSelector: r.query.get('fieldSelector') ?? undefined,
  });
  // The store lists in (namespace, name) order; continue tokens page through that order.
  const sorted = items;
  let start = 0;
  let listRv = resourceVersion;
  const cont = r.query.get('continue');
  if (cont) {
    const token = decodeContinue(cont);
    try {
      ctx.store.eventsSince(token.rv, r.type);
    } catch (e) {
      if (e instanceof ApiError && e.code === 410) {
        throw ApiError.expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
      }
      throw e;
    }
    start = sorted.findIndex((o) => isAfter(o, token.start));
    if (start < 0) start = sorted.length;
    listRv = token.rv;
  }
  const limitText = r.query.get('limit');
  const limit = limitText ? Number(limitText) : 0;
  let page = sorted.slice(start);
  const metadata: Record<string, unknown> = { resourceVersion: listRv };
  if (limit > 0 && page.length > limit) {
    page = page.slice(0, limit);
    const last = page[page.length - 1]!;
    metadata.continue = Buffer.from(JSON.stringify({ rv: listRv, start: keyOf(last) })).toString('base64');
    metadata.remainingItemCount = sorted.length - start - limit;
  }
  const typed = page.map((o) => withTypeMeta(r.type, o));
  if (acceptsTable(r.req)) {
    const table = listTable(r.type, typed, listRv, r.query, ctx.now()) as { metadata: Record<string, unknown> };
    table.metadata = metadata;
    sendJson(r.res, 200, table, r.pretty);
    return;
  }
  const list = { kind: `${r.type.kind}List`, apiVersion: apiVersionOf(r.type), metadata, items: typed };
  const bare = !isCustomResource(r.type);
  if (r.pretty) sendJson(r.res, 200, bare ? { ...list, items: typed.map(withoutTypeMeta) } : list, true);
  else sendListJson(r.res, list, bare);
}

/** Whether `obj` comes after the `namespace/name` key of a continue token, in the store's (namespace, name) order. */
function isAfter(obj: KubeObject, key: string): boolean {
  const slash = key.indexOf('/');
  const namespace = obj.metadata.namespace ?? '';
  const tokenNamespace = key.slice(0, slash);
  if (namespace !== tokenNamespace) return namespace > tokenNamespace;
  return (obj.metadata.name ?? '') > key.slice(slash + 1);
}

/** POST a new object (201). */
export async function createObject(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const obj = await readObject(r);
  checkBody(r, obj);
  const options = writeOptionsOf(r, 'Update');
  const created = ctx.store.create(r.type, obj, options);
  addWarnings(r.res, options.warnings);
  sendJson(r.res, 201, withTypeMeta(r.type, created), r.pretty);
}

/** The field manager of a write: the query's, or the user agent's program name like the apiserver. */
function fieldManagerOf(r: ResourceRequest, operation: 'Update' | 'Apply'): string | undefined {
  const given = r.query.get('fieldManager');
  if (given) {
    if (given.length > 128) throw ApiError.badRequest(`fieldManager: Too long: may not be longer than 128`);
    return given;
  }
  if (operation === 'Apply') throw ApiError.badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  const agent = r.req.headers['user-agent'] ?? '';
  return agent.split('/')[0] || undefined;
}

/** PUT a replacement (200). */
export async function updateObject(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const obj = await readObject(r);
  checkBody(r, obj);
  if (obj.metadata.name && obj.metadata.name !== r.info.name) {
    throw ApiError.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${r.info.name})`);
  }
  obj.metadata.name = r.info.name;
  const options = writeOptionsOf(r, 'Update');
  const updated = ctx.store.update(r.type, obj, options);
  addWarnings(r.res, options.warnings);
  sendJson(r.res, 200, withTypeMeta(r.type, updated), r.pretty);
}

const patchTypes: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/** The patch type of a PATCH request; 415 for anything else. */
export function patchTypeOf(req: IncomingMessage, type: ResourceType, isCustom: boolean): PatchType {
  const media = mediaType(req.headers['content-type']);
  const pt = patchTypes[media];
  const accepted = Object.keys(patchTypes).filter((k) => !k.endsWith('cbor') && !(isCustom && k.includes('strategic')));
  if (!pt || (pt === 'strategic' && isCustom)) throw ApiError.unsupportedMediaType(media, accepted);
  void type;
  return pt;
}

/** Read a patch body: JSON for json/merge/strategic, YAML (or JSON) for apply. */
export async function readPatch(r: ResourceRequest, patchType: PatchType): Promise<unknown> {
  const body = await readBody(r.req);
  const value = decodeBody(body, patchType === 'apply' ? 'application/yaml' : 'application/json');
  if (patchType === 'json' && !Array.isArray(value)) throw ApiError.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  if (patchType !== 'json' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    throw ApiError.badRequest('the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
  }
  return value;
}

/** True for types served by a CRD (no strategic merge patch). */
export function isCustomType(type: ResourceType): boolean {
  return type.schema !== undefined;
}

/** PATCH an object (apply of a missing object creates it, 201). */
export async function patchObject(ctx: ApiContext, r: ResourceRequest, subresource?: 'status'): Promise<void> {
  const patchType = patchTypeOf(r.req, r.type, isCustomType(r.type));
  const patch = await readPatch(r, patchType);
  const force = r.query.get('force');
  if (force !== null && patchType !== 'apply') throw ApiError.badRequest('force: Forbidden: may not be specified for non-apply patch');
  if (patchType === 'apply') {
    const p = patch as KubeObject;
    if (p.metadata?.name && p.metadata.name !== r.info.name) {
      throw ApiError.badRequest(`the name of the object (${p.metadata.name}) does not match the name on the URL (${r.info.name})`);
    }
  }
  const existed = !!ctx.store.stored(r.type, r.info.namespace, r.info.name!);
  const options = { ...writeOptionsOf(r, patchType === 'apply' ? 'Apply' : 'Update'), force: force === 'true' || force === '', subresource };
  const result = ctx.store.patch(r.type, r.info.namespace, r.info.name!, patchType, patch, options);
  addWarnings(r.res, options.warnings);
  sendJson(r.res, existed ? 200 : 201, withTypeMeta(r.type, result), r.pretty);
}

/** DeleteOptions from the body (if any) and the query. */
export async function deleteOptionsOf(r: ResourceRequest): Promise<DeleteOptions> {
  const options: DeleteOptions = {};
  const body = await readBody(r.req);
  if (body.length > 0 && body.toString('utf8').trim() !== '') {
    const value = decodeBody(body, r.req.headers['content-type']) as Record<string, unknown>;
    if (value && typeof value === 'object') {
      if (value.propagationPolicy) options.propagationPolicy = value.propagationPolicy as DeleteOptions['propagationPolicy'];
      if (typeof value.gracePeriodSeconds === 'number') options.gracePeriodSeconds = value.gracePeriodSeconds;
      if (value.preconditions && typeof value.preconditions === 'object') options.preconditions = value.preconditions as DeleteOptions['preconditions'];
      if (Array.isArray(value.dryRun) && value.dryRun.length > 0) options.dryRun = true;
      if (value.orphanDependents === true && !options.propagationPolicy) options.propagationPolicy = 'Orphan';
      if (value.orphanDependents === false) orphanDependentsFalse.add(r.req);
      if (value.orphanDependents === false && !options.propagationPolicy) options.propagationPolicy = 'Background';
    }
  }
  const policy = r.query.get('propagationPolicy');
  if (policy) {
    if (!['Background', 'Foreground', 'Orphan'].includes(policy)) {
      throw ApiError.badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
    }
    options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  }
  const grace = r.query.get('gracePeriodSeconds');
  if (grace !== null && grace !== '') options.gracePeriodSeconds = Number(grace);
  if (isDryRun(r.query)) options.dryRun = true;
  if (!options.propagationPolicy && r.type.defaultPropagationPolicy) options.propagationPolicy = r.type.defaultPropagationPolicy;
  return options;
}

/**
 * Resources whose registry answers a completed delete with the object (`ReturnDeletedObject`);
 * the others answer a `Status` Success naming what went.
 */
const RETURNS_DELETED_OBJECT = new Set(['/pods', '/services', '/serviceaccounts', '/namespaces', 'storage.k8s.io/storageclasses', 'apiextensions.k8s.io/customresourcedefinitions']);

/**
 * DELETE an object. One still there (finalizers, graceful pod deletion) comes back as it is now;
 * one gone comes back itself or as a `Status` Success, per resource (see above). 200 either way,
 * 202 only when the body asked `orphanDependents: false` and the object is still there.
 */
export async function deleteObject(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const options = await deleteOptionsOf(r);
  const deleted = ctx.store.delete(r.type, r.info.namespace, r.info.name!, options);
  const stillThere = !!deleted.metadata.deletionTimestamp && !options.dryRun && !!ctx.store.stored(r.type, r.info.namespace, r.info.name!);
  const code = stillThere && orphanDependentsFalse.has(r.req) ? 202 : 200;
  if (stillThere || isCustomResource(r.type) || RETURNS_DELETED_OBJECT.has(`${r.type.group}/${r.type.resource}`)) {
    sendJson(r.res, code, withTypeMeta(r.type, deleted), r.pretty);
    return;
  }
  const details: Record<string, unknown> = { name: deleted.metadata.name };
  if (r.type.group) details.group = r.type.group;
  details.kind = r.type.resource;
  details.uid = deleted.metadata.uid;
  sendJson(r.res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details }, r.pretty);
}

/** Requests whose DeleteOptions said `orphanDependents: false` (the one case the apiserver answers 202). */
const orphanDependentsFalse = new WeakSet<object>();

/** DELETE a collection: deletes every selected object, answers the list of them. */
export async function deleteCollection(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const options = await deleteOptionsOf(r);
  const { items, resourceVersion } = ctx.store.list(r.type, {
    namespace: r.info.namespace,
    labelSelector: r.query.get('labelSelector') ?? undefined,
    fieldSelector: r.query.get('fieldSelector') ?? undefined,
  });
  const deleted: unknown[] = [];
  for (const item of items) {
    try {
      const gone = withTypeMeta(r.type, ctx.store.delete(r.type, item.metadata.namespace, item.metadata.name!, options));
      deleted.push(isCustomResource(r.type) ? gone : withoutTypeMeta(gone));
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }
  sendJson(r.res, 200, { kind: `${r.type.kind}List`, apiVersion: apiVersionOf(r.type), metadata: { resourceVersion }, items: deleted }, r.pretty);
}
