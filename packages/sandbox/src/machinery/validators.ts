/**
 * The OpenAPI schema validators of the built-in kinds (kubernetes-models, ajv), by
 * `apiVersion/kind`.
 */
import { PodDisruptionBudget as PodDisruptionBudget_policy_v1 } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { PriorityClass as PriorityClass_scheduling_k8s_io_v1 } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import { Namespace as Namespace_v1 } from 'kubernetes-models/v1/Namespace';
import { Pod as Pod_v1 } from 'kubernetes-models/v1/Pod';
import { Service as Service_v1 } from 'kubernetes-models/v1/Service';
import { Endpoints as Endpoints_v1 } from 'kubernetes-models/v1/Endpoints';
import { ConfigMap as ConfigMap_v1 } from 'kubernetes-models/v1/ConfigMap';
import { Secret as Secret_v1 } from 'kubernetes-models/v1/Secret';
import { ServiceAccount as ServiceAccount_v1 } from 'kubernetes-models/v1/ServiceAccount';
import { Event as Event_v1 } from 'kubernetes-models/v1/Event';
import { Node as Node_v1 } from 'kubernetes-models/v1/Node';
import { PersistentVolume as PersistentVolume_v1 } from 'kubernetes-models/v1/PersistentVolume';
import { PersistentVolumeClaim as PersistentVolumeClaim_v1 } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { ResourceQuota as ResourceQuota_v1 } from 'kubernetes-models/v1/ResourceQuota';
import { LimitRange as LimitRange_v1 } from 'kubernetes-models/v1/LimitRange';
import { Deployment as Deployment_apps_v1 } from 'kubernetes-models/apps/v1/Deployment';
import { ReplicaSet as ReplicaSet_apps_v1 } from 'kubernetes-models/apps/v1/ReplicaSet';
import { StatefulSet as StatefulSet_apps_v1 } from 'kubernetes-models/apps/v1/StatefulSet';
import { DaemonSet as DaemonSet_apps_v1 } from 'kubernetes-models/apps/v1/DaemonSet';
import { ControllerRevision as ControllerRevision_apps_v1 } from 'kubernetes-models/apps/v1/ControllerRevision';
import { Job as Job_batch_v1 } from 'kubernetes-models/batch/v1/Job';
import { CronJob as CronJob_batch_v1 } from 'kubernetes-models/batch/v1/CronJob';
import { Ingress as Ingress_networking_k8s_io_v1 } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy as NetworkPolicy_networking_k8s_io_v1 } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { IngressClass as IngressClass_networking_k8s_io_v1 } from 'kubernetes-models/networking.k8s.io/v1/IngressClass';
import { Role as Role_rbac_authorization_k8s_io_v1 } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding as RoleBinding_rbac_authorization_k8s_io_v1 } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ClusterRole as ClusterRole_rbac_authorization_k8s_io_v1 } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding as ClusterRoleBinding_rbac_authorization_k8s_io_v1 } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { CustomResourceDefinition as CustomResourceDefinition_apiextensions_k8s_io_v1 } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { Lease as Lease_coordination_k8s_io_v1 } from 'kubernetes-models/coordination.k8s.io/v1/Lease';
import { HorizontalPodAutoscaler as HorizontalPodAutoscaler_autoscaling_v2 } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { StorageClass as StorageClass_storage_k8s_io_v1 } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { Event as Event_events_k8s_io_v1 } from 'kubernetes-models/events.k8s.io/v1/Event';
import { EndpointSlice as EndpointSlice_discovery_k8s_io_v1 } from 'kubernetes-models/discovery.k8s.io/v1/EndpointSlice';
import { SelfSubjectAccessReview as SelfSubjectAccessReview_authorization_k8s_io_v1 } from 'kubernetes-models/authorization.k8s.io/v1/SelfSubjectAccessReview';
import { SubjectAccessReview as SubjectAccessReview_authorization_k8s_io_v1 } from 'kubernetes-models/authorization.k8s.io/v1/SubjectAccessReview';
import { SelfSubjectRulesReview as SelfSubjectRulesReview_authorization_k8s_io_v1 } from 'kubernetes-models/authorization.k8s.io/v1/SelfSubjectRulesReview';
import { LocalSubjectAccessReview as LocalSubjectAccessReview_authorization_k8s_io_v1 } from 'kubernetes-models/authorization.k8s.io/v1/LocalSubjectAccessReview';

/** A kubernetes-models class: `new Cls(data).validate()` throws a ValidationError with ajv `errors`. */
export type ModelConstructor = new (data?: never) => { validate(): void };

/** Validator classes by `apiVersion/kind` (e.g. `apps/v1/Deployment`). */
export const MODEL_VALIDATORS: ReadonlyMap<string, ModelConstructor> = new Map<string, ModelConstructor>([
  ['v1/Namespace', Namespace_v1],
  ['v1/Pod', Pod_v1],
  ['v1/Service', Service_v1],
  ['v1/Endpoints', Endpoints_v1],
  ['v1/ConfigMap', ConfigMap_v1],
  ['v1/Secret', Secret_v1],
  ['v1/ServiceAccount', ServiceAccount_v1],
  ['v1/Event', Event_v1],
  ['v1/Node', Node_v1],
  ['v1/PersistentVolume', PersistentVolume_v1],
  ['v1/PersistentVolumeClaim', PersistentVolumeClaim_v1],
  ['v1/ResourceQuota', ResourceQuota_v1],
  ['v1/LimitRange', LimitRange_v1],
  ['apps/v1/Deployment', Deployment_apps_v1],
  ['apps/v1/ReplicaSet', ReplicaSet_apps_v1],
  ['apps/v1/StatefulSet', StatefulSet_apps_v1],
  ['apps/v1/DaemonSet', DaemonSet_apps_v1],
  ['apps/v1/ControllerRevision', ControllerRevision_apps_v1],
  ['batch/v1/Job', Job_batch_v1],
  ['batch/v1/CronJob', CronJob_batch_v1],
  ['networking.k8s.io/v1/Ingress', Ingress_networking_k8s_io_v1],
  ['networking.k8s.io/v1/NetworkPolicy', NetworkPolicy_networking_k8s_io_v1],
  ['networking.k8s.io/v1/IngressClass', IngressClass_networking_k8s_io_v1],
  ['rbac.authorization.k8s.io/v1/Role', Role_rbac_authorization_k8s_io_v1],
  ['rbac.authorization.k8s.io/v1/RoleBinding', RoleBinding_rbac_authorization_k8s_io_v1],
  ['rbac.authorization.k8s.io/v1/ClusterRole', ClusterRole_rbac_authorization_k8s_io_v1],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', ClusterRoleBinding_rbac_authorization_k8s_io_v1],
  ['apiextensions.k8s.io/v1/CustomResourceDefinition', CustomResourceDefinition_apiextensions_k8s_io_v1],
  ['coordination.k8s.io/v1/Lease', Lease_coordination_k8s_io_v1],
  ['autoscaling/v2/HorizontalPodAutoscaler', HorizontalPodAutoscaler_autoscaling_v2],
  ['policy/v1/PodDisruptionBudget', PodDisruptionBudget_policy_v1],
  ['scheduling.k8s.io/v1/PriorityClass', PriorityClass_scheduling_k8s_io_v1],
  ['storage.k8s.io/v1/StorageClass', StorageClass_storage_k8s_io_v1],
  ['events.k8s.io/v1/Event', Event_events_k8s_io_v1],
  ['discovery.k8s.io/v1/EndpointSlice', EndpointSlice_discovery_k8s_io_v1],
  ['authorization.k8s.io/v1/SelfSubjectAccessReview', SelfSubjectAccessReview_authorization_k8s_io_v1],
  ['authorization.k8s.io/v1/SubjectAccessReview', SubjectAccessReview_authorization_k8s_io_v1],
  ['authorization.k8s.io/v1/SelfSubjectRulesReview', SelfSubjectRulesReview_authorization_k8s_io_v1],
  ['authorization.k8s.io/v1/LocalSubjectAccessReview', LocalSubjectAccessReview_authorization_k8s_io_v1],
] as [string, unknown][] as [string, ModelConstructor][]);
