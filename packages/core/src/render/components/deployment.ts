import type { KubeObject } from '../kube.js';
import type { AppliedTraits } from '../traits/index.js';
import type { ComponentContext } from './types.js';
import { historyField, replicasField, rollingUpdate, workloadObject } from './workload.js';

const SINGLE_NODE_MODES = ['ReadWriteOnce', 'ReadWriteOncePod'];

/** True when the pod mounts a claim only one node (or pod) can use at a time. */
function usesSingleNodeClaim(applied: AppliedTraits): boolean {
  return applied.additionalObjects.some((object) => {
    if (object.kind !== 'PersistentVolumeClaim') return false;
    const modes = (object.spec as { accessModes?: string[] } | undefined)?.accessModes ?? [];
    return modes.some((mode) => SINGLE_NODE_MODES.includes(mode));
  });
}

/**
 * The Deployment of a webservice or worker: replicas (omitted when autoscaled), the
 * immutable selector, the pod template, and the update strategy: RollingUpdate with the
 * policies' maxSurge/maxUnavailable, except when the pods mount a ReadWriteOnce(Pod) claim,
 * where it is Recreate (a surge pod on another node could never attach the volume and the
 * rollout would hang).
 */
export function deployment(ctx: ComponentContext, applied: AppliedTraits): KubeObject {
  const update = rollingUpdate(ctx.policies);
  const strategy = usesSingleNodeClaim(applied)
    ? { strategy: { type: 'Recreate' } }
    : update
      ? { strategy: { type: 'RollingUpdate', rollingUpdate: update } }
      : {};
  return workloadObject(ctx, 'Deployment', {
    ...replicasField(ctx, applied),
    ...historyField(ctx.policies),
    selector: { matchLabels: ctx.selector },
    ...strategy,
    template: applied.template,
  });
}
