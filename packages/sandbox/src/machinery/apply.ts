/**
 * Server-side apply (`application/apply-patch+yaml`): merges an applier's configuration into the
 * live object with field ownership — conflicts with other managers (409 unless forced), removal
 * of fields the applier stopped declaring when no one else owns them, managedFields updated (the
 * applier's time only when the object changed), the strategy's reset fields left alone.
 */
import type { KubeObject, ResourceType } from '../store/types.js';
import { ApiError, type ApplyConflict } from './errors.js';
import { cloneJson } from './json-clone.js';
import { fieldValues, pathElements, printPath, stableJson, type PathKey } from './fieldset.js';
import { KUBECTL_MANAGER, lastAppliedFields, syncLastApplied } from './last-applied.js';
import { itemKey, listSemantics } from './list-keys.js';
import { decodeManagedFields, diffFields, encodeManagedFields, isManager, type ManagerIdentity, type ManagerSet } from './managed-fields.js';

/** Options of one apply. */
export interface ApplyOptions {
  manager: string;
  force: boolean;
  apiVersion: string;
  time: string;
  subresource?: string | undefined;
  type?: ResourceType;
  /**
   * Fields the write resets whatever the configuration says (the strategy's reset fields: `status`
   * through the main resource, all but `status` through the status subresource): the applier
   * does not own them and they never conflict.
   */
  ignored?: (p: PathKey) => boolean;
}

/** Values that only mark membership (a map, a keyed list item, an empty object): never in conflict. */
const isMarker = (v: string | undefined): boolean => v === '' || v === '{}';

/** Applies `config` to `live` (undefined = create); returns the merged object with its new managedFields. */
export function serverSideApply(live: KubeObject | undefined, config: unknown, opts: ApplyOptions): KubeObject {
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw ApiError.badRequest('error decoding YAML: the apply configuration must be an object');
  }
  const cfg = cloneJson(config) as KubeObject;
  // The fieldmanager's versionCheckManager: the configuration must be of the resource's exact kind.
  const kind = opts.type?.kind ?? cfg.kind;
  if (opts.type && (cfg.apiVersion !== opts.apiVersion || cfg.kind !== opts.type.kind)) {
    const [group, version] = typeof cfg.apiVersion === 'string' && cfg.apiVersion.includes('/') ? cfg.apiVersion.split('/') : ['', cfg.apiVersion ?? ''];
    throw ApiError.badRequest(`invalid object type: ${group}/${version}, Kind=${cfg.kind ?? ''}`);
  }
  if (!cfg.apiVersion || !cfg.kind) throw ApiError.badRequest('apiVersion and kind must be set in an apply configuration');
  cfg.metadata ??= {};
  if (cfg.metadata.managedFields !== undefined && cfg.metadata.managedFields !== null) {
    throw ApiError.badRequest('metadata.managedFields must be nil');
  }
  const ignored = opts.ignored ?? (() => false);
  const liveFields = live ? fieldValues(live, kind) : new Map<PathKey, string>();
  const cfgFields = fieldValues(cfg, kind);
  const sets = decodeManagedFields(live?.metadata.managedFields);
  const who: ManagerIdentity = { manager: opts.manager, operation: 'Apply', apiVersion: opts.apiVersion, subresource: opts.subresource };
  const isMine = (s: ManagerSet) => isManager(s, who);
  const mine = sets.find(isMine);

  const result = (live ? cloneJson(live) : { apiVersion: cfg.apiVersion, kind: cfg.kind, metadata: {} }) as KubeObject;
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

  // Conflicts: values this apply changes (or adds) that another manager owns.
  const after = fieldValues(result, kind);
  const { changed, removed } = diffFields(liveFields, after);
  const contested = changed.filter((p) => !ignored(p) && !isMarker(after.get(p)) && !isMarker(liveFields.get(p)));
  let conflicts: { path: PathKey; conflict: ApplyConflict }[] = [];
  for (const p of contested) {
    for (const s of sets) {
      if (isMine(s) || !s.paths.has(p)) continue;
      const conflict: ApplyConflict = { manager: s.manager, operation: s.operation, apiVersion: s.apiVersion, field: printPath(p) };
      if (s.subresource) conflict.subresource = s.subresource;
      conflicts.push({ path: p, conflict });
    }
  }
  if (conflicts.length && !opts.force && opts.manager === KUBECTL_MANAGER && live) {
    // Upgrading from client-side apply: fields the last-applied annotation vouches for are taken over.
    const allowed = lastAppliedFields(live, liveFields, kind);
    if (allowed) conflicts = conflicts.filter((c) => !allowed.has(c.path));
  }
  if (conflicts.length && !opts.force) throw ApiError.applyConflict(conflicts.map((c) => c.conflict));

  // Other managers lose what this apply changed or removed (conflicts taken over by force included).
  const lost = [...contested, ...removed.filter((p) => !ignored(p))];
  for (const s of sets) {
    if (isMine(s)) continue;
    for (const p of lost) s.paths.delete(p);
    for (const p of [...s.paths]) if (!after.has(p)) s.paths.delete(p);
  }
  const own: ManagerSet = {
    manager: opts.manager,
    operation: 'Apply',
    apiVersion: opts.apiVersion,
    paths: new Set([...cfgFields.keys()].filter((p) => after.has(p) && !ignored(p))),
  };
  // The time moves only when the apply changed the object (`managedFieldsUpdater`).
  const time = changed.length || removed.length ? opts.time : mine?.time;
  if (time) own.time = time;
  if (opts.subresource) own.subresource = opts.subresource;
  const idx = sets.findIndex(isMine);
  if (idx >= 0) sets[idx] = own;
  else sets.push(own);
  const encoded = encodeManagedFields(sets);
  if (encoded.length) result.metadata.managedFields = encoded;
  else delete result.metadata.managedFields;
  if (opts.manager === KUBECTL_MANAGER) syncLastApplied(result, cfg);
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
