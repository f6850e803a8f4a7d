import type { ComponentRenderer } from './types.js';
import { buildPod, historyField, rollingUpdate, workloadObject } from './workload.js';

/** `daemon`: a DaemonSet, one pod per matching node (agents, log collectors, edge runtimes). */
export const daemonRenderer: ComponentRenderer = {
  type: 'daemon',
  render: (ctx) => {
    const applied = buildPod(ctx, 'DaemonSet');
    const update = rollingUpdate(ctx.policies);
    const daemonSet = workloadObject(ctx, 'DaemonSet', {
      ...historyField(ctx.policies),
      selector: { matchLabels: ctx.selector },
      ...(update ? { updateStrategy: { type: 'RollingUpdate', rollingUpdate: update } } : {}),
      template: applied.template,
    });
    return [daemonSet, ...applied.additionalObjects];
  },
};
