import { z } from 'zod';
import { DEFAULT_BACKOFF, defineJobType } from './definition.js';

const kubernetesObject = z
  .object({
    apiVersion: z.string().min(1),
    kind: z.string().min(1),
    metadata: z.object({ name: z.string().min(1) }).loose(),
  })
  .loose()
  .describe('A Kubernetes object with apiVersion, kind and metadata.name.');

/** `apply`: server-side-apply Kubernetes objects given inline or as YAML. */
export const applyJobType = defineJobType({
  type: 'apply',
  description:
    'Server-side-apply Kubernetes objects, given inline (objects) or as multi-document YAML (manifest).',
  properties: z
    .object({
      objects: z.array(kubernetesObject).min(1).optional().describe('Kubernetes objects to apply.'),
      manifest: z.string().min(1).optional().describe('Kubernetes objects as multi-document YAML.'),
    })
    .strict()
    .superRefine((value, ctx) => {
      const given = [value.objects, value.manifest].filter((part) => part !== undefined).length;
      if (given !== 1)
        ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of `objects` or `manifest`' });
    }),
  defaults: { timeoutMs: 5 * 60_000, retries: 2, backoff: DEFAULT_BACKOFF },
});
