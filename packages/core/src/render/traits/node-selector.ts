import type { TraitProcessor } from './types.js';

/** `nodeSelector`: pin pods to nodes with these labels (a node group, an edge site). */
export const nodeSelectorTrait: TraitProcessor<'nodeSelector'> = {
  name: 'nodeSelector',
  appliesTo: ['webservice', 'worker', 'store', 'daemon', 'job', 'cronjob'],
  process: (ctx) => ({ podPatches: { nodeSelector: { ...ctx.data } } }),
};
