/**
 * managedFields bookkeeping: decoding and encoding entries, and recording an Update
 * (create / update / patch) — the updater takes the fields it changed, removed fields are
 * dropped from every manager.
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

/** Decodes managedFields (ignoring malformed entries). */
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
  return sets
    .filter((s) => s.paths.size > 0)
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

/**
 * Returns the managedFields of `next` after an Update by `manager` (create when `old` is
 * undefined). Unchanged objects keep their managedFields as they were.
 */
export function recordUpdate(
  old: { metadata?: { managedFields?: unknown[] } } | undefined,
  next: { kind?: string; metadata?: { managedFields?: unknown[] } },
  manager: string,
  apiVersion: string,
  time: string,
  subresource?: string,
): unknown[] {
  const before = old ? fieldValues(old, next.kind) : new Map<PathKey, string>();
  const after = fieldValues(next, next.kind);
  const { changed, removed } = diffFields(before, after);
  const previous = (old?.metadata?.managedFields ?? []) as unknown[];
  if (changed.length === 0 && removed.length === 0) return previous;
  // Sets whose paths stay the same keep their tree: a status update does not re-encode the
  // fields of the object's creator.
  const { sets, trees } = decodeWithTrees(previous);
  let mine = sets.find((s) => s.manager === manager && s.operation === 'Update' && (s.subresource ?? '') === (subresource ?? ''));
  if (!mine) {
    mine = { manager, operation: 'Update', apiVersion, paths: new Set() };
    if (subresource) mine.subresource = subresource;
    sets.push(mine);
  }
  // Every other manager loses the changed and removed fields; the updater takes the changed ones.
  for (const s of sets) {
    if (s === mine) continue;
    for (const p of changed) if (s.paths.delete(p)) trees.delete(s);
    for (const p of removed) if (s.paths.delete(p)) trees.delete(s);
  }
  for (const p of removed) if (mine.paths.delete(p)) trees.delete(mine);
  for (const p of changed) {
    if (mine.paths.has(p)) continue;
    mine.paths.add(p);
    trees.delete(mine);
  }
  mine.time = time;
  mine.apiVersion = apiVersion;
  for (const s of sets) for (const p of s.paths) if (!after.has(p) && s.paths.delete(p)) trees.delete(s);
  return encodeManagedFields(sets, trees);
}
