/**
 * The apiserver's default admission plugins that change or refuse new objects, run by the store
 * on every create (so pods a controller creates pass them too): ServiceAccount (`default` and the
 * token volume), DefaultTolerationSeconds, Priority (pods and PriorityClasses), DefaultStorageClass, DefaultIngressClass and ResourceQuota. NamespaceLifecycle lives in
 * the store itself.
 */
import { randomBytes } from 'node:crypto';
import { ApiError, type FieldError } from '../machinery/errors.js';
import {
  defaultPriorityClass,
  HIGHEST_USER_DEFINABLE_PRIORITY,
  listPriorityClasses,
  SYSTEM_PRIORITY_CLASS_PREFIX,
  systemPriorityClass,
  type PriorityClassInfo,
} from '../resources/priority-classes.js';
import type { CreateAdmission } from '../store/memory-store.js';
import type { KubeObject, ObjectStore, ResourceRegistry, ResourceType } from '../store/types.js';

/** Outcome of a quota check: refused with the quota's message, or allowed. */
export type QuotaDecision = { allowed: true } | { allowed: false; message: string };

/** What the plugins read; `store` and `checkQuota` may be set after the admission is created. */
export interface AdmissionDeps {
  registry: ResourceRegistry;
  store?: ObjectStore;
  /** ResourceQuota admission (from the simulation's quota controller); absent → no quota. */
  checkQuota?: (namespace: string, object: KubeObject) => QuotaDecision;
}

type Obj = Record<string, unknown>;
interface Toleration {
  key?: string;
  operator?: string;
  effect?: string;
  tolerationSeconds?: number;
}
interface Container {
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const DEFAULT_TOLERATION_SECONDS = 300;
const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

const is = (type: ResourceType, group: string, resource: string): boolean => type.group === group && type.resource === resource;

/** The admission chain for `createObjectStore({ admission })`. */
export function createAdmission(deps: AdmissionDeps): CreateAdmission {
  return {
    mutate(type, obj) {
      if (is(type, '', 'pods')) {
        defaultServiceAccount(obj);
        mountServiceAccountToken(deps, obj);
        addDefaultTolerations(obj);
        setPriority(obj, listPriorityClasses(deps.registry, deps.store));
      }
      if (is(type, '', 'persistentvolumeclaims')) setDefaultStorageClass(deps, obj);
      if (is(type, 'networking.k8s.io', 'ingresses')) setDefaultIngressClass(deps, obj);
    },
    validate(type, obj) {
      if (is(type, 'scheduling.k8s.io', 'priorityclasses')) validatePriorityClass(deps, obj);
      const ns = obj.metadata.namespace;
      if (!type.namespaced || !ns || !deps.checkQuota) return;
      const decision = deps.checkQuota(ns, obj);
      if (!decision.allowed) throw ApiError.forbidden({ group: type.group, name: type.resource }, obj.metadata.name ?? '', decision.message);
    },
  };
}

/** ServiceAccount: a pod without one runs as `default` (`serviceAccount` mirrors it, as v1 conversion does). */
function defaultServiceAccount(pod: KubeObject): void {
  const spec = pod.spec as Obj | undefined;
  if (!spec || typeof spec !== 'object') return;
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  spec.serviceAccount = spec.serviceAccountName;
}

/**
 * Priority (plugin/pkg/admission/priority): a pod naming no class gets the global default class
 * (or priority 0 and `PreemptLowerPriority` without one), a named class its `value` and
 * `preemptionPolicy`; an unknown class, or a `priority`/`preemptionPolicy` in the pod that differs
 * from the class's, is refused with 403 Forbidden.
 */
export function setPriority(pod: KubeObject, classes: PriorityClassInfo[] = listPriorityClasses(EMPTY_REGISTRY, undefined)): void {
  const spec = pod.spec as Obj | undefined;
  if (!spec || typeof spec !== 'object') return;
  const forbidden = (why: string) => ApiError.forbidden({ group: '', name: 'pods' }, pod.metadata.name ?? '', why);
  let priority: number;
  let policy: string | undefined;
  const named = typeof spec.priorityClassName === 'string' ? spec.priorityClassName : '';
  if (!named) {
    const def = defaultPriorityClass(classes);
    priority = def?.value ?? 0;
    policy = def ? def.preemptionPolicy : 'PreemptLowerPriority';
    if (def) spec.priorityClassName = def.name;
  } else {
    const cls = classes.find((c) => c.name === named);
    if (!cls) throw forbidden(`no PriorityClass with name ${named} was found`);
    priority = cls.value;
    policy = cls.preemptionPolicy;
  }
  if (typeof spec.priority === 'number' && spec.priority !== priority) {
    throw forbidden(`the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  spec.priority = priority;
  if (policy !== undefined) {
    if (typeof spec.preemptionPolicy === 'string' && spec.preemptionPolicy !== policy) {
      throw forbidden(`the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`);
    }
    spec.preemptionPolicy = policy;
  }
}

const EMPTY_REGISTRY: ResourceRegistry = { byResource: () => undefined, byKind: () => undefined, all: () => [] };

/**
 * Priority, for PriorityClasses: only one global default (403, as the plugin refuses it), and the
 * create validation of pkg/apis/scheduling (reserved `system-` names, the user-definable maximum).
 */
function validatePriorityClass(deps: AdmissionDeps, pc: KubeObject): void {
  const name = pc.metadata.name ?? '';
  const value = typeof pc.value === 'number' ? pc.value : 0;
  const errors: FieldError[] = [];
  if (name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    const sys = systemPriorityClass(name);
    let why: string | undefined;
    if (!sys) why = `${name} is not a known system priority class`;
    else if (sys.value !== value) why = `value of ${name} PriorityClass must be ${sys.value}`;
    else if (pc.globalDefault === true) why = `globalDefault of ${name} PriorityClass must be false`;
    if (why) {
      errors.push({ reason: 'FieldValueForbidden', field: 'metadata.name', detail: `priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${why}` });
    }
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errors.push({ reason: 'FieldValueForbidden', field: 'value', detail: `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}` });
  }
  if (errors.length) throw ApiError.invalid({ group: 'scheduling.k8s.io', name: 'PriorityClass' }, name, errors);
  if (pc.globalDefault !== true) return;
  const existing = defaultPriorityClass(listPriorityClasses(deps.registry, deps.store));
  if (existing) {
    throw ApiError.forbidden({ group: 'scheduling.k8s.io', name: 'priorityclasses' }, name, `PriorityClass ${existing.name} is already marked as default. Only one default can exist`);
  }
}

/** DefaultTolerationSeconds: tolerate not-ready and unreachable nodes for 300s unless the pod says otherwise. */
export function addDefaultTolerations(pod: KubeObject): void {
  const spec = pod.spec as Obj | undefined;
  if (!spec || typeof spec !== 'object') return;
  const tolerations = (Array.isArray(spec.tolerations) ? spec.tolerations : []) as Toleration[];
  const covers = (key: string) => tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const added: Toleration[] = [];
  for (const key of [NOT_READY, UNREACHABLE]) {
    if (!covers(key)) added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  if (added.length) spec.tolerations = [...tolerations, ...added];
}

/** ServiceAccount: the projected `kube-api-access-*` token volume, mounted in every container. */
function mountServiceAccountToken(deps: AdmissionDeps, pod: KubeObject): void {
  const spec = pod.spec as Obj | undefined;
  if (!spec || typeof spec !== 'object' || spec.automountServiceAccountToken === false) return;
  const saType = deps.registry.byKind('v1', 'ServiceAccount');
  const saName = typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : 'default';
  const sa = saType && deps.store ? deps.store.stored(saType, pod.metadata.namespace, saName) : undefined;
  if (sa?.automountServiceAccountToken === false && spec.automountServiceAccountToken !== true) return;
  const containers = [spec.initContainers, spec.containers].filter(Array.isArray).flat() as Container[];
  if (containers.some((c) => c?.volumeMounts?.some((m) => m.mountPath === TOKEN_MOUNT_PATH))) return;
  const name = `kube-api-access-${suffix()}`;
  const volumes = (Array.isArray(spec.volumes) ? spec.volumes : []) as Obj[];
  spec.volumes = [...volumes, tokenVolume(name)];
  for (const c of containers) {
    if (!c || typeof c !== 'object') continue;
    c.volumeMounts = [...(c.volumeMounts ?? []), { name, readOnly: true, mountPath: TOKEN_MOUNT_PATH }];
  }
}

function tokenVolume(name: string): Obj {
  return {
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
      defaultMode: 420,
    },
  };
}

function suffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(5)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** DefaultIngressClass: an Ingress without `ingressClassName` gets the default IngressClass (the newest when several). */
function setDefaultIngressClass(deps: AdmissionDeps, ingress: KubeObject): void {
  const spec = ingress.spec as Obj | undefined;
  if (!spec || typeof spec !== 'object' || spec.ingressClassName !== undefined) return;
  // The deprecated annotation names a class too: the plugin leaves such an Ingress alone.
  if (ingress.metadata.annotations?.['kubernetes.io/ingress.class'] !== undefined) return;
  const classType = deps.registry.byKind('networking.k8s.io/v1', 'IngressClass');
  if (!classType || !deps.store) return;
  const defaults = deps.store
    .list(classType)
    .items.filter((c) => c.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true')
    .sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)) || String(a.metadata.name).localeCompare(String(b.metadata.name)));
  if (defaults[0]) spec.ingressClassName = defaults[0].metadata.name;
}

/** DefaultStorageClass: a claim without `storageClassName` gets the default class (the newest when several). */
function setDefaultStorageClass(deps: AdmissionDeps, claim: KubeObject): void {
  const spec = claim.spec as Obj | undefined;
  if (!spec || typeof spec !== 'object' || spec.storageClassName !== undefined) return;
  const scType = deps.registry.byKind('storage.k8s.io/v1', 'StorageClass');
  if (!scType || !deps.store) return;
  const defaults = deps.store
    .list(scType)
    .items.filter((c) => DEFAULT_CLASS_ANNOTATIONS.some((a) => c.metadata.annotations?.[a] === 'true'))
    .sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)) || String(a.metadata.name).localeCompare(String(b.metadata.name)));
  if (defaults[0]) spec.storageClassName = defaults[0].metadata.name;
}
