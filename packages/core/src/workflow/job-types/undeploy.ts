import { z } from 'zod';
import { DEFAULT_BACKOFF, defineJobType } from './definition.js';

/**
 * `undeploy`: remove every object of the application from the run's environment. Internal:
 * Berth plans it itself when an application is deleted; a workflow cannot name it.
 */
export const undeployJobType = defineJobType({
  type: 'undeploy',
  description: 'Delete every object of the application from the environment and wait until they are gone.',
  internal: true,
  properties: z.object({}).strict(),
  defaults: { timeoutMs: 10 * 60_000, retries: 2, backoff: DEFAULT_BACKOFF },
});
