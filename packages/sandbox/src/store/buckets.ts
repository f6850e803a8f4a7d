/**
 * Indexed storage of one resource (group + plural): objects by namespace and name, plus a label
 * index (`key=value` → names) and a node-name index for pods, so selective lists stay fast with
 * tens of thousands of objects.
 */
import type { KubeObject } from './types.js';
import type { LabelSelector, FieldSelector } from '../machinery/selectors.js';

/** Where an object lives: `namespace` is '' for cluster-scoped objects. */
export interface ObjectRef {
  namespace: string;
  name: string;
}

/** The objects of one resource. Stored objects are frozen. */
export class Bucket {
  private readonly byNamespace = new Map<string, Map<string, KubeObject>>();
  /** label key → label value → set of `namespace/name`. */
  private readonly labels = new Map<string, Map<string, Set<string>>>();
  /** spec.nodeName → set of `namespace/name` (only used for pods but cheap for all). */
  private readonly nodes = new Map<string, Set<string>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  /** Inserts or replaces an object. */
  put(obj: KubeObject): void {
    const ns = obj.metadata.namespace ?? '';
    const name = obj.metadata.name!;
    let m = this.byNamespace.get(ns);
    if (!m) {
      m = new Map();
      this.byNamespace.set(ns, m);
    }
    const old = m.get(name);
    if (old) this.unindex(old);
    else this.count++;
    m.set(name, obj);
    this.index(obj);
  }

  remove(namespace: string, name: string): KubeObject | undefined {
    const m = this.byNamespace.get(namespace);
    const old = m?.get(name);
    if (!m || !old) return undefined;
    m.delete(name);
    if (m.size === 0) this.byNamespace.delete(namespace);
    this.unindex(old);
    this.count--;
    return old;
  }

  /** How many objects a namespace holds. */
  countIn(namespace: string): number {
    return this.byNamespace.get(namespace)?.size ?? 0;
  }

  /** Namespaces holding at least one object. */
  namespaces(): string[] {
    return [...this.byNamespace.keys()];
  }

  /** Objects of a namespace (all namespaces when undefined), filtered, sorted by namespace then name. */
  list(namespace: string | undefined, labelSel?: LabelSelector, fieldSel?: FieldSelector): KubeObject[] {
    const candidates = this.candidates(namespace, labelSel, fieldSel);
    const out: KubeObject[] = [];
    for (const obj of candidates) {
      if (labelSel && !labelSel.empty && !labelSel.matches(obj.metadata.labels)) continue;
      if (fieldSel && !fieldSel.empty && !fieldSel.matches(obj)) continue;
      out.push(obj);
    }
    out.sort(byKey);
    return out;
  }

  /** Every object (unsorted). */
  *all(): IterableIterator<KubeObject> {
    for (const m of this.byNamespace.values()) yield* m.values();
  }

  private *candidates(namespace: string | undefined, labelSel?: LabelSelector, fieldSel?: FieldSelector): Iterable<KubeObject> {
    const nsName = fieldSel?.exactValue('metadata.namespace');
    const ns = namespace ?? nsName;
    const name = fieldSel?.exactValue('metadata.name');
    if (name !== undefined) {
      if (ns !== undefined) {
        const o = this.get(ns, name);
        if (o) yield o;
        return;
      }
    }
    // Pick the smallest index-backed key set available.
    let keys: Set<string> | undefined;
    const node = fieldSel?.exactValue('spec.nodeName');
    if (node !== undefined) keys = this.nodes.get(node) ?? new Set();
    for (const r of labelSel?.requirements ?? []) {
      if (r.operator !== '=' && r.operator !== '==' && r.operator !== 'in' && r.operator !== 'exists') continue;
      const byValue = this.labels.get(r.key);
      let set: Set<string>;
      if (!byValue) set = new Set();
      else if (r.operator === 'exists') {
        if (byValue.size > 1) continue;
        set = [...byValue.values()][0] ?? new Set();
      } else if (r.values.length === 1) set = byValue.get(r.values[0]!) ?? new Set();
      else {
        set = new Set();
        for (const v of r.values) for (const k of byValue.get(v) ?? []) set.add(k);
      }
      if (!keys || set.size < keys.size) keys = set;
    }
    if (keys) {
      for (const k of keys) {
        const i = k.indexOf('/');
        const kns = k.slice(0, i);
        if (ns !== undefined && kns !== ns) continue;
        const o = this.get(kns, k.slice(i + 1));
        if (o) yield o;
      }
      return;
    }
    if (ns !== undefined) {
      const m = this.byNamespace.get(ns);
      if (m) yield* m.values();
      return;
    }
    yield* this.all();
  }

  private index(obj: KubeObject): void {
    const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
      let byValue = this.labels.get(k);
      if (!byValue) {
        byValue = new Map();
        this.labels.set(k, byValue);
      }
      let set = byValue.get(v);
      if (!set) {
        set = new Set();
        byValue.set(v, set);
      }
      set.add(key);
    }
    const node = (obj.spec as { nodeName?: unknown } | undefined)?.nodeName;
    const nodeKey = typeof node === 'string' ? node : '';
    let set = this.nodes.get(nodeKey);
    if (!set) {
      set = new Set();
      this.nodes.set(nodeKey, set);
    }
    set.add(key);
  }

  private unindex(obj: KubeObject): void {
    const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
      const byValue = this.labels.get(k);
      const set = byValue?.get(v);
      if (!byValue || !set) continue;
      set.delete(key);
      if (set.size === 0) byValue.delete(v);
      if (byValue.size === 0) this.labels.delete(k);
    }
    const node = (obj.spec as { nodeName?: unknown } | undefined)?.nodeName;
    const nodeKey = typeof node === 'string' ? node : '';
    const set = this.nodes.get(nodeKey);
    if (set) {
      set.delete(key);
      if (set.size === 0) this.nodes.delete(nodeKey);
    }
  }
}

function byKey(a: KubeObject, b: KubeObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  const a1 = a.metadata.name ?? '';
  const b1 = b.metadata.name ?? '';
  return a1 < b1 ? -1 : a1 > b1 ? 1 : 0;
}

/** Deep-freezes a JSON value in place and returns it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
