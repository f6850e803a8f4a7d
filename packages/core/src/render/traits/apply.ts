import { canonicalJson } from '../canonical.js';
import type { Container, KubeObject, PodTemplate } from '../kube.js';
import { deepMerge } from '../merge.js';
import type { TraitResult } from './types.js';

/** A pod template with every trait result applied, and what the traits add around it. */
export interface AppliedTraits {
  template: PodTemplate;
  volumeClaimTemplates: KubeObject[];
  additionalObjects: KubeObject[];
  /** True when a trait (autoscale) owns `spec.replicas`. */
  ownsReplicas: boolean;
}

function withMounts(container: Container, mounts: TraitResult['volumeMounts']): Container {
  const extra = mounts?.[container.name];
  if (!extra || extra.length === 0) return container;
  return { ...container, volumeMounts: [...(container.volumeMounts ?? []), ...extra] };
}

/** The list without later entries equal to an earlier one (a gpu toleration the user also wrote). */
function withoutRepeats<T>(list: readonly T[]): T[] {
  const seen = new Set<string>();
  return list.filter((item) => {
    const key = canonicalJson(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Apply trait results to a pod template, in order, without mutating it (seed 002's
 * applyTraitResultToWorkload): containers, init containers and volumes are appended;
 * mounts go to the container they name; envs, envFrom and container patches go to the
 * main container (`containers[0]`); pod patches merge (nodeSelector, affinity) or append
 * (tolerations, each once).
 */
export function applyTraitResults(base: PodTemplate, results: readonly TraitResult[]): AppliedTraits {
  const spec = { ...base.spec };
  let [main, ...others] = spec.containers;
  let initContainers = [...(spec.initContainers ?? [])];
  const volumes = [...(spec.volumes ?? [])];
  const volumeClaimTemplates: KubeObject[] = [];
  const additionalObjects: KubeObject[] = [];
  let ownsReplicas = false;
  if (!main) throw new Error('a pod template needs a main container');

  for (const result of results) {
    initContainers.push(...(result.initContainers ?? []));
    others.push(...(result.containers ?? []));
    volumes.push(...(result.volumes ?? []));
    volumeClaimTemplates.push(...(result.volumeClaimTemplates ?? []));
    additionalObjects.push(...(result.additionalObjects ?? []));
    ownsReplicas ||= result.ownsReplicas === true;
    if (result.envs?.length) main = { ...main, env: [...(main.env ?? []), ...result.envs] };
    if (result.envFrom?.length) main = { ...main, envFrom: [...(main.envFrom ?? []), ...result.envFrom] };
    const patch = result.containerPatches;
    if (patch) {
      const { resources, ...probes } = patch;
      main = {
        ...main,
        ...probes,
        ...(resources ? { resources: deepMerge(main.resources ?? {}, resources) } : {}),
      };
    }
    const pod = result.podPatches;
    if (pod?.nodeSelector) spec.nodeSelector = { ...spec.nodeSelector, ...pod.nodeSelector };
    if (pod?.tolerations?.length)
      spec.tolerations = withoutRepeats([...(spec.tolerations ?? []), ...pod.tolerations]);
    if (pod?.affinity) spec.affinity = deepMerge(spec.affinity ?? {}, pod.affinity);
    if (result.volumeMounts) {
      main = withMounts(main, result.volumeMounts);
      others = others.map((c) => withMounts(c, result.volumeMounts));
      initContainers = initContainers.map((c) => withMounts(c, result.volumeMounts));
    }
  }
  spec.containers = [main, ...others];
  if (initContainers.length > 0) spec.initContainers = initContainers;
  if (volumes.length > 0) spec.volumes = volumes;
  return {
    template: { metadata: base.metadata, spec },
    volumeClaimTemplates,
    additionalObjects,
    ownsReplicas,
  };
}
