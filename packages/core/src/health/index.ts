/**
 * Health assessment: pure rules that turn live Kubernetes objects into Healthy / Progressing /
 * Degraded / Suspended / Missing / Unknown with a reason, per object, component and application.
 */
export * from './types.js';
export type { LiveObject, Condition } from './object.js';
export { assessObject, hasHealthRules } from './assess.js';
export { assessDeployment, assessStatefulSet, assessDaemonSet, assessReplicaSet } from './workloads.js';
export { assessJob, assessCronJob } from './batch.js';
export { assessPod, FAILING_WAITING_REASONS } from './pod.js';
export { assessService, assessIngress } from './networking.js';
export { assessPersistentVolumeClaim } from './storage.js';
export { assessHorizontalPodAutoscaler } from './autoscaling.js';
export { assessArgoApplication, assessFluxObject } from './gitops.js';
export { assessComponent, assessApplication } from './component.js';
export type { ComponentHealth, ApplicationHealth, ObjectHealth, ClusterEvent } from './component.js';
