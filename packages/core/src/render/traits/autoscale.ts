import type { KubeObject } from '../kube.js';
import type { TraitProcessor } from './types.js';

/** Target CPU utilization when autoscale names no metric (the HPA controller's own default). */
export const DEFAULT_CPU_UTILIZATION = 80;

function utilization(name: 'cpu' | 'memory', averageUtilization: number): Record<string, unknown> {
  return { type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } };
}

/**
 * `autoscale`: an autoscaling/v2 HorizontalPodAutoscaler on CPU and/or memory utilization
 * (CPU 80% when neither is given). The trait owns the replica count: the workload is
 * rendered without `spec.replicas`, otherwise every deploy would reset the count the
 * autoscaler chose (and fight it under server-side apply).
 */
export const autoscaleTrait: TraitProcessor<'autoscale'> = {
  name: 'autoscale',
  appliesTo: ['webservice', 'worker', 'store'],
  process: (ctx) => {
    const { data, workload } = ctx;
    const metrics = [];
    if (data.cpuUtilization !== undefined) metrics.push(utilization('cpu', data.cpuUtilization));
    if (data.memoryUtilization !== undefined) metrics.push(utilization('memory', data.memoryUtilization));
    if (metrics.length === 0) metrics.push(utilization('cpu', DEFAULT_CPU_UTILIZATION));
    const hpa: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: workload.name,
        namespace: ctx.environment.namespace,
        labels: ctx.labels,
        ...(ctx.annotations ? { annotations: ctx.annotations } : {}),
      },
      spec: {
        scaleTargetRef: { apiVersion: workload.apiVersion, kind: workload.kind, name: workload.name },
        minReplicas: Math.min(data.min, data.max),
        maxReplicas: data.max,
        metrics,
      },
    };
    return { additionalObjects: [hpa], ownsReplicas: true };
  },
};
