/**
 * scheduling.k8s.io/v1 PriorityClass: the two system classes the apiserver creates at start
 * (pkg/apis/scheduling `SystemPriorityClasses`) and the lookups the Priority admission needs.
 */
import type { KubeObject, ObjectStore, ResourceRegistry } from '../store/types.js';

/** `HighestUserDefinablePriority`: the largest value a class not named `system-*` may have. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** Names starting with this are reserved for the system classes. */
export const SYSTEM_PRIORITY_CLASS_PREFIX = 'system-';

/** A PriorityClass as the admission reads it. */
export interface PriorityClassInfo {
  name: string;
  value: number;
  globalDefault: boolean;
  preemptionPolicy?: string;
}

const SYSTEM_CLASSES: (PriorityClassInfo & { description: string })[] = [
  {
    name: 'system-node-critical',
    value: 2000001000,
    globalDefault: false,
    preemptionPolicy: 'PreemptLowerPriority',
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    name: 'system-cluster-critical',
    value: 2000000000,
    globalDefault: false,
    preemptionPolicy: 'PreemptLowerPriority',
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

/** The system PriorityClass objects, to create at start. */
export function systemPriorityClasses(): KubeObject[] {
  return SYSTEM_CLASSES.map((c) => ({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: c.name },
    value: c.value,
    globalDefault: c.globalDefault,
    description: c.description,
    preemptionPolicy: c.preemptionPolicy,
  }));
}

/** The system class of that name, if it is one (the apiserver always has them). */
export function systemPriorityClass(name: string): PriorityClassInfo | undefined {
  return SYSTEM_CLASSES.find((c) => c.name === name);
}

/** Reads the fields of a stored PriorityClass. */
export function priorityClassInfo(obj: KubeObject): PriorityClassInfo {
  return {
    name: obj.metadata.name ?? '',
    value: typeof obj.value === 'number' ? obj.value : 0,
    globalDefault: obj.globalDefault === true,
    preemptionPolicy: typeof obj.preemptionPolicy === 'string' ? obj.preemptionPolicy : undefined,
  };
}

/** The PriorityClasses of a store; the system classes when the kind is not served or not seeded. */
export function listPriorityClasses(registry: ResourceRegistry, store: ObjectStore | undefined): PriorityClassInfo[] {
  const type = registry.byKind('scheduling.k8s.io/v1', 'PriorityClass');
  const stored = type && store ? store.list(type).items.map(priorityClassInfo) : [];
  const missing = SYSTEM_CLASSES.filter((s) => !stored.some((c) => c.name === s.name));
  return [...stored, ...missing];
}

/** The global default class: with several (a race), the one with the lowest value, as the plugin picks. */
export function defaultPriorityClass(classes: PriorityClassInfo[]): PriorityClassInfo | undefined {
  let found: PriorityClassInfo | undefined;
  for (const c of classes) if (c.globalDefault && (!found || c.value < found.value)) found = c;
  return found;
}
