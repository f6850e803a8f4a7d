/**
 * The resource registry: built-in types plus the types served by CustomResourceDefinitions,
 * added and removed at runtime as CRDs come and go.
 */
import type { KubeObject, ResourceRegistry, ResourceType } from '../store/types.js';
import { apiVersionOf, builtinResourceTypes } from './builtin.js';

/** A registry that can also serve and withdraw types (CRDs). */
export interface MutableResourceRegistry extends ResourceRegistry {
  /** Add or replace a type (keyed by group/version/resource). */
  add(type: ResourceType): void;
  /** Withdraw a type. */
  remove(group: string, version: string, resource: string): void;
  /** Serve the versions of a CRD (replacing what it served before). Returns the served types. */
  serveCrd(crd: KubeObject): ResourceType[];
  /** Withdraw every type a CRD served. */
  withdrawCrd(crd: KubeObject): void;
  /** Find by resource name, singular or short name, e.g. for `kubectl get po` style lookups. */
  resolve(name: string): ResourceType[];
  /** Every group/version served, with its preferred version first per group. */
  groupVersions(): { group: string; version: string }[];
}

/** Creates a registry holding the built-in kinds of the sandbox. */
export function createResourceRegistry(): MutableResourceRegistry {
  const byGvr = new Map<string, ResourceType>();
  const byGvk = new Map<string, ResourceType>();
  const gvrKey = (g: string, v: string, r: string) => `${g}/${v}/${r}`;
  const gvkKey = (apiVersion: string, kind: string) => `${apiVersion}/${kind}`;
  const crdServed = new Map<string, ResourceType[]>();

  const add = (t: ResourceType): void => {
    byGvr.set(gvrKey(t.group, t.version, t.resource), t);
    byGvk.set(gvkKey(apiVersionOf(t), t.kind), t);
  };
  const remove = (g: string, v: string, r: string): void => {
    const t = byGvr.get(gvrKey(g, v, r));
    if (!t) return;
    byGvr.delete(gvrKey(g, v, r));
    const k = gvkKey(apiVersionOf(t), t.kind);
    if (byGvk.get(k) === t) byGvk.delete(k);
  };
  for (const t of builtinResourceTypes()) add(t);

  const withdrawCrd = (crd: KubeObject): void => {
    const name = crd.metadata.name ?? '';
    for (const t of crdServed.get(name) ?? []) remove(t.group, t.version, t.resource);
    crdServed.delete(name);
  };

  return {
    byResource: (g, v, r) => byGvr.get(gvrKey(g, v, r)),
    byKind: (apiVersion, kind) => byGvk.get(gvkKey(apiVersion, kind)),
    all: () => [...byGvr.values()],
    add,
    remove,
    serveCrd(crd) {
      withdrawCrd(crd);
      const types = crdTypes(crd);
      for (const t of types) add(t);
      crdServed.set(crd.metadata.name ?? '', types);
      return types;
    },
    withdrawCrd,
    resolve(name) {
      const n = name.toLowerCase();
      return [...byGvr.values()].filter(
        (t) => t.resource === n || t.singular === n || (t.shortNames ?? []).includes(n) || t.kind.toLowerCase() === n,
      );
    },
    groupVersions() {
      const seen = new Set<string>();
      const out: { group: string; version: string }[] = [];
      for (const t of byGvr.values()) {
        const k = `${t.group}/${t.version}`;
        if (!seen.has(k)) {
          seen.add(k);
          out.push({ group: t.group, version: t.version });
        }
      }
      return out;
    },
  };
}

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: unknown };
  subresources?: { status?: unknown; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
}

/** The types a CRD serves: one per served version. A CRD without `spec.names` serves nothing. */
export function crdTypes(crd: KubeObject): ResourceType[] {
  const spec = (crd.spec ?? {}) as {
    group?: string;
    scope?: string;
    names?: { plural?: string; singular?: string; kind?: string; shortNames?: string[]; categories?: string[] };
    versions?: CrdVersion[];
  };
  const names = spec.names;
  if (!spec.group || !names?.plural || !names.kind) return [];
  return (spec.versions ?? [])
    .filter((v) => v.served !== false)
    .map((v) => {
      const subresources: string[] = [];
      if (v.subresources?.status !== undefined) subresources.push('status');
      if (v.subresources?.scale !== undefined) subresources.push('scale');
      const t: ResourceType = {
        group: spec.group!,
        version: v.name,
        resource: names.plural!,
        kind: names.kind!,
        namespaced: spec.scope !== 'Cluster',
        singular: names.singular || names.kind!.toLowerCase(),
        shortNames: names.shortNames ?? [],
        verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
        subresources,
        categories: names.categories ?? [],
        defaultPropagationPolicy: 'Background',
        schema: v.schema?.openAPIV3Schema,
      };
      if (v.subresources?.scale) t.scale = v.subresources.scale;
      return t;
    });
}
