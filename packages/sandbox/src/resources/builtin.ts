/**
 * The built-in resource types the sandbox serves, with the discovery details the real
 * apiserver publishes (`kubectl api-resources`): short names, verbs, subresources, categories.
 */
import type { ResourceType } from '../store/types.js';

/** Verbs of an ordinary resource. */
export const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const NO_COLLECTION_DELETE = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const CREATE_ONLY = ['create'];

interface Spec {
  kind: string;
  resource: string;
  namespaced?: boolean;
  shortNames?: string[];
  subresources?: string[];
  categories?: string[];
  verbs?: string[];
  defaultPropagationPolicy?: ResourceType['defaultPropagationPolicy'];
}

function group(groupName: string, version: string, specs: Spec[]): ResourceType[] {
  return specs.map((s) => ({
    group: groupName,
    version,
    resource: s.resource,
    kind: s.kind,
    namespaced: s.namespaced ?? true,
    singular: s.kind.toLowerCase(),
    shortNames: s.shortNames ?? [],
    verbs: s.verbs ?? STANDARD_VERBS,
    subresources: s.subresources ?? [],
    categories: s.categories ?? [],
    defaultPropagationPolicy: s.defaultPropagationPolicy ?? 'Background',
  }));
}

/** Every built-in type, in discovery order. */
export function builtinResourceTypes(): ResourceType[] {
  return [
    ...group('', 'v1', [
      { kind: 'Namespace', resource: 'namespaces', namespaced: false, shortNames: ['ns'], subresources: ['status', 'finalize'], verbs: NO_COLLECTION_DELETE },
      { kind: 'Pod', resource: 'pods', shortNames: ['po'], subresources: ['status', 'log', 'binding', 'eviction'], categories: ['all'] },
      { kind: 'Service', resource: 'services', shortNames: ['svc'], subresources: ['status'], categories: ['all'] },
      { kind: 'Endpoints', resource: 'endpoints', shortNames: ['ep'] },
      { kind: 'ConfigMap', resource: 'configmaps', shortNames: ['cm'] },
      { kind: 'Secret', resource: 'secrets' },
      { kind: 'ServiceAccount', resource: 'serviceaccounts', shortNames: ['sa'], subresources: ['token'] },
      { kind: 'Event', resource: 'events', shortNames: ['ev'] },
      { kind: 'Node', resource: 'nodes', namespaced: false, shortNames: ['no'], subresources: ['status'] },
      { kind: 'PersistentVolume', resource: 'persistentvolumes', namespaced: false, shortNames: ['pv'], subresources: ['status'] },
      { kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', shortNames: ['pvc'], subresources: ['status'] },
      { kind: 'ResourceQuota', resource: 'resourcequotas', shortNames: ['quota'], subresources: ['status'] },
      { kind: 'LimitRange', resource: 'limitranges', shortNames: ['limits'] },
    ]),
    ...group('apps', 'v1', [
      { kind: 'Deployment', resource: 'deployments', shortNames: ['deploy'], subresources: ['status', 'scale'], categories: ['all'] },
      { kind: 'ReplicaSet', resource: 'replicasets', shortNames: ['rs'], subresources: ['status', 'scale'], categories: ['all'] },
      { kind: 'StatefulSet', resource: 'statefulsets', shortNames: ['sts'], subresources: ['status', 'scale'], categories: ['all'] },
      { kind: 'DaemonSet', resource: 'daemonsets', shortNames: ['ds'], subresources: ['status'], categories: ['all'] },
      { kind: 'ControllerRevision', resource: 'controllerrevisions' },
    ]),
    ...group('batch', 'v1', [
      // batch/v1 Jobs orphan their pods unless the request says otherwise (job strategy).
      { kind: 'Job', resource: 'jobs', subresources: ['status'], categories: ['all'], defaultPropagationPolicy: 'Orphan' },
      { kind: 'CronJob', resource: 'cronjobs', shortNames: ['cj'], subresources: ['status'], categories: ['all'] },
    ]),
    ...group('networking.k8s.io', 'v1', [
      { kind: 'Ingress', resource: 'ingresses', shortNames: ['ing'], subresources: ['status'] },
      { kind: 'NetworkPolicy', resource: 'networkpolicies', shortNames: ['netpol'] },
      { kind: 'IngressClass', resource: 'ingressclasses', namespaced: false },
    ]),
    ...group('rbac.authorization.k8s.io', 'v1', [
      { kind: 'Role', resource: 'roles' },
      { kind: 'RoleBinding', resource: 'rolebindings' },
      { kind: 'ClusterRole', resource: 'clusterroles', namespaced: false },
      { kind: 'ClusterRoleBinding', resource: 'clusterrolebindings', namespaced: false },
    ]),
    ...group('apiextensions.k8s.io', 'v1', [
      { kind: 'CustomResourceDefinition', resource: 'customresourcedefinitions', namespaced: false, shortNames: ['crd', 'crds'], subresources: ['status'], categories: ['api-extensions'] },
    ]),
    ...group('coordination.k8s.io', 'v1', [{ kind: 'Lease', resource: 'leases' }]),
    ...group('autoscaling', 'v2', [
      { kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers', shortNames: ['hpa'], subresources: ['status'], categories: ['all'] },
    ]),
    ...group('policy', 'v1', [{ kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets', shortNames: ['pdb'], subresources: ['status'] }]),
    ...group('scheduling.k8s.io', 'v1', [{ kind: 'PriorityClass', resource: 'priorityclasses', namespaced: false, shortNames: ['pc'] }]),
    ...group('storage.k8s.io', 'v1', [
      { kind: 'StorageClass', resource: 'storageclasses', namespaced: false, shortNames: ['sc'] },
    ]),
    ...group('events.k8s.io', 'v1', [{ kind: 'Event', resource: 'events', shortNames: ['ev'] }]),
    ...group('discovery.k8s.io', 'v1', [{ kind: 'EndpointSlice', resource: 'endpointslices' }]),
    ...group('authorization.k8s.io', 'v1', [
      { kind: 'SelfSubjectAccessReview', resource: 'selfsubjectaccessreviews', namespaced: false, verbs: CREATE_ONLY },
      { kind: 'SubjectAccessReview', resource: 'subjectaccessreviews', namespaced: false, verbs: CREATE_ONLY },
      { kind: 'SelfSubjectRulesReview', resource: 'selfsubjectrulesreviews', namespaced: false, verbs: CREATE_ONLY },
      { kind: 'LocalSubjectAccessReview', resource: 'localsubjectaccessreviews', verbs: CREATE_ONLY },
    ]),
  ];
}

/** `apiVersion` string of a type: `v1`, `apps/v1`. */
export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}
