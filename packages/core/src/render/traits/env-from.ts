import type { EnvFromSource } from '../kube.js';
import type { TraitProcessor } from './types.js';

/** `envFrom`: every key of a ConfigMap (configMapRef) or Secret (secretRef) as variables, optionally prefixed. */
export const envFromTrait: TraitProcessor<'envFrom'> = {
  name: 'envFrom',
  appliesTo: ['webservice', 'worker', 'store', 'daemon', 'job', 'cronjob'],
  process: (ctx) => ({
    envFrom: ctx.data.map((source): EnvFromSource => {
      const ref = {
        name: source.sourceName,
        ...(source.optional !== undefined ? { optional: source.optional } : {}),
      };
      return {
        ...(source.type === 'config' ? { configMapRef: ref } : { secretRef: ref }),
        ...(source.prefix ? { prefix: source.prefix } : {}),
      };
    }),
  }),
};
