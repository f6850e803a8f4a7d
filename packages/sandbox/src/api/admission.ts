/**
 * The apiserver's default admission plugins that change or refuse new objects, run by the store
 * on every create (so pods a controller creates pass them too): ServiceAccount (`default` and the
 * token volume), DefaultTolerationSeconds, Priority, DefaultStorageClass, DefaultIngressClass and ResourceQuota. NamespaceLifecycle lives in
 * the store itself.
 */
import { randomBytes } from 'node:crypto';
import { ApiError } from '../machinery/errors.js';
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
        setPriority(obj);
      }
      if (is(type, '', 'persistentvolumeclaims')) setDefaultStorageClass(deps, obj);
      if (is(type, 'networking.k8s.io', 'ingresses')) setDefaultIngressClass(deps, obj);
    },
    validate(type, obj) {
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

/** The built-in priority classes (scheduling.k8s.io); the sandbox serves no PriorityClass objects. */
const SYSTEM_PRIORITIES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

/**
 * Priority: without `priorityClassName` (and no global default class) a pod gets priority 0 and
 * `preemptionPolicy: PreemptLowerPriority`; the system classes their values. Other class names
 * are left as they are (no PriorityClass objects to resolve them).
 */
export function setPriority(pod: KubeObject): void {
  const spec = pod.spec as Obj | undefined;
  if (!spec || typeof spec !== 'object') return;
  const cls = spec.priorityClassName;
  const value = !cls ? 0 : typeof cls === 'string' ? SYSTEM_PRIORITIES[cls] : undefined;
  if (value === undefined) return;
  if (spec.priority === undefined) spec.priority = value;
  if (spec.preemptionPolicy === undefined) spec.preemptionPolicy = 'PreemptLowerPriority';
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
