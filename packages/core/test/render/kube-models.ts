import { Application as ArgoApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { HelmRelease as HelmReleaseV2beta2 } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2beta2/HelmRelease';
import { GitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { KubeObject } from '../../src/render/index.js';

type Validate = (object: KubeObject) => void;

function model(Model: new (data: never) => { validate(): void }): Validate {
  return (object) => new Model(object as never).validate();
}

/**
 * The official schema of each `apiVersion/kind` Berth renders. @kubernetes-models/flux-cd 2.x
 * (the last major for Node 20) has no helm.toolkit.fluxcd.io/v2 yet: a v2 HelmRelease is
 * checked against v2beta2, whose spec v2 kept (v2 only removed deprecated fields).
 */
export const KUBE_MODELS: Record<string, Validate> = {
  'v1/ConfigMap': model(ConfigMap),
  'v1/Secret': model(Secret),
  'v1/Service': model(Service),
  'v1/ServiceAccount': model(ServiceAccount),
  'v1/PersistentVolumeClaim': model(PersistentVolumeClaim),
  'apps/v1/Deployment': model(Deployment),
  'apps/v1/StatefulSet': model(StatefulSet),
  'apps/v1/DaemonSet': model(DaemonSet),
  'batch/v1/Job': model(Job),
  'batch/v1/CronJob': model(CronJob),
  'autoscaling/v2/HorizontalPodAutoscaler': model(HorizontalPodAutoscaler),
  'networking.k8s.io/v1/Ingress': model(Ingress),
  'networking.k8s.io/v1/NetworkPolicy': model(NetworkPolicy),
  'policy/v1/PodDisruptionBudget': model(PodDisruptionBudget),
  'rbac.authorization.k8s.io/v1/ClusterRole': model(ClusterRole),
  'rbac.authorization.k8s.io/v1/RoleBinding': model(RoleBinding),
  'argoproj.io/v1alpha1/Application': model(ArgoApplication),
  'source.toolkit.fluxcd.io/v1/GitRepository': model(GitRepository),
  'helm.toolkit.fluxcd.io/v2/HelmRelease': (object) =>
    new HelmReleaseV2beta2({ ...object, apiVersion: 'helm.toolkit.fluxcd.io/v2beta2' } as never).validate(),
};

/** Validate an object against its official schema; throws with the ajv errors, or when the kind is unknown. */
export function validateKubeObject(object: KubeObject): void {
  const validate = KUBE_MODELS[`${object.apiVersion}/${object.kind}`];
  if (!validate) throw new Error(`no schema for ${object.apiVersion}/${object.kind}`);
  try {
    validate(object);
  } catch (error) {
    const details = (error as { errors?: Array<{ instancePath: string; message?: string }> }).errors ?? [];
    const where = `${object.kind} ${object.metadata.name}`;
    throw new Error(
      `${where} is invalid: ${details.map((d) => `${d.instancePath} ${d.message ?? ''}`).join('; ') || String(error)}`,
    );
  }
}
