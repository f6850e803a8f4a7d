import { z } from 'zod';
import { DEFAULT_BACKOFF, defineJobType } from './definition.js';

/** `rollback`: re-deliver an earlier revision of the application. */
export const rollbackJobType = defineJobType({
  type: 'rollback',
  description: 'Re-deliver an earlier revision of the application to the environment.',
  properties: z
    .object({
      toRevision: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('The revision number to go back to; the previous revision when absent.'),
    })
    .strict(),
  defaults: { timeoutMs: 10 * 60_000, retries: 1, backoff: DEFAULT_BACKOFF },
});
