import { z } from 'zod';
import { DEFAULT_BACKOFF, defineJobType } from './definition.js';
import { parseDuration } from '../duration.js';
import { durationText } from './common.js';

/** `delay`: wait a fixed time, e.g. to let a canary soak. */
export const delayJobType = defineJobType({
  type: 'delay',
  description: 'Wait a fixed time before the next steps, e.g. 30s or 10m.',
  properties: z.object({ duration: durationText }).strict(),
  defaults: { timeoutMs: 60_000, retries: 0, backoff: DEFAULT_BACKOFF },
  // The delay itself plus a minute of slack, so the timeout never fires before the delay ends.
  timeoutMs: (properties) => (parseDuration(properties.duration) ?? 0) + 60_000,
});
