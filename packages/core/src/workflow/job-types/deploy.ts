import { z } from 'zod';
import { DEFAULT_BACKOFF, defineJobType } from './definition.js';
import { componentNames } from './common.js';

/** `deploy`: apply the rendered objects of some components and wait until they are healthy. */
export const deployJobType = defineJobType({
  type: 'deploy',
  description:
    'Apply the rendered objects of the listed components to the environment and wait until they are healthy.',
  properties: z
    .object({
      components: componentNames,
      wait: z.boolean().optional().describe('Wait for the components to become healthy. Defaults to true.'),
    })
    .strict(),
  defaults: { timeoutMs: 10 * 60_000, retries: 2, backoff: DEFAULT_BACKOFF },
});
