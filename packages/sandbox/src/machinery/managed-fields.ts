/**
 * managedFields bookkeeping as the apiserver's fieldmanager does it: entries keyed by manager,
 * operation, subresource (and, for updaters, apiVersion); encoding sorted like
 * `sortEncodedManagedFields`; recording an Update (create / update / patch), where the updater
 * takes the fields it changed (its time moves only then), removed fields are dropped from every
 * manager, and more than ten Update entries are merged into `ancient-changes`.
 */
import { fieldValues, fromFieldsV1, isCanonicalFieldsV1, toFieldsV1, type FieldValues, type PathKey } from './fieldset.js';

/** A `metadata.managedFields[]` entry. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** An entry with its paths decoded. */
export interface ManagerSet {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  paths: Set<PathKey>;
}

/** Decodes managedFields (ignoring malformed entries): for the live object. */
export function decodeManagedFields(raw: unknown): ManagerSet[] {
  return decodeWithTrees(raw).sets;
}

/** Decodes managedFields, remembering which sets came from a canonical tree (see `encodeManagedFields`). */
function decodeWithTrees(raw: unknown): { sets: ManagerSet[]; trees: Map<ManagerSet, Record<string, unknown>> } {
  const sets: ManagerSet[] = [];
  const trees = new Map<ManagerSet, Record<string, unknown>>();
  if (!Array.isArray(raw)) return { sets, trees };
  for (const e of raw as Partial<ManagedFieldsEntry>[]) {
    if (!e || typeof e !== 'object' || typeof e.manager !== 'string') continue;
    const m: ManagerSet = {
      manager: e.manager,
      operation: e.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: e.apiVersion ?? '',
      paths: fromFieldsV1(e.fieldsV1),
    };
    if (e.time) m.time = e.time;
    if (e.subresource) m.subresource = e.subresource;
    sets.push(m);
    if (isCanonicalFieldsV1(e.fieldsV1)) trees.set(m, e.fieldsV1!);
  }
  return { sets, trees };
}

/**
 * Encodes manager sets, dropping empty ones. `unchanged` maps sets whose paths are exactly those
 * of a canonical tree to that tree, which is reused instead of encoded again.
 */
export function encodeManagedFields(sets: ManagerSet[], unchanged?: Map<ManagerSet, Record<string, unknown>>): ManagedFieldsEntry[] {
  return sortManagerSets(sets.filter((s) => s.paths.size > 0))
    .map((s) => {
      const e: ManagedFieldsEntry = {
        manager: s.manager,
        operation: s.operation,
        apiVersion: s.apiVersion,
        fieldsType: 'FieldsV1',
        fieldsV1: unchanged?.get(s) ?? toFieldsV1(s.paths),
      };
      if (s.time) e.time = s.time;
      if (s.subresource) e.subresource = s.subresource;
      return orderEntry(e);
    });
}

function orderEntry(e: ManagedFieldsEntry): ManagedFieldsEntry {
  const out: ManagedFieldsEntry = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion } as ManagedFieldsEntry;
  if (e.time) out.time = e.time;
  out.fieldsType = e.fieldsType;
  out.fieldsV1 = e.fieldsV1;
  if (e.subresource) out.subresource = e.subresource;
  return out;
}

/** Paths whose value differs between two field maps (present in `next`), and paths gone from `next`. */
export function diffFields(old: FieldValues, next: FieldValues): { changed: PathKey[]; removed: PathKey[] } {
  const changed: PathKey[] = [];
  const removed: PathKey[] = [];
  for (const [p, v] of next) if (old.get(p) !== v) changed.push(p);
  for (const p of old.keys()) if (!next.has(p)) removed.push(p);
  return { changed, removed };
}

/** For writes that bypass field management (a pod's binding, written to storage directly): the managedFields stay. */
export function keepManagedFields(old: { metadata?: { managedFields?: unknown[] } }): unknown[] {
  return old.metadata?.managedFields ?? [];
}

/** Who wrote an entry: manager, operation, subresource and — for updaters only — apiVersion (`BuildManagerIdentifier`). */
export interface ManagerIdentity {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string | undefined;
}

/** True when `s` is the entry of `who`: appliers keep one entry across versions, updaters one per version. */
export function isManager(s: ManagerSet, who: ManagerIdentity): boolean {
  return (
    s.manager === who.manager &&
    s.operation === who.operation &&
    (s.subresource ?? '') === (who.subresource ?? '') &&
    (who.operation === 'Apply' || s.apiVersion === who.apiVersion)
  );
}

/** The identifier string the fieldmanager keys entries by (JSON of manager, operation, apiVersion, subresource). */
function identifier(s: ManagerSet): string {
  const id: Record<string, string> = {};
  if (s.manager) id.manager = s.manager;
  id.operation = s.operation;
  if (s.operation === 'Update' && s.apiVersion) id.apiVersion = s.apiVersion;
  if (s.subresource) id.subresource = s.subresource;
  return JSON.stringify(id);
}

/** Seconds of an entry's time (0 without one), as the sort and the cap compare them. */
function seconds(s: ManagerSet): number {
  const ms = s.time ? Date.parse(s.time) : NaN;
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Orders entries like the apiserver: Apply before Update, then by time, manager, apiVersion, subresource. */
export function sortManagerSets(sets: ManagerSet[]): ManagerSet[] {
  return [...sets].sort(
    (p, q) =>
      compareText(p.operation, q.operation) ||
      seconds(p) - seconds(q) ||
      compareText(p.manager, q.manager) ||
      compareText(p.apiVersion, q.apiVersion) ||
      compareText(p.subresource ?? '', q.subresource ?? ''),
  );
}

/** The fieldmanager's cap on Update entries (`DefaultMaxUpdateManagers`). */
export const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = 'ancient-changes';

/**
 * Merges the oldest Update entries into one `ancient-changes` entry per apiVersion until at most
 * {@link MAX_UPDATE_MANAGERS} remain (`capManagersManager`). Returns the sets that remain; sets it
 * changes lose their entry in `trees`.
 */
function capUpdateManagers(sets: ManagerSet[], trees: Map<ManagerSet, unknown>): ManagerSet[] {
  const updaters = sets.filter((s) => s.operation === 'Update');
  if (updaters.length <= MAX_UPDATE_MANAGERS) return sets;
  updaters.sort((a, b) => seconds(a) - seconds(b) || compareText(identifier(a), identifier(b)));
  const out = new Set(sets);
  const firstOfVersion = new Map<string, ManagerSet>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > MAX_UPDATE_MANAGERS; i++) {
    const s = updaters[i]!;
    const first = firstOfVersion.get(s.apiVersion);
    if (!first) {
      firstOfVersion.set(s.apiVersion, s);
      continue;
    }
    const bucketOf: ManagerIdentity = { manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: s.apiVersion };
    let bucket = [...out].find((b) => isManager(b, bucketOf));
    if (!bucket) {
      // The oldest entry of this version becomes the bucket.
      out.delete(first);
      bucket = { ...bucketOf, paths: new Set(first.paths) };
      out.add(bucket);
    }
    for (const p of s.paths) bucket.paths.add(p);
    trees.delete(bucket);
    // The bucket takes the time of the (more recent) entry merged into it.
    if (s.time) bucket.time = s.time;
    else delete bucket.time;
    out.delete(s);
    length--;
  }
  return [...out];
}

const LIVE = Symbol('live');

/**
 * The managedFields an Update starts from (`decodeLiveOrNew`): through a subresource, always the
 * live object's; otherwise the request's when it carries valid ones (a client editing them), none
 * when it sends `[]` or `[{}]` (a reset), and the live object's when it sends none or invalid ones.
 */
function updateBase(next: { metadata?: { managedFields?: unknown } }, subresource: string | undefined): unknown[] | typeof LIVE {
  if (subresource) return LIVE;
  const given = next.metadata?.managedFields;
  if (!Array.isArray(given)) return LIVE;
  if (given.length === 0) return [];
  if (given.length === 1 && isEmptyEntry(given[0])) return [];
  return given.every(isValidEntry) ? given : LIVE;
}

function isEmptyEntry(e: unknown): boolean {
  return !!e && typeof e === 'object' && !Array.isArray(e) && Object.values(e as object).every((v) => v === undefined || v === null || v === '');
}

/** What `DecodeManagedFields` accepts: Apply or Update, an apiVersion, fieldsType FieldsV1, a fieldsV1 object if any. */
function isValidEntry(e: unknown): boolean {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return false;
  const m = e as Partial<ManagedFieldsEntry>;
  if (m.operation !== 'Apply' && m.operation !== 'Update') return false;
  if (typeof m.apiVersion !== 'string' || m.apiVersion === '') return false;
  if (m.fieldsType !== 'FieldsV1') return false;
  return m.fieldsV1 === undefined || m.fieldsV1 === null || (typeof m.fieldsV1 === 'object' && !Array.isArray(m.fieldsV1));
}

/**
 * Returns the managedFields of `next` after an Update by `manager` (create when `old` is
 * undefined). Unchanged objects keep their managedFields as they were.
 */
export function recordUpdate(
  old: { metadata?: { managedFields?: unknown[] } } | undefined,
  next: { kind?: string; metadata?: { managedFields?: unknown } },
  manager: string,
  apiVersion: string,
  time: string,
  subresource?: string,
): unknown[] {
  const before = old ? fieldValues(old, next.kind) : new Map<PathKey, string>();
  const after = fieldValues(next, next.kind);
  const { changed, removed } = diffFields(before, after);
  const base = updateBase(next, subresource);
  const previous = (base === LIVE ? (old?.metadata?.managedFields ?? []) : base) as unknown[];
  if (changed.length === 0 && removed.length === 0) return base === LIVE ? previous : encodeManagedFields(decodeManagedFields(previous));
  // Sets whose paths stay the same keep their tree: a status update does not re-encode the
  // fields of the object's creator.
  const { sets: decoded, trees } = decodeWithTrees(previous);
  let sets = decoded;
  // Every manager loses the changed and removed fields; the updater takes the changed ones back.
  for (const s of sets) {
    for (const p of changed) if (s.paths.delete(p)) trees.delete(s);
    for (const p of removed) if (s.paths.delete(p)) trees.delete(s);
  }
  if (changed.length > 0) {
    const who: ManagerIdentity = { manager, operation: 'Update', apiVersion, subresource };
    let mine = sets.find((s) => isManager(s, who));
    if (!mine) {
      mine = { manager, operation: 'Update', apiVersion, paths: new Set() };
      if (subresource) mine.subresource = subresource;
      sets.push(mine);
    }
    for (const p of changed) mine.paths.add(p);
    trees.delete(mine);
    // The time moves only when the updater took fields (`managedFieldsUpdater`).
    mine.time = time;
  }
  for (const s of sets) for (const p of s.paths) if (!after.has(p) && s.paths.delete(p)) trees.delete(s);
  sets = capUpdateManagers(sets.filter((s) => s.paths.size > 0), trees);
  return encodeManagedFields(sets, trees);
}
