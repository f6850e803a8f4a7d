/**
 * How lists merge, per field, as declared in the Kubernetes types: `patchMergeKey` /
 * `patchStrategy` for strategic merge patch and `listType` / `listMapKeys` for server-side
 * apply. Lists not listed here are atomic (replaced as a whole).
 */

/** How a list merges. */
export type ListSemantics = { kind: 'map'; keys: string[] } | { kind: 'set' } | { kind: 'atomic' };

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/**
 * Semantics of the list at `path` (field names from the object root, list indices omitted),
 * e.g. ['spec','template','spec','containers'] → map keyed by name.
 * `forPatch` selects strategic-merge keys, which differ slightly from apply keys (single key).
 */
export function listSemantics(path: readonly string[], forPatch = false, kind?: string): ListSemantics {
  const field = path[path.length - 1] ?? '';
  const parent = path[path.length - 2] ?? '';
  if (path.length === 2 && path[0] === 'metadata') {
    if (field === 'finalizers') return { kind: 'set' };
    if (field === 'ownerReferences') return { kind: 'map', keys: ['uid'] };
    if (field === 'managedFields') return { kind: 'atomic' };
  }
  if (CONTAINER_LISTS.has(field)) return { kind: 'map', keys: ['name'] };
  if (field === 'ports') {
    if (CONTAINER_LISTS.has(parent)) return { kind: 'map', keys: forPatch ? ['containerPort'] : ['containerPort', 'protocol'] };
    if (kind === 'Service' || (path.length === 2 && path[0] === 'spec')) {
      return { kind: 'map', keys: forPatch ? ['port'] : ['port', 'protocol'] };
    }
    return { kind: 'atomic' };
  }
  switch (field) {
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
    case 'schedulingGates':
      return { kind: 'map', keys: ['name'] };
    case 'volumeMounts':
      return { kind: 'map', keys: ['mountPath'] };
    case 'volumeDevices':
      return { kind: 'map', keys: ['devicePath'] };
    case 'hostAliases':
      return { kind: 'map', keys: ['ip'] };
    case 'topologySpreadConstraints':
      return { kind: 'map', keys: forPatch ? ['topologyKey'] : ['topologyKey', 'whenUnsatisfiable'] };
    case 'conditions':
      return parent === 'status' ? { kind: 'map', keys: ['type'] } : { kind: 'atomic' };
    case 'taints':
      return kind === 'Node' && !forPatch ? { kind: 'atomic' } : { kind: 'atomic' };
    default:
      return { kind: 'atomic' };
  }
}

/** The identity of a keyed list item, e.g. `{"name":"web"}`, or undefined when a key is missing. */
export function itemKey(item: unknown, keys: string[]): Record<string, unknown> | undefined {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (item as Record<string, unknown>)[k];
    if (v === undefined) {
      // Ports default their protocol to TCP.
      if (k === 'protocol') {
        out[k] = 'TCP';
        continue;
      }
      return undefined;
    }
    out[k] = v;
  }
  return out;
}
