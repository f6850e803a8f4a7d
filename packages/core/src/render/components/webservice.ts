import { clusterService } from './service.js';
import { deployment } from './deployment.js';
import type { ComponentRenderer } from './types.js';
import { buildPod } from './workload.js';

/** `webservice`: a Deployment, plus a ClusterIP Service when a port is exposed (and the trait objects). */
export const webserviceRenderer: ComponentRenderer = {
  type: 'webservice',
  render: (ctx) => {
    const applied = buildPod(ctx, 'Deployment');
    const service = clusterService(ctx);
    return [...(service ? [service] : []), deployment(ctx, applied), ...applied.additionalObjects];
  },
};
