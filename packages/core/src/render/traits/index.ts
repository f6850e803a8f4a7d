import type { TraitName, Traits } from '../../model/schema.js';
import { applyTraitResults, type AppliedTraits } from './apply.js';
import { autoscaleTrait } from './autoscale.js';
import { envFromTrait } from './env-from.js';
import { envsTrait } from './envs.js';
import { gpuTrait } from './gpu.js';
import { ingressTrait } from './ingress.js';
import { initTrait } from './init.js';
import { nodeSelectorTrait } from './node-selector.js';
import { probesTrait } from './probes.js';
import { resourcesTrait } from './resources.js';
import { sidecarTrait } from './sidecar.js';
import { storageTrait } from './storage.js';
import { tolerationsTrait } from './tolerations.js';
import type { TraitContext, TraitProcessor, TraitResult } from './types.js';
import type { PodTemplate } from '../kube.js';

/**
 * Every trait Berth knows, one processor each, in the order they are applied (which fixes
 * the order of volumes, containers and tolerations in the output). The mapped type makes
 * the compiler insist on exactly one processor per trait of the schema: a new trait is one
 * file and one line here.
 */
export const TRAIT_PROCESSORS: { readonly [K in TraitName]: TraitProcessor<K> } = {
  storage: storageTrait,
  envs: envsTrait,
  envFrom: envFromTrait,
  init: initTrait,
  sidecar: sidecarTrait,
  resources: resourcesTrait,
  probes: probesTrait,
  nodeSelector: nodeSelectorTrait,
  tolerations: tolerationsTrait,
  gpu: gpuTrait,
  autoscale: autoscaleTrait,
  ingress: ingressTrait,
};

/**
 * Run every trait the component sets (and that applies to its type) against the base pod
 * template, then apply their results. A trait that does not apply to the component type
 * (autoscale on a daemon, ingress on a worker) is left out; the model validation reports it.
 */
export function applyTraits(
  base: PodTemplate,
  ctx: Omit<TraitContext<unknown>, 'data'>,
  traits: Traits | undefined,
): AppliedTraits {
  const results: TraitResult[] = [];
  for (const name of Object.keys(TRAIT_PROCESSORS) as TraitName[]) {
    const data = traits?.[name];
    const processor = TRAIT_PROCESSORS[name] as TraitProcessor<TraitName>;
    if (data === undefined || !processor.appliesTo.includes(ctx.component.type)) continue;
    results.push(processor.process({ ...ctx, data } as TraitContext<never>));
  }
  return applyTraitResults(base, results);
}

export type { AppliedTraits } from './apply.js';
export type {
  ContainerPatches,
  PodPatches,
  TraitContext,
  TraitProcessor,
  TraitResult,
  WorkloadKind,
  WorkloadView,
} from './types.js';
