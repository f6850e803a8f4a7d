import { headlessService } from './service.js';
import type { ComponentRenderer } from './types.js';
import { buildPod, historyField, replicasField, workloadObject } from './workload.js';

/**
 * `store`: a StatefulSet governed by a headless Service of the same name. Persistent
 * storage becomes volumeClaimTemplates, so each replica owns its claim
 * (`<volume>-<component>-<ordinal>`), kept when the StatefulSet scales down or is deleted.
 */
export const storeRenderer: ComponentRenderer = {
  type: 'store',
  render: (ctx) => {
    const applied = buildPod(ctx, 'StatefulSet');
    const statefulSet = workloadObject(ctx, 'StatefulSet', {
      serviceName: ctx.component.name,
      ...replicasField(ctx, applied),
      ...historyField(ctx.policies),
      selector: { matchLabels: ctx.selector },
      template: applied.template,
      ...(applied.volumeClaimTemplates.length > 0
        ? { volumeClaimTemplates: applied.volumeClaimTemplates }
        : {}),
    });
    return [headlessService(ctx), statefulSet, ...applied.additionalObjects];
  },
};
