/** One entry point for any Kubernetes object: pick the rules of its kind. */
import type { AssessOptions, HealthAssessment } from './types.js';
import { groupOf, type LiveObject } from './object.js';
import { assessDaemonSet, assessDeployment, assessReplicaSet, assessStatefulSet } from './workloads.js';
import { assessCronJob, assessJob } from './batch.js';
import { assessPod } from './pod.js';
import { assessIngress, assessService } from './networking.js';
import { assessPersistentVolumeClaim } from './storage.js';
import { assessHorizontalPodAutoscaler } from './autoscaling.js';
import { assessArgoApplication, assessFluxObject } from './gitops.js';

type KindRule = (obj: LiveObject, related: readonly LiveObject[], options: AssessOptions) => HealthAssessment;

/** Rules by `group/Kind` (core group is empty); the version does not matter. */
const RULES: ReadonlyMap<string, KindRule> = new Map<string, KindRule>([
  ['apps/Deployment', (o) => assessDeployment(o)],
  ['apps/StatefulSet', (o) => assessStatefulSet(o)],
  ['apps/DaemonSet', (o) => assessDaemonSet(o)],
  ['apps/ReplicaSet', (o) => assessReplicaSet(o)],
  ['batch/Job', (o) => assessJob(o)],
  ['batch/CronJob', (o, related) => assessCronJob(o, related)],
  ['/Pod', (o, _r, options) => assessPod(o, options)],
  ['/Service', (o) => assessService(o)],
  ['/PersistentVolumeClaim', (o) => assessPersistentVolumeClaim(o)],
  ['networking.k8s.io/Ingress', (o) => assessIngress(o)],
  ['autoscaling/HorizontalPodAutoscaler', (o) => assessHorizontalPodAutoscaler(o)],
  ['argoproj.io/Application', (o) => assessArgoApplication(o)],
  ['kustomize.toolkit.fluxcd.io/Kustomization', (o) => assessFluxObject(o)],
  ['helm.toolkit.fluxcd.io/HelmRelease', (o) => assessFluxObject(o)],
]);

/** True when Berth has kind-specific health rules for this object's kind. */
export function hasHealthRules(apiVersion: string, kind: string): boolean {
  return RULES.has(`${groupOf(apiVersion)}/${kind}`);
}

/**
 * The health of one object as the API server returned it (plain JSON).
 *
 * - `undefined`/`null` (expected but not found) → Missing.
 * - An object being deleted → Progressing, reason `Terminating`.
 * - Kinds with rules (workloads, Job, CronJob, Pod, Service, PVC, Ingress, HPA, Argo CD
 *   Application, Flux Kustomization/HelmRelease) → their rules; anything else → Healthy.
 *
 * `related` gives context some rules use (a CronJob's Jobs).
 */
export function assessObject(
  obj: LiveObject | null | undefined,
  related: readonly LiveObject[] = [],
  options: AssessOptions = {},
): HealthAssessment {
  if (!obj)
    return { status: 'Missing', reason: 'NotFound', message: 'The object does not exist in the cluster' };
  if (obj.metadata?.deletionTimestamp) {
    return {
      status: 'Progressing',
      reason: 'Terminating',
      message: `${obj.kind ?? 'Object'} is being deleted`,
    };
  }
  const rule = RULES.get(`${groupOf(obj.apiVersion)}/${obj.kind ?? ''}`);
  return rule ? rule(obj, related, options) : { status: 'Healthy' };
}
