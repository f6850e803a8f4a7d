import type { Policies } from '../../model/schema.js';
import type { ComponentRenderer } from './types.js';
import { buildPod, historyField, rollingUpdate, workloadObject } from './workload.js';

/**
 * The rolling update of a DaemonSet. A DaemonSet defaults maxUnavailable to 1, and the API
 * server refuses both non-zero, so asking for a surge alone means maxUnavailable 0.
 */
function daemonRollingUpdate(policies: Policies): Record<string, number | string> | undefined {
  const update = rollingUpdate(policies);
  const surges =
    policies.maxSurge !== undefined && policies.maxSurge !== 0 && !/^0+%$/.test(String(policies.maxSurge));
  if (update && surges && policies.maxUnavailable === undefined) return { ...update, maxUnavailable: 0 };
  return update;
}

/** `daemon`: a DaemonSet, one pod per matching node (agents, log collectors, edge runtimes). */
export const daemonRenderer: ComponentRenderer = {
  type: 'daemon',
  render: (ctx) => {
    const applied = buildPod(ctx, 'DaemonSet');
    const update = daemonRollingUpdate(ctx.policies);
    const daemonSet = workloadObject(ctx, 'DaemonSet', {
      ...historyField(ctx.policies),
      selector: { matchLabels: ctx.selector },
      ...(update ? { updateStrategy: { type: 'RollingUpdate', rollingUpdate: update } } : {}),
      template: applied.template,
    });
    return [daemonSet, ...applied.additionalObjects];
  },
};
