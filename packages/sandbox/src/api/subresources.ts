/**
 * Subresources: `status` (get/update/patch of status only), `scale` (autoscaling/v1 Scale over
 * spec.replicas), pod `log`, `binding`, `eviction` (checked against PodDisruptionBudgets), and ServiceAccount `token` (TokenRequest).
 */
import { ApiError } from '../machinery/errors.js';
import { cloneJson } from '../machinery/json-clone.js';
import { keepManagedFields } from '../machinery/managed-fields.js';
import { recordScaleWrite } from '../machinery/scale-fields.js';
import type { KubeObject, PatchType, ResourceType } from '../store/types.js';
import { sendJson, sendText } from './body.js';
import { admitEviction } from './eviction.js';
import type { ApiContext, LogRequest } from './context.js';
import { sendObjectJson } from './object-json.js';
import {
  addWarnings,
  apiVersionOf,
  groupResource,
  patchObject,
  patchTypeOf,
  readObject,
  readPatch,
  withTypeMeta,
  writeOptionsOf,
  type ResourceRequest,
} from './resources.js';

const success = (code: number): unknown => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code });

/** The stored object (frozen, shared: read only); 404 when absent. */
function current(ctx: ApiContext, r: ResourceRequest): KubeObject {
  const obj = ctx.store.stored(r.type, r.info.namespace, r.info.name!);
  if (!obj) throw ApiError.notFound(groupResource(r.type), r.info.name!);
  return withTypeMeta(r.type, obj);
}

/** A private copy of the stored object, to change and write back. */
function editable(ctx: ApiContext, r: ResourceRequest): KubeObject {
  return cloneJson(current(ctx, r));
}

function notAllowed(r: ResourceRequest): never {
  throw ApiError.methodNotAllowed(groupResource(r.type), r.info.verb);
}

const dryRun = (r: ResourceRequest): boolean => r.query.getAll('dryRun').length > 0;

/** Serve a subresource request. */
export async function serveSubresource(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const sub = r.info.subresource!;
  if (!(r.type.subresources ?? []).includes(sub)) {
    throw new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
  }
  switch (sub) {
    case 'status':
      return serveStatus(ctx, r);
    case 'scale':
      return serveScale(ctx, r);
    case 'log':
      return serveLog(ctx, r);
    case 'binding':
      return serveBinding(ctx, r);
    case 'eviction':
      return serveEviction(ctx, r);
    case 'token':
      return serveToken(ctx, r);
    case 'finalize':
      if (r.info.verb !== 'update') notAllowed(r);
      return serveStatus(ctx, r);
    default:
      notAllowed(r);
  }
}

async function serveStatus(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  if (r.info.verb === 'get') return r.pretty ? sendJson(r.res, 200, current(ctx, r), true) : sendObjectJson(r.res, 200, current(ctx, r));
  let next: KubeObject;
  if (r.info.verb === 'update') {
    next = await readObject(r);
    if (next.metadata.name && next.metadata.name !== r.info.name) {
      throw ApiError.badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${r.info.name})`);
    }
  } else if (r.info.verb === 'patch') {
    return patchObject(ctx, r, 'status');
  } else return notAllowed(r);
  next.metadata = { ...next.metadata, name: r.info.name, namespace: r.type.namespaced ? r.info.namespace : undefined };
  const options = writeOptionsOf(r, 'Update');
  const updated =
    r.info.subresource === 'finalize'
      ? ctx.store.update(r.type, next, { ...options, subresource: 'finalize' })
      : ctx.store.updateStatus(r.type, next, options);
  addWarnings(r.res, options.warnings);
  sendJson(r.res, 200, withTypeMeta(r.type, updated), r.pretty);
}

function readPath(obj: unknown, path: string): unknown {
  return path
    .replace(/^\./, '')
    .split('.')
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), obj);
}

function writePath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.replace(/^\./, '').split('.');
  let at = obj;
  for (const k of keys.slice(0, -1)) {
    if (!at[k] || typeof at[k] !== 'object') at[k] = {};
    at = at[k] as Record<string, unknown>;
  }
  at[keys[keys.length - 1]!] = value;
}

function scalePaths(type: ResourceType): { spec: string; status: string; selector?: string } {
  if (type.scale) return { spec: type.scale.specReplicasPath, status: type.scale.statusReplicasPath, selector: type.scale.labelSelectorPath };
  return { spec: '.spec.replicas', status: '.status.replicas' };
}

/** The autoscaling/v1 Scale of an object. */
export function scaleOf(type: ResourceType, obj: KubeObject): KubeObject {
  const paths = scalePaths(type);
  let selector = '';
  if (paths.selector) selector = String(readPath(obj, paths.selector) ?? '');
  else {
    const matchLabels = (readPath(obj, 'spec.selector.matchLabels') ?? {}) as Record<string, string>;
    selector = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
  }
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  const status: Record<string, unknown> = { replicas: Number(readPath(obj, paths.status) ?? 0) };
  if (selector) status.selector = selector;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: Number(readPath(obj, paths.spec) ?? 0) },
    status,
  };
}

async function serveScale(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  if (r.info.verb === 'get') return sendJson(r.res, 200, scaleOf(r.type, current(ctx, r)), r.pretty);
  const obj = editable(ctx, r);
  let scale: KubeObject;
  let operation: 'Update' | 'Apply' = 'Update';
  let declared = true;
  if (r.info.verb === 'update') scale = await readObject(r);
  else if (r.info.verb === 'patch') {
    const patchType = patchTypeOf(r.req, r.type, false);
    const patch = await readPatch(r, patchType);
    if (r.query.get('force') !== null && patchType !== 'apply') throw ApiError.badRequest('force: Forbidden: may not be specified for non-apply patch');
    if (patchType === 'apply') {
      operation = 'Apply';
      checkScaleConfig(patch as KubeObject);
      declared = (patch as { spec?: { replicas?: unknown } }).spec?.replicas !== undefined;
    }
    scale = patchScale(scaleOf(r.type, obj), patchType, patch);
  } else return notAllowed(r);
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw ApiError.invalid({ group: 'autoscaling', name: 'Scale' }, r.info.name!, [
      { reason: 'FieldValueInvalid', field: 'spec.replicas', value: replicas ?? null, detail: 'must be greater than or equal to 0' },
    ]);
  }
  const rv = scale.metadata?.resourceVersion;
  if (rv && rv !== obj.metadata.resourceVersion) throw ApiError.conflict(groupResource(r.type), r.info.name!);
  const options = writeOptionsOf(r, operation);
  const manager = options.fieldManager ?? '';
  const force = ['true', ''].includes(r.query.get('force') ?? 'false');
  const specPath = scalePaths(r.type).spec;
  writePath(obj as Record<string, unknown>, specPath, replicas);
  const updated = ctx.store.update(r.type, obj, {
    dryRun: options.dryRun,
    fieldManager: manager,
    // The scale subresource's own field management: only the replicas field changes hands.
    managedFields: (old, next) =>
      recordScaleWrite(old.metadata.managedFields, {
        manager,
        operation,
        force,
        apiVersion: apiVersionOf(r.type),
        replicasPath: specPath,
        changed: readPath(old, specPath) !== readPath(next, specPath),
        declared,
      }),
  });
  sendJson(r.res, 200, scaleOf(r.type, updated), r.pretty);
}

/** An apply to `/scale` sends an autoscaling/v1 Scale without managedFields. */
function checkScaleConfig(config: KubeObject): void {
  if (config.apiVersion !== 'autoscaling/v1' || config.kind !== 'Scale') {
    const [group, version] = typeof config.apiVersion === 'string' && config.apiVersion.includes('/') ? config.apiVersion.split('/') : ['', config.apiVersion ?? ''];
    throw ApiError.badRequest(`invalid object type: ${group}/${version}, Kind=${config.kind ?? ''}`);
  }
  if (config.metadata?.managedFields !== undefined && config.metadata.managedFields !== null) {
    throw ApiError.badRequest('metadata.managedFields must be nil');
  }
}

function logRequestOf(r: ResourceRequest, pod: KubeObject): LogRequest {
  const containers = ((pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map((c) => c.name);
  let container = r.query.get('container') ?? '';
  if (!container) {
    if (containers.length !== 1) {
      throw ApiError.badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${containers.join(' ')}]`);
    }
    container = containers[0]!;
  }
  const all = [
    ...containers,
    ...(((pod.spec as { initContainers?: { name: string }[] } | undefined)?.initContainers ?? []).map((c) => c.name)),
  ];
  if (!all.includes(container)) {
    throw ApiError.badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`);
  }
  const intParam = (name: string): number | undefined => {
    const v = r.query.get(name);
    return v === null || v === '' ? undefined : Number(v);
  };
  return {
    container,
    follow: r.query.get('follow') === 'true',
    previous: r.query.get('previous') === 'true',
    tailLines: intParam('tailLines'),
    sinceSeconds: intParam('sinceSeconds'),
    limitBytes: intParam('limitBytes'),
    timestamps: r.query.get('timestamps') === 'true',
  };
}

async function serveLog(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  if (r.info.verb !== 'get') return notAllowed(r);
  const pod = current(ctx, r);
  const request = logRequestOf(r, pod);
  const read = ctx.logs?.read(pod, request) ?? { ok: true, text: '' };
  if (!read.ok) throw ApiError.badRequest(read.message);
  // A previous (terminated) container has nothing more to say: follow ends at once.
  if (!request.follow || request.previous || !ctx.logs?.follow) {
    const text = request.limitBytes !== undefined ? read.text.slice(0, request.limitBytes) : read.text;
    return sendText(r.res, 200, text);
  }
  const abort = new AbortController();
  r.req.on('close', () => abort.abort());
  r.res.on('close', () => abort.abort());
  r.res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  r.res.flushHeaders();
  let budget = request.limitBytes ?? Infinity;
  for await (const chunk of ctx.logs.follow(pod, request, abort.signal)) {
    if (abort.signal.aborted) break;
    const piece = chunk.length > budget ? chunk.slice(0, budget) : chunk;
    r.res.write(piece);
    budget -= piece.length;
    if (budget <= 0) break;
  }
  abort.abort();
  r.res.end();
}

async function serveBinding(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  if (r.info.verb !== 'create') return notAllowed(r);
  const binding = await readObject(r);
  const node = (binding.target as { name?: string } | undefined)?.name;
  if (!node) throw ApiError.invalid({ group: '', name: 'Binding' }, r.info.name!, [{ reason: 'FieldValueRequired', field: 'target.name' }]);
  const pod = editable(ctx, r);
  const spec = (pod.spec ?? {}) as Record<string, unknown>;
  if (spec.nodeName) throw ApiError.conflict(groupResource(r.type), r.info.name!, `pod ${r.info.name} is already assigned to node "${spec.nodeName}"`);
  pod.spec = { ...spec, nodeName: node };
  // The binding is written to storage directly: the pod's managedFields do not change.
  if (!dryRun(r)) ctx.store.update(r.type, pod, { managedFields: keepManagedFields });
  sendJson(r.res, 201, success(201), r.pretty);
}

async function serveEviction(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  if (r.info.verb !== 'create') return notAllowed(r);
  const eviction = await readObject(r);
  const pod = current(ctx, r);
  const options = (eviction.deleteOptions ?? {}) as { gracePeriodSeconds?: number; dryRun?: string[] };
  const isDryRun = dryRun(r) || (options.dryRun?.length ?? 0) > 0;
  admitEviction(ctx.store, ctx.registry, pod, ctx.now(), isDryRun);
  ctx.store.delete(r.type, r.info.namespace, r.info.name!, { gracePeriodSeconds: options.gracePeriodSeconds, dryRun: isDryRun });
  sendJson(r.res, 201, success(201), r.pretty);
}

async function serveToken(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  if (r.info.verb !== 'create') return notAllowed(r);
  const request = await readObject(r);
  current(ctx, r);
  const spec = (request.spec ?? {}) as { expirationSeconds?: number; audiences?: string[] };
  const seconds = spec.expirationSeconds ?? 3600;
  const token = ctx.authenticator.issueServiceAccountToken(r.info.namespace!, r.info.name!, seconds);
  sendJson(
    r.res,
    201,
    {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: r.info.name, namespace: r.info.namespace, creationTimestamp: null },
      spec: { audiences: spec.audiences ?? ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: seconds, boundObjectRef: null },
      status: { token, expirationTimestamp: new Date(ctx.now() + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z') },
    },
    r.pretty,
  );
}

/** Patch a Scale: merge, strategic and apply act as a JSON merge on this flat object; json patch supports add/replace/test. */
function patchScale(scale: KubeObject, patchType: PatchType, patch: unknown): KubeObject {
  if (patchType !== 'json') return mergeJson(scale, patch) as KubeObject;
  const out = structuredClone(scale) as Record<string, unknown>;
  for (const op of patch as { op?: string; path?: string; value?: unknown }[]) {
    const path = (op.path ?? '').split('/').slice(1).join('.');
    if (op.op === 'add' || op.op === 'replace') writePath(out, path, op.value);
    else if (op.op === 'test') {
      if (JSON.stringify(readPath(out, path)) !== JSON.stringify(op.value)) throw new ApiError({ ...ApiError.badRequest('the test operation failed').status, code: 422, reason: 'Invalid' });
    } else throw ApiError.badRequest(`Unsupported json patch operation on scale: ${op.op}`);
  }
  return out as KubeObject;
}

function mergeJson(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergeJson(out[k], v);
  }
  return out;
}
