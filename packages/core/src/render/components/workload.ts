import type { Policies } from '../../model/schema.js';
import { RenderError } from '../errors.js';
import type { Container, KubeObject, ObjectMeta, PodTemplate } from '../kube.js';
import { applyTraits, type AppliedTraits, type WorkloadKind } from '../traits/index.js';
import { containerPorts } from '../traits/extra-container.js';
import type { ComponentContext } from './types.js';

/** API version of each workload kind. */
export const WORKLOAD_API_VERSIONS: Record<WorkloadKind, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

/** Object metadata of a component's object: name (the component's by default), namespace, labels, annotations. */
export function objectMeta(ctx: ComponentContext, name = ctx.component.name): ObjectMeta {
  return {
    name,
    namespace: ctx.environment.namespace,
    labels: ctx.labels,
    ...(ctx.annotations ? { annotations: ctx.annotations } : {}),
  };
}

function withPolicies(template: PodTemplate, kind: WorkloadKind, policies: Policies): PodTemplate {
  const pull = policies.imagePullPolicy;
  const setPull = (c: Container): Container => (pull ? { ...c, imagePullPolicy: pull } : c);
  const spec = { ...template.spec, containers: template.spec.containers.map(setPull) };
  if (spec.initContainers) spec.initContainers = spec.initContainers.map(setPull);
  if (policies.imagePullSecrets?.length)
    spec.imagePullSecrets = policies.imagePullSecrets.map((name) => ({ name }));
  if (policies.terminationGracePeriodSeconds !== undefined)
    spec.terminationGracePeriodSeconds = policies.terminationGracePeriodSeconds;
  // Pods of a Job must not restart Always; OnFailure retries in place, Never makes a new pod per retry.
  if (kind === 'Job' || kind === 'CronJob')
    spec.restartPolicy = policies.restartPolicy === 'Never' ? 'Never' : 'OnFailure';
  return { metadata: template.metadata, spec };
}

/**
 * The pod template of a component's workload: the main container (named after the
 * component, with its image, command, args and all its ports), every applicable trait,
 * then the policies (image pull policy and secrets, grace period, job restart policy).
 *
 * @throws RenderError when the component has no image.
 */
export function buildPod(ctx: ComponentContext, kind: WorkloadKind): AppliedTraits {
  const { component } = ctx;
  if (!component.image) {
    throw new RenderError(`component ${component.name} of type ${component.type} needs an image.`, {
      path: `spec.components[${ctx.index}].image`,
      code: 'missing-image',
    });
  }
  const ports = containerPorts(component.ports);
  const main: Container = {
    name: component.name,
    image: component.image,
    ...(component.command ? { command: component.command } : {}),
    ...(component.args ? { args: component.args } : {}),
    ...(ports ? { ports } : {}),
  };
  const base: PodTemplate = {
    metadata: { labels: ctx.labels, ...(ctx.annotations ? { annotations: ctx.annotations } : {}) },
    spec: {
      ...(component.serviceAccountName ? { serviceAccountName: component.serviceAccountName } : {}),
      containers: [main],
    },
  };
  const replicas = component.replicas ?? (kind === 'Deployment' || kind === 'StatefulSet' ? 1 : undefined);
  const applied = applyTraits(
    base,
    {
      app: ctx.app,
      component,
      environment: ctx.environment,
      policies: ctx.policies,
      workload: {
        apiVersion: WORKLOAD_API_VERSIONS[kind],
        kind,
        name: component.name,
        template: base,
        ...(replicas !== undefined ? { replicas } : {}),
      },
      mainContainer: component.name,
      labels: ctx.labels,
      ...(ctx.annotations ? { annotations: ctx.annotations } : {}),
    },
    component.traits,
  );
  return { ...applied, template: withPolicies(applied.template, kind, ctx.policies) };
}

/** `spec.replicas` of a Deployment or StatefulSet: the component's (default 1), or nothing when autoscaled. */
export function replicasField(ctx: ComponentContext, applied: AppliedTraits): { replicas?: number } {
  return applied.ownsReplicas ? {} : { replicas: ctx.component.replicas ?? 1 };
}

/** `revisionHistoryLimit` from the policies, when set. */
export function historyField(policies: Policies): { revisionHistoryLimit?: number } {
  return policies.revisionHistoryLimit !== undefined
    ? { revisionHistoryLimit: policies.revisionHistoryLimit }
    : {};
}

/** The rolling update parameters of the policies, or undefined when neither is set. */
export function rollingUpdate(policies: Policies): Record<string, number | string> | undefined {
  if (policies.maxSurge === undefined && policies.maxUnavailable === undefined) return undefined;
  return {
    ...(policies.maxSurge !== undefined ? { maxSurge: policies.maxSurge } : {}),
    ...(policies.maxUnavailable !== undefined ? { maxUnavailable: policies.maxUnavailable } : {}),
  };
}

/** A workload object of the component: `spec` as given, metadata filled in. */
export function workloadObject(
  ctx: ComponentContext,
  kind: WorkloadKind,
  spec: Record<string, unknown>,
): KubeObject {
  return { apiVersion: WORKLOAD_API_VERSIONS[kind], kind, metadata: objectMeta(ctx), spec };
}
