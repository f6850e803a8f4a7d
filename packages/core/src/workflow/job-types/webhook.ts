import { z } from 'zod';
import { DEFAULT_BACKOFF, defineJobType } from './definition.js';

/** A value read from a Kubernetes Secret of the environment's namespace, never written inline. */
export const SecretRefSchema = z
  .object({ secret: z.object({ name: z.string().min(1), key: z.string().min(1) }).strict() })
  .strict()
  .describe('Read the value from a Secret: { secret: { name, key } }.');

/** Header names whose value is a credential: they must come from a Secret. */
const CREDENTIAL_HEADER =
  /^(authorization|proxy-authorization|cookie)$|token|secret|password|passwd|api-?key|signature/i;

/** `webhook`: call an HTTPS endpoint and check its status. */
export const webhookJobType = defineJobType({
  type: 'webhook',
  description:
    'Call an HTTPS endpoint (e.g. notify a chat or trigger a test suite) and check the response status.',
  properties: z
    .object({
      url: z.url({
        protocol: /^https$/,
        error: 'must be an https:// URL, e.g. https://hooks.example.com/deploy',
      }),
      method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional().describe('Defaults to POST.'),
      headers: z
        .record(z.string().min(1), z.union([z.string(), SecretRefSchema]))
        .optional()
        .describe('Request headers; credentials (Authorization, tokens, keys) must come from a Secret.'),
      body: z
        .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
        .optional()
        .describe('A string, or JSON.'),
      expectStatus: z
        .union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1)])
        .optional()
        .describe('Accepted response status(es); any 2xx when absent.'),
    })
    .strict()
    .superRefine((value, ctx) => {
      const url = new URL(value.url);
      if (url.username !== '' || url.password !== '') {
        ctx.addIssue({
          code: 'custom',
          path: ['url'],
          message: 'must not carry a user name or password; send credentials in a header read from a Secret',
        });
      }
      for (const [name, header] of Object.entries(value.headers ?? {})) {
        if (typeof header === 'string' && CREDENTIAL_HEADER.test(name)) {
          ctx.addIssue({
            code: 'custom',
            path: ['headers', name],
            message: `header \`${name}\` carries a credential: do not write it inline, read it from a Secret with { secret: { name, key } }`,
          });
        }
      }
    }),
  defaults: { timeoutMs: 30_000, retries: 3, backoff: DEFAULT_BACKOFF },
});
