import { concatResults, extraContainerResult } from './extra-container.js';
import type { TraitProcessor } from './types.js';

/**
 * `sidecar`: containers running beside the main one for the pod's lifetime (proxies, log
 * shippers). In a Job or CronJob a plain sidecar would keep the pod running after the main
 * container finished, so there they become native sidecars: init containers with
 * `restartPolicy: Always` (Kubernetes 1.29+), which the kubelet stops when the job is done.
 */
export const sidecarTrait: TraitProcessor<'sidecar'> = {
  name: 'sidecar',
  appliesTo: ['webservice', 'worker', 'store', 'daemon', 'job', 'cronjob'],
  process: (ctx) => {
    const built = ctx.data.map((spec) => extraContainerResult(ctx, spec));
    const merged = concatResults(built.map((b) => b.result));
    const runsToCompletion = ctx.workload.kind === 'Job' || ctx.workload.kind === 'CronJob';
    if (runsToCompletion)
      return { ...merged, initContainers: built.map((b) => ({ ...b.container, restartPolicy: 'Always' })) };
    return { ...merged, containers: built.map((b) => b.container) };
  },
};
