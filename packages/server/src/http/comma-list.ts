import { z } from 'zod';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function partsOf(text: string): string[] {
  return [...new Set(text.split(',').map((part) => part.trim()).filter((part) => part !== ''))];
}

/**
 * A query parameter holding one value or a comma-separated list of `values` (matched without
 * regard to case), parsed into the distinct canonical values. A wrong value fails validation
 * on the parameter itself, with a message that lists the allowed ones.
 *
 * @example
 * z.object({ state: enumListSchema(['running', 'failed']) }) // ?state=failed,running → ['failed', 'running']
 */
export function enumListSchema<const T extends readonly [string, ...string[]]>(values: T) {
  const byLower = new Map(values.map((v) => [v.toLowerCase(), v] as const));
  return z
    .string()
    .max(500)
    .transform((text, ctx) => {
      const parts = partsOf(text);
      const unknown = parts.filter((part) => !byLower.has(part.toLowerCase()));
      if (parts.length === 0 || unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `must be one or a comma-separated list of ${values.join(', ')}${unknown.length > 0 ? ` (not ${unknown.join(', ')})` : ''}`,
        });
        return z.NEVER;
      }
      return [...new Set(parts.map((part) => byLower.get(part.toLowerCase())!))] as Array<T[number]>;
    })
    .describe(`One or a comma-separated list of: ${values.join(', ')}`);
}

/** A query parameter holding one or a comma-separated list of DNS labels (workspace names, …), at most 100. */
export function nameListSchema() {
  return z
    .string()
    .max(6400)
    .transform((text, ctx) => {
      const parts = partsOf(text);
      const bad = parts.filter((part) => part.length > 63 || !DNS_LABEL.test(part));
      if (parts.length === 0 || parts.length > 100 || bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `must be one or a comma-separated list of at most 100 DNS labels${bad.length > 0 ? ` (not ${bad.slice(0, 5).join(', ')})` : ''}`,
        });
        return z.NEVER;
      }
      return parts;
    })
    .describe('One or a comma-separated list of names');
}
