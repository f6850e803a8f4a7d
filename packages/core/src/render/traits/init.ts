import { concatResults, extraContainerResult } from './extra-container.js';
import type { TraitProcessor } from './types.js';

/** `init`: init containers, run in order to completion before the main container starts. */
export const initTrait: TraitProcessor<'init'> = {
  name: 'init',
  appliesTo: ['webservice', 'worker', 'store', 'daemon', 'job', 'cronjob'],
  process: (ctx) => {
    const built = ctx.data.map((spec) => extraContainerResult(ctx, spec));
    return { ...concatResults(built.map((b) => b.result)), initContainers: built.map((b) => b.container) };
  },
};
