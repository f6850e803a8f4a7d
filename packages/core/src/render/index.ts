/**
 * The renderer: an application and an environment name in, Kubernetes objects out.
 * Pure and deterministic; see `render`.
 */
export { render, type RenderedComponent, type RenderResult } from './render.js';
export {
  resolveEnvironment,
  DEFAULT_CLUSTER,
  type EnvironmentView,
  type ResolvedEnvironment,
} from './environment.js';
export { RenderError } from './errors.js';
export { resolveRenderOptions, type RenderOptions, type ResolvedRenderOptions } from './options.js';
export { canonicalJson, canonicalObject, toJson, toYaml } from './canonical.js';
export { contentHash, objectKey, setHash, withContentHash } from './hash.js';
export { sha256Hex } from './sha256.js';
export { CONTENT_HASH_ANNOTATION, LABELS, fitName, objectLabels, selectorLabels } from './labels.js';
export { deepMerge } from './merge.js';
export { KIND_ORDER, sortByKind } from './order.js';
export {
  COMPONENT_RENDERERS,
  isNamespaced,
  type ComponentContext,
  type ComponentRenderer,
} from './components/index.js';
export { TRAIT_PROCESSORS, applyTraits } from './traits/index.js';
export type {
  AppliedTraits,
  ContainerPatches,
  PodPatches,
  TraitContext,
  TraitProcessor,
  TraitResult,
  WorkloadKind,
  WorkloadView,
} from './traits/index.js';
export type {
  Container,
  EnvVar,
  KubeObject,
  ObjectMeta,
  PodSpec,
  PodTemplate,
  Volume,
  VolumeMount,
} from './kube.js';
