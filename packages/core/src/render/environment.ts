import type { Application, Component, Environment, Policies } from '../model/schema.js';
import { RenderError } from './errors.js';
import { deepMerge } from './merge.js';

/** The environment a render targets, with every default filled in. */
export interface ResolvedEnvironment {
  name: string;
  cluster: string;
  namespace: string;
  delivery: 'direct' | 'gitops';
  /** GitOps settings of the environment, when declared. */
  gitops?: NonNullable<Environment['gitops']>;
  /** True when the application declares no environments and this one was implied. */
  implicit: boolean;
}

/** An application as seen from one environment: overrides applied. */
export interface EnvironmentView {
  environment: ResolvedEnvironment;
  components: Component[];
  policies: Policies;
}

/** The cluster name of the implicit environment of an application without environments. */
export const DEFAULT_CLUSTER = 'default';

/**
 * Find `environmentName` in `spec.environments` and apply its overrides.
 *
 * Overrides merge deeply: objects merge key by key (an override of
 * `traits.resources.memory` keeps `traits.resources.cpu`), while arrays replace the base
 * array whole (an override of `traits.storage` is the new list of volumes, not an addition).
 * `policies` of the environment merge over the application policies the same way.
 *
 * An application that declares no environments has one implicit environment of any name,
 * deployed into the namespace named after the application on the `default` cluster.
 *
 * @throws RenderError when environments are declared and none has this name, or when an
 * override names a component that does not exist.
 */
export function resolveEnvironment(app: Application, environmentName: string): EnvironmentView {
  const declared = app.spec.environments ?? [];
  const components = app.spec.components;
  const policies = app.spec.policies ?? {};
  if (declared.length === 0) {
    return {
      environment: {
        name: environmentName,
        cluster: DEFAULT_CLUSTER,
        namespace: app.metadata.name,
        delivery: 'direct',
        implicit: true,
      },
      components,
      policies,
    };
  }
  const index = declared.findIndex((env) => env.name === environmentName);
  const found = declared[index];
  if (!found) {
    const names = declared.map((env) => env.name).join(', ');
    throw new RenderError(
      `application ${app.metadata.name} has no environment "${environmentName}"; declared environments: ${names}.`,
      {
        path: 'spec.environments',
        code: 'unknown-environment',
      },
    );
  }
  const overrides = found.overrides?.components ?? {};
  for (const name of Object.keys(overrides).sort()) {
    if (!components.some((component) => component.name === name)) {
      throw new RenderError(
        `environment ${found.name} overrides component "${name}", which the application does not declare; components: ${components.map((c) => c.name).join(', ')}.`,
        { path: `spec.environments[${index}].overrides.components.${name}`, code: 'unknown-component' },
      );
    }
  }
  return {
    environment: {
      name: found.name,
      cluster: found.cluster,
      namespace: found.namespace,
      delivery: found.delivery ?? 'direct',
      ...(found.gitops ? { gitops: found.gitops } : {}),
      implicit: false,
    },
    components: components.map((component) => deepMerge(component, overrides[component.name])),
    policies: deepMerge(policies, found.overrides?.policies),
  };
}
