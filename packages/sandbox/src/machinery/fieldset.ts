/**
 * Field sets as server-side apply sees them: every leaf of an object identified by a path of
 * `f:<field>`, `k:<json key>` (keyed list item), `v:<json value>` (set item) elements — the
 * building blocks of managedFields' `fieldsV1` format.
 */
import { itemKey, listSemantics } from './list-keys.js';

/** Path elements joined with '\n' (never present in an element: JSON escapes newlines). */
export type PathKey = string;

/** The leaves of an object: path → JSON of the value there ('' for keyed list items). */
export type FieldValues = Map<PathKey, string>;

const SEP = '\n';

/** metadata fields that are tracked; the rest (name, uid, resourceVersion...) belong to the system (the fieldmanager's stripSet). */
const TRACKED_METADATA = new Set(['generateName', 'labels', 'annotations', 'finalizers', 'ownerReferences']);

/** Fields whose value is a map with arbitrary keys: the map itself is a member too (`.`), as in real managedFields. */
const MAP_FIELDS = new Set(['labels', 'annotations', 'data', 'binaryData', 'stringData', 'nodeSelector', 'matchLabels', 'limits', 'requests', 'capacity', 'allocatable', 'parameters']);

/** Collects the leaves of `obj` (apiVersion, kind and system metadata excluded). */
export function fieldValues(obj: unknown, kind?: string): FieldValues {
  const out: FieldValues = new Map();
  if (!obj || typeof obj !== 'object') return out;
  const root = obj as Record<string, unknown>;
  const names: string[] = [];
  for (const k of Object.keys(root)) {
    const v = root[k];
    if (v === undefined || k === 'apiVersion' || k === 'kind') continue;
    if (k === 'metadata') {
      if (!v || typeof v !== 'object') continue;
      const meta = v as Record<string, unknown>;
      for (const mk of Object.keys(meta)) {
        const mv = meta[mk];
        if (mv === undefined || !TRACKED_METADATA.has(mk)) continue;
        names.push('metadata', mk);
        walk(mv, `f:metadata${SEP}f:${mk}`, names, out, kind);
        names.length = 0;
      }
      continue;
    }
    names.push(k);
    walk(v, `f:${k}`, names, out, kind);
    names.length = 0;
  }
  return out;
}

/**
 * Adds the leaves under `value` to `out`. `path` is the key of `value`; `names` its field names
 * from the root (a stack: restored on return).
 */
function walk(value: unknown, path: PathKey, names: string[], out: FieldValues, kind?: string): void {
  if (Array.isArray(value)) {
    const sem = listSemantics(names, false, kind);
    if (sem.kind === 'map') {
      const keys: Record<string, unknown>[] = [];
      for (const item of value) {
        const key = itemKey(item, sem.keys);
        if (key === undefined) break;
        keys.push(key);
      }
      if (keys.length === value.length) {
        for (let i = 0; i < value.length; i++) {
          const item = value[i] as Record<string, unknown>;
          const p = `${path}${SEP}k:${stableJson(keys[i])}`;
          out.set(p, '');
          walkFields(item, p, names, out, kind);
        }
        return;
      }
    } else if (sem.kind === 'set' && value.every((v) => v === null || typeof v !== 'object')) {
      for (const item of value) out.set(`${path}${SEP}v:${JSON.stringify(item)}`, '');
      return;
    }
    out.set(path, JSON.stringify(value));
    return;
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    let empty = true;
    for (const k of Object.keys(o)) {
      if (o[k] !== undefined) {
        empty = false;
        break;
      }
    }
    if (empty) {
      out.set(path, '{}');
      return;
    }
    const last = names[names.length - 1] ?? '';
    if (MAP_FIELDS.has(last) || (last === 'selector' && kind === 'Service')) out.set(path, '');
    walkFields(o, path, names, out, kind);
    return;
  }
  out.set(path, JSON.stringify(value));
}

function walkFields(o: Record<string, unknown>, path: PathKey, names: string[], out: FieldValues, kind?: string): void {
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (v === undefined) continue;
    names.push(k);
    walk(v, `${path}${SEP}f:${k}`, names, out, kind);
    names.pop();
  }
}

/** JSON with object keys sorted (for `k:` elements). */
export function stableJson(v: unknown): string {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Encoded trees by their sorted paths. Objects built from the same template (the pods of a
 * ReplicaSet, the status a kubelet writes) have identical field sets, so one frozen tree serves
 * them all: encoding becomes a lookup and 30,000 pods hold a handful of trees.
 */
const ENCODED = new Map<string, Record<string, unknown>>();
/** Decoded paths of the trees in use (trees are frozen, so a tree always decodes the same). */
const DECODED = new WeakMap<object, PathKey[]>();
/** Trees built by `toFieldsV1` (canonical: re-encoding their paths gives an equal tree). */
const CANONICAL = new WeakSet<object>();
const MAX_ENCODED = 1024;

/**
 * Encodes a set of paths as a fieldsV1 tree: `{"f:spec":{"f:replicas":{}}}`, `.` marking a member
 * with children. The tree is deep-frozen and may be shared: copy it before changing it.
 */
export function toFieldsV1(paths: Iterable<PathKey>): Record<string, unknown> {
  const all = [...new Set(paths)].sort();
  const id = all.join('\u0000');
  const known = ENCODED.get(id);
  if (known) return known;
  const root: Record<string, unknown> = {};
  const memberNodes: Record<string, unknown>[] = [];
  for (const p of all) {
    let node = root;
    for (const el of p.split(SEP)) node = (node[el] ??= {}) as Record<string, unknown>;
    memberNodes.push(node);
  }
  // Mark members that also have children with '.'.
  for (const node of memberNodes) {
    for (const k in node) {
      if (k !== '.') {
        node['.'] = {};
        break;
      }
    }
  }
  const tree = freezeTree(sortTree(root));
  CANONICAL.add(tree);
  if (ENCODED.size >= MAX_ENCODED) ENCODED.clear();
  ENCODED.set(id, tree);
  return tree;
}

function sortTree(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(node).sort((a, b) => (a === '.' ? -1 : b === '.' ? 1 : a < b ? -1 : a > b ? 1 : 0))) {
    out[k] = sortTree(node[k] as Record<string, unknown>);
  }
  return out;
}

function freezeTree(node: Record<string, unknown>): Record<string, unknown> {
  for (const k in node) freezeTree(node[k] as Record<string, unknown>);
  return Object.freeze(node);
}

/** True when `tree` came from `toFieldsV1`, so it can stand for its paths unchanged. */
export function isCanonicalFieldsV1(tree: unknown): boolean {
  return !!tree && typeof tree === 'object' && CANONICAL.has(tree);
}

/** Decodes a fieldsV1 tree into its member paths. */
export function fromFieldsV1(tree: unknown): Set<PathKey> {
  const known = tree && typeof tree === 'object' ? DECODED.get(tree) : undefined;
  if (known) return new Set(known);
  const out = new Set<PathKey>();
  const visit = (node: unknown, path: string[]): void => {
    if (!node || typeof node !== 'object') return;
    const keys = Object.keys(node as object);
    if (path.length && (keys.length === 0 || keys.includes('.'))) out.add(path.join(SEP));
    for (const k of keys) if (k !== '.') visit((node as Record<string, unknown>)[k], [...path, k]);
  };
  visit(tree, []);
  if (tree && typeof tree === 'object' && Object.isFrozen(tree)) DECODED.set(tree, [...out]);
  return out;
}

/** Prints a path as structured-merge-diff does: `.spec.containers[name="web"].image`. */
export function printPath(p: PathKey): string {
  let s = '';
  for (const el of p.split(SEP)) {
    const body = el.slice(2);
    if (el.startsWith('f:')) s += `.${body}`;
    else if (el.startsWith('k:')) {
      const key = JSON.parse(body) as Record<string, unknown>;
      s += `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    } else if (el.startsWith('v:')) s += `[=${body}]`;
    else if (el.startsWith('i:')) s += `[${body}]`;
  }
  return s;
}

/** Splits a path key into elements. */
export function pathElements(p: PathKey): string[] {
  return p.split(SEP);
}

/** Joins path elements into a path key. */
export function pathKey(els: string[]): PathKey {
  return els.join(SEP);
}
