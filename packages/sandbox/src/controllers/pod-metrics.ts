/**
 * The sandbox's simulated metrics server (in the spirit of KWOK's metrics usage): every running
 * container uses a stable fraction of what it requests — 50 % of its CPU and 60 % of its memory
 * requests by default, or the percentage in the pod annotations
 * `sandbox.berth.dev/cpu-utilization` / `sandbox.berth.dev/memory-utilization` (e.g. `"85"`).
 * The HPA controller reads it where a real one reads `metrics.k8s.io`.
 */
import { resourceAmount } from '../sim/quantity.js';
import type { KubeObject } from '../store/types.js';

/** Pod annotation overriding the CPU usage, in percent of the request. */
export const CPU_UTILIZATION_ANNOTATION = 'sandbox.berth.dev/cpu-utilization';
/** Pod annotation overriding the memory usage, in percent of the request. */
export const MEMORY_UTILIZATION_ANNOTATION = 'sandbox.berth.dev/memory-utilization';
/** Usage in percent of the request when no annotation says otherwise. */
export const DEFAULT_UTILIZATION: Readonly<Record<string, number>> = { cpu: 50, memory: 60 };

/** What a container requests and uses of one resource (millicores for cpu, bytes otherwise). */
export interface ContainerMetric {
  container: string;
  /** Undefined when the container requests none of the resource. */
  request: number | undefined;
  usage: number;
}

interface Container {
  name: string;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
}

/** A container without a request still uses something: 10m of CPU, 16Mi of memory. */
const BASELINE: Readonly<Record<string, number>> = { cpu: 10, memory: 16 * 2 ** 20 };

/** The percentage of its requests a pod's containers use of `resource`. */
export function utilizationOf(pod: KubeObject, resource: string): number {
  const annotation = resource === 'cpu' ? CPU_UTILIZATION_ANNOTATION : resource === 'memory' ? MEMORY_UTILIZATION_ANNOTATION : undefined;
  const text = annotation ? pod.metadata.annotations?.[annotation] : undefined;
  const value = text === undefined ? NaN : Number(text);
  return Number.isFinite(value) && value >= 0 ? value : (DEFAULT_UTILIZATION[resource] ?? 50);
}

/**
 * The metrics of a pod's app containers for `resource` (what `metrics.k8s.io` PodMetrics holds),
 * or undefined when the pod has none (not running, or being deleted).
 */
export function podMetrics(pod: KubeObject, resource: string): ContainerMetric[] | undefined {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase !== 'Running' || pod.metadata.deletionTimestamp) return undefined;
  const percent = utilizationOf(pod, resource);
  const containers = ((pod.spec as { containers?: Container[] } | undefined)?.containers ?? []);
  return containers.map((c) => {
    const raw = c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource];
    const request = raw === undefined ? undefined : resourceAmount(resource, raw);
    const usage = Math.round(((request ?? 0) * percent) / 100) || (request === undefined ? (BASELINE[resource] ?? 0) : 0);
    return { container: c.name, request, usage };
  });
}

/** True when the pod counts as ready for the HPA (its Ready condition is True). */
export function isPodReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}
