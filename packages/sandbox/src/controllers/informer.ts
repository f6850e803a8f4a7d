/**
 * Shared informers for the simulated controllers: one store subscription feeds an in-memory,
 * indexed copy of each watched resource type, so controllers read from memory (O(1) lookups by
 * key or index) instead of listing the store on every reconcile.
 */
import type { KubeObject, ObjectStore, ResourceType, StoreEvent, WatchEventType } from '../store/types.js';

/** `namespace/name` (or `name` for cluster-scoped objects). */
export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name ?? ''}` : (obj.metadata.name ?? '');
}

/** Splits an {@link objectKey} into namespace (undefined when cluster-scoped) and name. */
export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: undefined, name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

function typeId(t: ResourceType): string {
  return `${t.group}/${t.resource}`;
}

/** Called after the cache has applied a change; `old` is the previous copy (undefined on ADDED). */
export type ChangeHandler = (type: WatchEventType, obj: KubeObject, old: KubeObject | undefined) => void;

/** An indexed in-memory copy of one resource type. */
export class Informer {
  readonly type: ResourceType;
  private readonly items = new Map<string, KubeObject>();
  private readonly indexers = new Map<string, (obj: KubeObject) => string[]>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();
  private readonly handlers: ChangeHandler[] = [];

  constructor(type: ResourceType) {
    this.type = type;
    this.addIndex('namespace', (o) => (o.metadata.namespace ? [o.metadata.namespace] : []));
    this.addIndex('owner', (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid));
  }

  /** Adds an index: `fn` returns the index values of an object. */
  addIndex(name: string, fn: (obj: KubeObject) => string[]): void {
    if (this.indexers.has(name)) return;
    this.indexers.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.indexes.set(name, index);
    for (const [key, obj] of this.items) for (const v of fn(obj)) addTo(index, v, key);
  }

  onChange(handler: ChangeHandler): void {
    this.handlers.push(handler);
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  getByKey(key: string): KubeObject | undefined {
    return this.items.get(key);
  }

  /** Every object, or those of one namespace. */
  list(namespace?: string): KubeObject[] {
    if (namespace === undefined) return [...this.items.values()];
    return this.byIndex('namespace', namespace);
  }

  /** Objects whose index `name` contains `value`. */
  byIndex(name: string, value: string): KubeObject[] {
    const keys = this.indexes.get(name)?.get(value);
    if (!keys) return [];
    const out: KubeObject[] = [];
    for (const k of keys) {
      const o = this.items.get(k);
      if (o) out.push(o);
    }
    return out;
  }

  /** Number of objects whose index `name` contains `value`. */
  countByIndex(name: string, value: string): number {
    return this.indexes.get(name)?.get(value)?.size ?? 0;
  }

  size(): number {
    return this.items.size;
  }

  /** Applies a change from the store; returns false when it was stale (older resourceVersion). */
  apply(type: WatchEventType, obj: KubeObject): void {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    if (type === 'DELETED') this.items.delete(key);
    else {
      this.items.set(key, obj);
      this.index(key, obj);
    }
    for (const h of this.handlers) h(type, obj, old);
  }

  private index(key: string, obj: KubeObject): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indexes.get(name)!;
      for (const v of fn(obj)) addTo(index, v, key);
    }
  }

  private unindex(key: string, obj: KubeObject): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indexes.get(name)!;
      for (const v of fn(obj)) {
        const set = index.get(v);
        if (!set) continue;
        set.delete(key);
        if (set.size === 0) index.delete(v);
      }
    }
  }
}

function addTo(index: Map<string, Set<string>>, value: string, key: string): void {
  let set = index.get(value);
  if (!set) index.set(value, (set = new Set()));
  set.add(key);
}

/** One store subscription shared by the informers of every resource type the controllers use. */
export class InformerSet {
  private readonly informers = new Map<string, Informer>();
  private readonly unsubscribe: () => void;

  constructor(private readonly store: ObjectStore) {
    this.unsubscribe = store.subscribe((e: StoreEvent) => this.informers.get(typeId(e.resource))?.apply(e.type, e.object));
  }

  /** The informer of `type`, filled from the store on first use. */
  for(type: ResourceType): Informer {
    const id = typeId(type);
    let inf = this.informers.get(id);
    if (!inf) {
      inf = new Informer(type);
      this.informers.set(id, inf);
      for (const obj of this.store.list(type).items) inf.apply('ADDED', obj);
    }
    return inf;
  }

  stop(): void {
    this.unsubscribe();
  }
}
