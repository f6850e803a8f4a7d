import type { Resources } from '../../model/schema.js';
import type { ResourceRequirements } from '../kube.js';
import { quantity } from '../quantity.js';
import type { TraitProcessor } from './types.js';

/**
 * Requests and limits of a container. `cpu`/`memory` are requests; the memory limit
 * defaults to the memory request (a container above its request is the first one the
 * kubelet evicts, so the usual advice is limit = request); CPU stays unlimited unless
 * `limits.cpu` is given, to avoid throttling.
 */
export function toResourceRequirements(resources: Resources): ResourceRequirements {
  const requests: Record<string, string> = {};
  if (resources.cpu !== undefined) requests.cpu = quantity(resources.cpu);
  if (resources.memory !== undefined) requests.memory = quantity(resources.memory);
  const limits: Record<string, string> = {};
  if (resources.limits?.cpu !== undefined) limits.cpu = quantity(resources.limits.cpu);
  const memoryLimit = resources.limits?.memory ?? resources.memory;
  if (memoryLimit !== undefined) limits.memory = quantity(memoryLimit);
  return {
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
  };
}

/** `resources`: requests and limits of the main container. */
export const resourcesTrait: TraitProcessor<'resources'> = {
  name: 'resources',
  appliesTo: ['webservice', 'worker', 'store', 'daemon', 'job', 'cronjob'],
  process: (ctx) => ({ containerPatches: { resources: toResourceRequirements(ctx.data) } }),
};
