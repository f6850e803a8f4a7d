import { z } from 'zod';
import { DEFAULT_BACKOFF, defineJobType } from './definition.js';
import { componentName } from './common.js';

/** `job`: run a job component (a Kubernetes Job) to completion, e.g. a schema migration. */
export const jobJobType = defineJobType({
  type: 'job',
  description:
    'Run a job component as a Kubernetes Job and wait until it completes; a failed Job fails the step.',
  properties: z.object({ component: componentName }).strict(),
  appliesTo: ['job'],
  // The Job retries its pods itself (backoffLimit); the step does not retry by default.
  defaults: { timeoutMs: 30 * 60_000, retries: 0, backoff: DEFAULT_BACKOFF },
});
