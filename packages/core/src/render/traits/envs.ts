import type { Env } from '../../model/schema.js';
import type { EnvVar } from '../kube.js';
import { quantity } from '../quantity.js';
import type { TraitProcessor } from './types.js';

function keyRef(ref: { name: string; key: string; optional?: boolean | undefined }): Record<string, unknown> {
  return { name: ref.name, key: ref.key, ...(ref.optional !== undefined ? { optional: ref.optional } : {}) };
}

/**
 * One `envs` entry as a container EnvVar: a literal `value`, or `valueFrom` a Secret key
 * (secretKeyRef), a ConfigMap key (configMapKeyRef), a Pod field (fieldRef, apiVersion v1)
 * or a container resource (resourceFieldRef). The first source given wins.
 */
export function toEnvVar(env: Env): EnvVar {
  const from = env.valueFrom;
  if (from?.secret) return { name: env.name, valueFrom: { secretKeyRef: keyRef(from.secret) } };
  if (from?.config) return { name: env.name, valueFrom: { configMapKeyRef: keyRef(from.config) } };
  if (from?.field !== undefined)
    return { name: env.name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: from.field } } };
  if (from?.resource) {
    const divisor = from.resource.divisor !== undefined ? { divisor: quantity(from.resource.divisor) } : {};
    return {
      name: env.name,
      valueFrom: { resourceFieldRef: { resource: from.resource.resource, ...divisor } },
    };
  }
  return { name: env.name, value: env.value ?? '' };
}

/** `envs`: environment variables of the main container. */
export const envsTrait: TraitProcessor<'envs'> = {
  name: 'envs',
  appliesTo: ['webservice', 'worker', 'store', 'daemon', 'job', 'cronjob'],
  process: (ctx) => ({ envs: ctx.data.map(toEnvVar) }),
};
