import type { Toleration } from '../kube.js';
import type { TraitProcessor } from './types.js';

/**
 * `tolerations`: let pods run on tainted nodes (edge, dedicated or GPU node groups). The
 * operator defaults to Equal when a value is given and to Exists otherwise (a key alone
 * tolerates the taint whatever its value).
 */
export const tolerationsTrait: TraitProcessor<'tolerations'> = {
  name: 'tolerations',
  appliesTo: ['webservice', 'worker', 'store', 'daemon', 'job', 'cronjob'],
  process: (ctx) => ({
    podPatches: {
      tolerations: ctx.data.map((t): Toleration => {
        const out: Toleration = {};
        if (t.key !== undefined) out.key = t.key;
        out.operator = t.operator ?? (t.value !== undefined ? 'Equal' : 'Exists');
        if (t.value !== undefined) out.value = t.value;
        if (t.effect !== undefined) out.effect = t.effect;
        if (t.tolerationSeconds !== undefined) out.tolerationSeconds = t.tolerationSeconds;
        return out;
      }),
    },
  }),
};
