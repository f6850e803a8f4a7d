import { z } from 'zod';
import { DEFAULT_BACKOFF, defineJobType } from './definition.js';
import { componentNames, durationText } from './common.js';
import { parseDuration } from '../duration.js';

/** `wait-healthy`: wait until components already deployed are healthy. */
export const waitHealthyJobType = defineJobType({
  type: 'wait-healthy',
  description: 'Wait until the listed components are healthy, without changing them.',
  properties: z
    .object({
      components: componentNames,
      timeout: durationText
        .optional()
        .describe('How long to wait; the step timeout when absent (10m by default).'),
    })
    .strict(),
  defaults: { timeoutMs: 10 * 60_000, retries: 0, backoff: DEFAULT_BACKOFF },
  timeoutMs: (properties) =>
    properties.timeout === undefined ? undefined : parseDuration(properties.timeout),
});
