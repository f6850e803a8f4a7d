/**
 * Server-side apply (`application/apply-patch+yaml`): merges an applier's configuration into the
 * live object with field ownership — conflicts with other managers (409 unless forced), removal
 * of fields the applier stopped declaring when no one else owns them, managedFields updated.
 */
import type { KubeObject, ResourceType } from '../store/types.js';
import { ApiError, type ApplyConflict } from './errors.js';
import { cloneJson } from './json-clone.js';
import { fieldValues, pathElements, printPath, stableJson, type PathKey } from './fieldset.js';
import { itemKey, listSemantics } from './list-keys.js';
import { decodeManagedFields, encodeManagedFields, type ManagerSet } from './managed-fields.js';

/** Options of one apply. */
export interface ApplyOptions {
  manager: string;
  force: boolean;
  apiVersion: string;
  time: string;
  subresource?: string | undefined;
  type?: ResourceType;
}

/** Applies `config` to `live` (undefined = create); returns the merged object with its new managedFields. */
export function serverSideApply(live: KubeObject | undefined, config: unknown, opts: ApplyOptions): KubeObject {
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw ApiError.badRequest('error decoding YAML: the apply configuration must be an object');
  }
  const cfg = cloneJson(config) as KubeObject;
  const kind = opts.type?.kind ?? cfg.kind;
  if (!cfg.apiVersion || !cfg.kind) throw ApiError.badRequest('apiVersion and kind must be set in an apply configuration');
  if (opts.type && cfg.kind !== opts.type.kind) {
    throw ApiError.badRequest(`the kind of the applied object (${cfg.kind}) does not match the requested resource (${opts.type.kind})`);
  }
  cfg.metadata ??= {};
  const liveFields = live ? fieldValues(live, kind) : new Map<PathKey, string>();
  const cfgFields = fieldValues(cfg, kind);
  const sets = decodeManagedFields(live?.metadata.managedFields);
  const sub = opts.subresource ?? '';
  const isMine = (s: ManagerSet) => s.manager === opts.manager && s.operation === 'Apply' && (s.subresource ?? '') === sub;

  const conflicts: ApplyConflict[] = [];
  const conflictPaths = new Set<PathKey>();
  for (const [p, v] of cfgFields) {
    const current = liveFields.get(p);
    // Only values conflict: map and list-item membership markers never do.
    if (current === undefined || current === v || v === '' || v === '{}' || current === '' || current === '{}') continue;
    for (const s of sets) {
      if (isMine(s) || !s.paths.has(p)) continue;
      conflicts.push({ manager: s.manager, operation: s.operation, apiVersion: s.apiVersion, field: printPath(p) });
      conflictPaths.add(p);
    }
  }
  if (conflicts.length && !opts.force) throw ApiError.applyConflict(conflicts);

  const result = (live ? cloneJson(live) : { apiVersion: cfg.apiVersion, kind: cfg.kind, metadata: {} }) as KubeObject;
  const mine = sets.find(isMine);
  if (mine) {
    // Fields the applier declared before but not now go away unless someone else owns them.
    const stale = [...mine.paths].filter((p) => !cfgFields.has(p) && !sets.some((s) => s !== mine && s.paths.has(p)));
    stale.sort((a, b) => b.length - a.length);
    for (const p of stale) removePath(result, pathElements(p), kind);
  }
  const { managedFields: _ignored, ...cfgMeta } = cfg.metadata;
  void _ignored;
  mergeInto(result, { ...cfg, metadata: cfgMeta }, [], kind);
  result.apiVersion = live?.apiVersion ?? cfg.apiVersion;

  const after = fieldValues(result, kind);
  for (const s of sets) {
    if (opts.force) for (const p of conflictPaths) if (!isMine(s)) s.paths.delete(p);
    for (const p of [...s.paths]) if (!after.has(p)) s.paths.delete(p);
  }
  const own: ManagerSet = { manager: opts.manager, operation: 'Apply', apiVersion: opts.apiVersion, time: opts.time, paths: new Set([...cfgFields.keys()].filter((p) => after.has(p))) };
  if (opts.subresource) own.subresource = opts.subresource;
  const idx = sets.findIndex(isMine);
  if (idx >= 0) sets[idx] = own;
  else sets.push(own);
  const encoded = encodeManagedFields(sets);
  if (encoded.length) result.metadata.managedFields = encoded;
  else delete result.metadata.managedFields;
  return result;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Structured merge of `src` into `dst` (maps recurse, keyed lists merge by key, sets union, the rest replaced). */
function mergeInto(dst: Record<string, unknown>, src: Record<string, unknown>, names: string[], kind: string): void {
  for (const [k, v] of Object.entries(src)) {
    if (v === undefined) continue;
    const path = [...names, k];
    const cur = dst[k];
    if (isObj(v) && isObj(cur)) {
      mergeInto(cur, v, path, kind);
    } else if (Array.isArray(v) && Array.isArray(cur)) {
      dst[k] = mergeList(cur, v, path, kind);
    } else {
      dst[k] = cloneJson(v);
    }
  }
}

function mergeList(cur: unknown[], src: unknown[], path: string[], kind: string): unknown[] {
  const sem = listSemantics(path, false, kind);
  if (sem.kind === 'set') {
    const out = [...cur];
    for (const v of src) if (!out.some((c) => stableJson(c) === stableJson(v))) out.push(v);
    return out;
  }
  if (sem.kind === 'map') {
    const out = cur.map((c) => cloneJson(c));
    for (const item of src) {
      const key = itemKey(item, sem.keys);
      if (!key) return cloneJson(src);
      const k = stableJson(key);
      const existing = out.find((c) => stableJson(itemKey(c, sem.keys)) === k);
      if (existing && isObj(existing) && isObj(item)) mergeInto(existing, item, path, kind);
      else out.push(cloneJson(item));
    }
    return out;
  }
  return cloneJson(src);
}

/** Removes the value at a field path (keyed list items and set items included). */
function removePath(obj: Record<string, unknown>, els: string[], kind: string): void {
  let node: unknown = obj;
  const names: string[] = [];
  for (let i = 0; i < els.length; i++) {
    const el = els[i]!;
    const last = i === els.length - 1;
    if (el.startsWith('f:')) {
      if (!isObj(node)) return;
      const name = el.slice(2);
      names.push(name);
      if (last) {
        delete node[name];
        return;
      }
      node = node[name];
    } else if (Array.isArray(node)) {
      const body = el.slice(2);
      let idx = -1;
      if (el.startsWith('k:')) {
        const sem = listSemantics(names, false, kind);
        const keys = sem.kind === 'map' ? sem.keys : Object.keys(JSON.parse(body) as object);
        idx = node.findIndex((it) => stableJson(itemKey(it, keys)) === body);
      } else if (el.startsWith('v:')) idx = node.findIndex((it) => JSON.stringify(it) === body);
      if (idx < 0) return;
      if (last) {
        node.splice(idx, 1);
        return;
      }
      node = node[idx];
    } else return;
  }
}
