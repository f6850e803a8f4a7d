import { z } from 'zod';
import { DEFAULT_BACKOFF, defineJobType } from './definition.js';

/** `approval`: suspend the run until a person approves or rejects. */
export const approvalJobType = defineJobType({
  type: 'approval',
  description: 'Suspend the run until a person approves (the run goes on) or rejects (the run fails).',
  properties: z
    .object({
      approvers: z
        .array(z.string().min(1))
        .min(1)
        .optional()
        .describe('Users who may decide; anyone allowed to deploy the application when absent.'),
      message: z.string().optional().describe('What the approvers are asked.'),
    })
    .strict(),
  defaults: { timeoutMs: 24 * 3_600_000, retries: 0, backoff: DEFAULT_BACKOFF },
});
