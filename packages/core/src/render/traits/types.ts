import type {
  Application,
  Component,
  ComponentType,
  Policies,
  TraitName,
  Traits,
} from '../../model/schema.js';
import type { ResolvedEnvironment } from '../environment.js';
import type {
  Container,
  EnvFromSource,
  EnvVar,
  KubeObject,
  PodTemplate,
  ResourceRequirements,
  Toleration,
  Volume,
  VolumeMount,
} from '../kube.js';

/** The workload kinds a component renders to. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';

/** The workload being built, as trait processors see it (read-only). */
export interface WorkloadView {
  apiVersion: string;
  kind: WorkloadKind;
  name: string;
  /** Replicas the component asks for (webservice, worker, store); undefined otherwise. */
  replicas?: number;
  /** The pod template before traits; the main container is `containers[0]`. */
  template: Readonly<PodTemplate>;
}

/**
 * What a trait processor receives (seed 002's TraitContext): the component, the workload it
 * contributes to, and the trait's own settings in `data`, exactly as the user wrote them.
 */
export interface TraitContext<T> {
  app: Application;
  component: Component;
  environment: ResolvedEnvironment;
  policies: Policies;
  workload: WorkloadView;
  /** Name of the main container (the component name). */
  mainContainer: string;
  /** Labels every object of the component carries; use them on additional objects. */
  labels: Record<string, string>;
  /** Annotations every object of the component carries, if any. */
  annotations?: Record<string, string>;
  data: T;
}

/** Changes to the pod spec outside the containers. */
export interface PodPatches {
  /** Merged into `nodeSelector` (later traits win on a clash). */
  nodeSelector?: Record<string, string>;
  /** Appended to `tolerations`. */
  tolerations?: Toleration[];
  /** Merged deeply into `affinity`. */
  affinity?: Record<string, unknown>;
}

/** Changes to the main container. */
export interface ContainerPatches {
  /** Merged deeply into `resources` (so resources and gpu combine). */
  resources?: ResourceRequirements;
  livenessProbe?: Record<string, unknown>;
  readinessProbe?: Record<string, unknown>;
  startupProbe?: Record<string, unknown>;
}

/**
 * What a trait processor returns (seed 002's TraitResult). Every field is optional; the
 * renderer applies them all in one place (`applyTraitResults`), in table order.
 */
export interface TraitResult {
  initContainers?: Container[];
  /** Containers appended after the main one (sidecars). */
  containers?: Container[];
  volumes?: Volume[];
  /** Mounts keyed by container name (main, init or sidecar). */
  volumeMounts?: Record<string, VolumeMount[]>;
  /** Environment variables appended to the main container. */
  envs?: EnvVar[];
  /** `envFrom` sources appended to the main container. */
  envFrom?: EnvFromSource[];
  podPatches?: PodPatches;
  containerPatches?: ContainerPatches;
  /** StatefulSet only: claims created per replica instead of shared PVCs. */
  volumeClaimTemplates?: KubeObject[];
  /** Objects created beside the workload (PVC, Ingress, HPA...). */
  additionalObjects?: KubeObject[];
  /**
   * The trait owns `spec.replicas` (autoscale): the workload is rendered without it, so
   * re-applying the rendered objects never resets the count an autoscaler chose.
   */
  ownsReplicas?: boolean;
}

/** One trait: its name in `traits`, the component types it applies to, and its processor. */
export interface TraitProcessor<K extends TraitName> {
  name: K;
  /** Component types this trait means something for; others ignore it. */
  appliesTo: readonly ComponentType[];
  process(ctx: TraitContext<NonNullable<Traits[K]>>): TraitResult;
}
