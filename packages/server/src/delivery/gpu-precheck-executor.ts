/**
 * `gpu-precheck`: refuses — not fails — a step the cluster cannot schedule for lack of GPUs,
 * saying which node groups have how many free. Reads nodes and the pods bound to them.
 */
import type { KubeObject } from '@berth/core';
import type { StepExecutor } from '../workflow/executor.js';
import { fitGpus, podGpuRequest, type Toleration } from './gpu-fit.js';
import type { DeliveryDeps } from './rollout.js';
import { clusterOf, componentObjects, renderTarget } from './target.js';

const RESOURCES = { nvidia: 'nvidia.com/gpu', amd: 'amd.com/gpu', intel: 'gpu.intel.com/i915' } as const;

/** The pod spec of a component's workload (template of a Deployment, StatefulSet, DaemonSet, Job, CronJob). */
export function workloadPodSpec(objects: readonly KubeObject[]): Record<string, unknown> | undefined {
  for (const o of objects) {
    const spec = o.spec as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking JSON
    const pod = spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
    if (pod) return pod as Record<string, unknown>;
  }
  return undefined;
}

/** The `gpu-precheck` executor. */
export function gpuPrecheckExecutor(deps: Pick<DeliveryDeps, 'clusters'>): StepExecutor {
  return {
    type: 'gpu-precheck',
    async execute(ctx) {
      const name = String(ctx.properties.component);
      const component = ctx.target.spec.spec.components.find((c) => c.name === name);
      const resource = RESOURCES[component?.traits?.gpu?.vendor ?? 'nvidia'];
      const podSpec = workloadPodSpec(componentObjects(renderTarget(ctx.target), [name]).get(name) ?? []);
      const perPod = podGpuRequest(podSpec, resource);
      if (perPod <= 0) return { status: 'succeeded', message: `${name} requests no ${resource}` };
      const cluster = await clusterOf(deps.clusters, ctx.target);
      const [nodes, pods] = await Promise.all([cluster.listNodes(), cluster.list({ apiVersion: 'v1', kind: 'Pod' })]);
      const fit = fitGpus(
        {
          resource,
          perPod,
          nodeSelector: podSpec?.nodeSelector as Record<string, string> | undefined,
          tolerations: podSpec?.tolerations as Toleration[] | undefined,
        },
        nodes,
        pods.items,
      );
      if (!fit.fits) return { status: 'refused', reason: fit.summary };
      return { status: 'succeeded', message: fit.summary, output: { groups: fit.groups } };
    },
  };
}
