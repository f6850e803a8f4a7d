import { z } from 'zod';
import { DURATION_PATTERN, parseDuration } from '../duration.js';

/** The name of a component of the application. */
export const componentName = z.string().min(1).describe('The name of a component of this application.');

/** A non-empty list of component names. */
export const componentNames = z.array(componentName).min(1).describe('Components of this application.');

/** A duration property such as `30s`, `10m` or `1h30m`. */
export const durationText = z
  .string()
  .regex(DURATION_PATTERN, { message: 'must be a duration such as 30s, 10m or 1h30m', abort: true })
  .refine((text) => (parseDuration(text) ?? 0) > 0, {
    message: 'must be a duration longer than zero, such as 30s, 10m or 1h30m',
  })
  .describe('A duration such as 30s, 10m or 1h30m.');
