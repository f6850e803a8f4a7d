import { z } from 'zod';
import { DEFAULT_BACKOFF, defineJobType } from './definition.js';

/**
 * `finalize`: the last step of a delivery run — prune what the revision no longer renders and
 * record it as deployed. Internal: Berth appends it to every direct-delivery plan (see
 * `withFinalizeStep`), depending on every other step; a workflow cannot name it.
 */
export const finalizeJobType = defineJobType({
  type: 'finalize',
  description:
    'Once every other step succeeded: record the revision as deployed (direct delivery also prunes what it no longer renders; with gitops the agent prunes).',
  internal: true,
  properties: z.object({}).strict(),
  defaults: { timeoutMs: 5 * 60_000, retries: 3, backoff: DEFAULT_BACKOFF },
});
