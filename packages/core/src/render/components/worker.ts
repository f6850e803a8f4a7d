import { deployment } from './deployment.js';
import type { ComponentRenderer } from './types.js';
import { buildPod } from './workload.js';

/** `worker`: a Deployment and no Service (queue consumers, background processors). */
export const workerRenderer: ComponentRenderer = {
  type: 'worker',
  render: (ctx) => {
    const applied = buildPod(ctx, 'Deployment');
    return [deployment(ctx, applied), ...applied.additionalObjects];
  },
};
