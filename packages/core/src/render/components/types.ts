import type { Application, Component, ComponentType, Policies } from '../../model/schema.js';
import type { ResolvedEnvironment } from '../environment.js';
import type { KubeObject } from '../kube.js';
import type { ResolvedRenderOptions } from '../options.js';

/** Everything a component renderer needs; the component has its environment overrides applied. */
export interface ComponentContext {
  app: Application;
  component: Component;
  /** Position of the component in `spec.components`, for error paths. */
  index: number;
  environment: ResolvedEnvironment;
  policies: Policies;
  /** Labels of every object and pod template of the component. */
  labels: Record<string, string>;
  /** The immutable pod selector (application + component). */
  selector: Record<string, string>;
  annotations?: Record<string, string>;
  options: ResolvedRenderOptions;
}

/** Turns one component type into Kubernetes objects. */
export interface ComponentRenderer {
  type: ComponentType;
  render(ctx: ComponentContext): KubeObject[];
}
