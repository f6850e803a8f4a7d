/**
 * Legacy (unaggregated) discovery: `/version`, `/api`, `/api/v1`, `/apis`, `/apis/<g>/<v>`,
 * built from the resource registry so served CRDs appear as soon as they are established.
 */
import type { ResourceRegistry, ResourceType } from '../store/types.js';

/** The version the sandbox reports at `/version`. */
export const serverVersion = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T00:00:00Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const standardVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Verbs of a subresource, as the apiserver publishes them. */
const subresourceVerbs: Record<string, string[]> = {
  log: ['get'],
  binding: ['create'],
  eviction: ['create'],
  token: ['create'],
  finalize: ['update'],
};

function apiResources(types: ResourceType[]): unknown[] {
  const out: unknown[] = [];
  for (const t of [...types].sort((a, b) => a.resource.localeCompare(b.resource))) {
    const entry: Record<string, unknown> = {
      name: t.resource,
      singularName: t.singular ?? t.kind.toLowerCase(),
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs ?? standardVerbs,
    };
    if (t.shortNames?.length) entry.shortNames = t.shortNames;
    if (t.categories?.length) entry.categories = t.categories;
    out.push(entry);
    for (const sub of t.subresources ?? []) {
      const subEntry: Record<string, unknown> = {
        name: `${t.resource}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: subresourceVerbs[sub] ?? ['get', 'patch', 'update'],
      };
      if (sub === 'scale') Object.assign(subEntry, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
      if (sub === 'eviction') Object.assign(subEntry, { group: 'policy', version: 'v1', kind: 'Eviction' });
      if (sub === 'binding') subEntry.kind = 'Binding';
      if (sub === 'log') subEntry.kind = 'Pod';
      if (sub === 'token') Object.assign(subEntry, { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' });
      out.push(subEntry);
    }
  }
  return out;
}

/** `/api`: the core group's versions. */
export function coreVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** Group → versions served, in registry order (the first is the preferred version). */
function groupVersions(registry: ResourceRegistry): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const t of registry.all()) {
    if (t.group === '') continue;
    const versions = groups.get(t.group) ?? [];
    if (!versions.includes(t.version)) versions.push(t.version);
    groups.set(t.group, versions);
  }
  return groups;
}

/** One APIGroup document (`/apis/<g>`), or undefined when no version is served. */
export function apiGroup(registry: ResourceRegistry, group: string): unknown {
  const versions = groupVersions(registry).get(group);
  if (!versions) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group, versions) };
}

function groupEntry(name: string, versions: string[]): Record<string, unknown> {
  const sorted = [...versions].sort(compareKubeVersions);
  const gv = sorted.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: gv, preferredVersion: gv[0] };
}

/** Kubernetes version priority: GA > beta > alpha, higher numbers first. */
export function compareKubeVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0];
    const stage = m[2] === 'alpha' ? 2 : m[2] === 'beta' ? 1 : 0;
    return [stage, -Number(m[1]), -Number(m[3] ?? 0)];
  };
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
  return a.localeCompare(b);
}

/** `/apis`: every named group with its versions. */
export function apiGroupList(registry: ResourceRegistry): unknown {
  const groups = [...groupVersions(registry).entries()].map(([name, versions]) => groupEntry(name, versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** `/api/v1` or `/apis/<g>/<v>`: the APIResourceList, or undefined when the group/version is not served. */
export function apiResourceList(registry: ResourceRegistry, group: string, version: string): unknown {
  const types = registry.all().filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: apiResources(types),
  };
}
