/**
 * What the HPA controller computes from resource metrics, as the real replica calculator does
 * (pkg/controller/podautoscaler/replica_calculator.go): usage of the target's ready pods from the
 * simulated metrics server, utilization against the pods' requests, `ceil(ready × usage/target)`
 * unless within the 0.1 tolerance; the error texts of each failure.
 */
import { formatBytes, formatCpu, resourceAmount } from '../sim/quantity.js';
import type { KubeObject } from '../store/types.js';
import { isPodReady, podMetrics } from './pod-metrics.js';

/** The HPA controller's `--horizontal-pod-autoscaler-tolerance`. */
export const TOLERANCE = 0.1;

const NO_RESOURCE_METRICS = 'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';
const NO_CUSTOM_METRICS = 'unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered';
const NO_EXTERNAL_METRICS = 'unable to fetch metrics from external metrics API: no external metrics API (external.metrics.k8s.io) registered';

interface MetricTarget {
  type?: string;
  averageUtilization?: number;
  averageValue?: string | number;
}

/** One entry of `spec.metrics`. */
export interface MetricSpec {
  type: string;
  resource?: { name: string; target?: MetricTarget };
  containerResource?: { name: string; container?: string; target?: MetricTarget };
  pods?: { metric?: { name?: string } };
  object?: { metric?: { name?: string } };
  external?: { metric?: { name?: string } };
}

/** Why a metric could not be read: the event reason, the condition error and the wrapped error. */
export interface MetricFailure {
  reason: string;
  error: string;
  wrapped: string;
  /** The pods are starting: worth trying again before the next sync period. */
  transient?: boolean;
}

/** A replica count a metric proposes, its name in condition messages and its `currentMetrics` entry. */
export interface MetricProposal {
  replicas: number;
  name: string;
  status: Record<string, unknown>;
}

/** What the calculator reads: the pods the target selects and its current replica count. */
export interface ReplicaInputs {
  pods: readonly KubeObject[];
  currentReplicas: number;
  namespace: string;
}

/** The proposal of one metric, or why there is none. */
export function computeMetric(m: MetricSpec, inputs: ReplicaInputs): MetricProposal | MetricFailure {
  if ((m.type === 'Resource' && m.resource) || (m.type === 'ContainerResource' && m.containerResource)) {
    const src = (m.type === 'Resource' ? m.resource : m.containerResource)!;
    const container = m.type === 'ContainerResource' ? m.containerResource?.container : undefined;
    const outcome = resourceReplicas(src.name, src.target ?? {}, container, inputs);
    if (typeof outcome === 'object' && 'replicas' in outcome) return { ...outcome, status: currentMetric(m, outcome.status) };
    return resourceFailure(m, outcome.error, outcome.transient);
  }
  return metricFailure(m, inputs.namespace);
}

/** The errors the real controller reports for a metric it cannot fetch from an API that is not served. */
export function metricFailure(m: MetricSpec, namespace: string): MetricFailure {
  switch (m.type) {
    case 'Resource':
    case 'ContainerResource': {
      const name = (m.type === 'Resource' ? m.resource : m.containerResource)?.name ?? 'cpu';
      return resourceFailure(m, `unable to get metrics for resource ${name}: ${NO_RESOURCE_METRICS}`);
    }
    case 'Pods': {
      const error = `unable to get metric ${m.pods?.metric?.name ?? ''}: ${NO_CUSTOM_METRICS}`;
      return { reason: 'FailedGetPodsMetric', error, wrapped: `failed to get pods metric value: ${error}` };
    }
    case 'Object': {
      const error = `unable to get metric ${m.object?.metric?.name ?? ''}: ${NO_CUSTOM_METRICS}`;
      return { reason: 'FailedGetObjectMetric', error, wrapped: `failed to get object metric value: ${error}` };
    }
    case 'External': {
      const name = m.external?.metric?.name ?? '';
      const error = `unable to get external metric ${namespace}/${name}: ${NO_EXTERNAL_METRICS}`;
      return { reason: 'FailedGetExternalMetric', error, wrapped: `failed to get ${name} external metric value: ${error}` };
    }
    default: {
      const error = `unknown metric source type ${JSON.stringify(m.type)}`;
      return { reason: 'InvalidMetricSourceType', error, wrapped: error };
    }
  }
}

function resourceFailure(m: MetricSpec, cause: string, transient = false): MetricFailure {
  const src = m.type === 'Resource' ? m.resource : m.containerResource;
  const name = src?.name ?? 'cpu';
  const what = src?.target?.type === 'AverageValue' ? 'usage' : 'utilization';
  const error = `failed to get ${name} ${what}: ${cause}`;
  const failure: MetricFailure =
    m.type === 'Resource'
      ? { reason: 'FailedGetResourceMetric', error, wrapped: `failed to get ${name} resource metric value: ${error}` }
      : { reason: 'FailedGetContainerResourceMetric', error, wrapped: `failed to get ${name} container metric value: ${error}` };
  return transient ? { ...failure, transient } : failure;
}

type Calculated = { replicas: number; name: string; status: Record<string, unknown> } | { error: string; transient?: boolean };

/** GetResourceReplicas / GetRawResourceReplicas of the real calculator. */
function resourceReplicas(resource: string, target: MetricTarget, container: string | undefined, inputs: ReplicaInputs): Calculated {
  const { pods, currentReplicas } = inputs;
  const running = pods.map((pod) => ({ pod, metrics: podMetrics(pod, resource) })).filter((p) => p.metrics !== undefined);
  if (running.length === 0) return { error: `unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`, transient: true };
  // CPU of pods that are not ready yet is not representative (the CPU initialization period).
  const ready = resource === 'cpu' ? running.filter((p) => isPodReady(p.pod)) : running;
  if (ready.length === 0) return { error: 'did not receive metrics for targeted pods (pods might be unready)', transient: true };
  const selected = (metrics: NonNullable<(typeof running)[number]['metrics']>) => metrics.filter((c) => container === undefined || c.container === container);
  const usage = ready.reduce((sum, p) => sum + selected(p.metrics!).reduce((s, c) => s + c.usage, 0), 0);
  const format = (n: number) => (resource === 'cpu' ? formatCpu(Math.round(n)) : formatBytes(Math.round(n)));

  if (target.type === 'AverageValue') {
    const perPod = resourceAmount(resource, target.averageValue);
    if (!(perPod > 0)) return { error: `invalid averageValue ${JSON.stringify(target.averageValue)}` };
    const ratio = usage / (perPod * ready.length);
    const replicas = Math.abs(1 - ratio) <= TOLERANCE ? currentReplicas : Math.ceil(usage / perPod);
    return { replicas, name: `${resource} resource`, status: { averageValue: format(usage / ready.length) } };
  }

  let requests = 0;
  for (const pod of pods) {
    const containers = ((pod.spec as { containers?: Array<{ name: string; resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } }> })?.containers ?? []);
    for (const c of containers) {
      if (container !== undefined && c.name !== container) continue;
      const raw = (c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource]) as string | number | undefined;
      if (raw === undefined) return { error: `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}` };
    }
  }
  for (const p of ready) requests += selected(p.metrics!).reduce((s, c) => s + (c.request ?? 0), 0);
  if (requests === 0) return { error: 'no metrics returned matched known pods' };
  const utilization = Math.trunc((usage * 100) / requests);
  const wanted = target.averageUtilization ?? 80;
  const ratio = utilization / wanted;
  const replicas = Math.abs(1 - ratio) <= TOLERANCE ? currentReplicas : Math.ceil(ratio * ready.length);
  return {
    replicas,
    name: `${resource} resource utilization (percentage of request)`,
    status: { averageUtilization: utilization, averageValue: format(usage / ready.length) },
  };
}

function currentMetric(m: MetricSpec, current: Record<string, unknown>): Record<string, unknown> {
  return m.type === 'Resource'
    ? { type: 'Resource', resource: { name: m.resource!.name, current } }
    : { type: 'ContainerResource', containerResource: { name: m.containerResource!.name, container: m.containerResource!.container, current } };
}
