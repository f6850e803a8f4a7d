import { z } from 'zod';
import { DEFAULT_BACKOFF, defineJobType } from './definition.js';
import { componentName } from './common.js';

/** `gpu-precheck`: refuse, with the reason, a component the cluster cannot schedule for lack of GPUs. */
export const gpuPrecheckJobType = defineJobType({
  type: 'gpu-precheck',
  description:
    'Check that some node group can fit the GPU request of a component; refuses (not fails) the run, with the reason, when none can.',
  properties: z.object({ component: componentName }).strict(),
  defaults: { timeoutMs: 60_000, retries: 1, backoff: DEFAULT_BACKOFF },
  check: (properties, context) => {
    const component = context.components.find((candidate) => candidate.name === properties.component);
    if (component === undefined || component.traits?.gpu !== undefined) return [];
    return [
      {
        path: ['component'],
        code: 'no-gpu-request',
        severity: 'warning',
        message: `component \`${component.name}\` requests no GPU (no gpu trait), so this check always passes`,
      },
    ];
  },
});
