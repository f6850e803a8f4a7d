import type { Application, ComponentType } from '../model/schema.js';
import { COMPONENT_RENDERERS } from './components/index.js';
import { resolveEnvironment, type ResolvedEnvironment } from './environment.js';
import { RenderError } from './errors.js';
import { objectKey, setHash, withContentHash } from './hash.js';
import type { KubeObject } from './kube.js';
import { objectAnnotations, objectLabels, selectorLabels, type LabelContext } from './labels.js';
import { resolveRenderOptions, type RenderOptions } from './options.js';
import { sortByKind } from './order.js';

/** The objects of one component, in apply order: what a workflow `deploy` step applies. */
export interface RenderedComponent {
  name: string;
  type: ComponentType;
  dependsOn: string[];
  objects: KubeObject[];
  /** SHA-256 over the component's objects: changes exactly when one of them changes. */
  hash: string;
}

/** Everything one render produces. */
export interface RenderResult {
  environment: ResolvedEnvironment;
  /** All objects: component by component (spec order), each component's in kind order. */
  objects: KubeObject[];
  /** SHA-256 over all objects: the revision of a direct delivery. */
  hash: string;
  /** The objects of each component, by component name. */
  objectsByComponent: Record<string, KubeObject[]>;
  /** The components in spec order, with their objects and hashes. */
  components: RenderedComponent[];
}

/**
 * Render an application for one environment into Kubernetes objects: resolve the
 * environment and apply its overrides, render each component with its traits and the
 * policies, sort each component's objects by kind, and annotate every object with its
 * content hash (`berth.dev/content-hash`). Pure and deterministic: the same input gives
 * byte-identical output (`toYaml`).
 *
 * Workloads, Services and the other objects of a component are named after the component
 * (not prefixed with the application): the environment's namespace belongs to the
 * application, so names only need to be unique inside it, and short names keep DNS names
 * (`web.shop.svc`) readable. Argo CD Applications, which share Argo CD's namespace, are
 * named `<app>-<component>-<env>`.
 *
 * @throws RenderError for an unknown environment, a component missing what its type needs,
 * unparsable manifests, or two objects with the same identity.
 */
export function render(app: Application, environment: string, options?: RenderOptions): RenderResult {
  const view = resolveEnvironment(app, environment);
  const resolvedOptions = resolveRenderOptions(options);
  const seen = new Map<string, string>();
  const components: RenderedComponent[] = view.components.map((component, index) => {
    const labelContext: LabelContext = { app: app.metadata, component, environment: view.environment.name };
    const annotations = objectAnnotations(labelContext);
    const rendered = COMPONENT_RENDERERS[component.type].render({
      app,
      component,
      index,
      environment: view.environment,
      policies: view.policies,
      labels: objectLabels(labelContext),
      selector: selectorLabels(labelContext),
      ...(annotations ? { annotations } : {}),
      options: resolvedOptions,
    });
    const objects = sortByKind(rendered).map(withContentHash);
    for (const object of objects) {
      const key = objectKey(object);
      const owner = seen.get(key);
      if (owner !== undefined) {
        throw new RenderError(
          `components ${owner} and ${component.name} both render ${object.kind} ${object.metadata.name}; rename one of them.`,
          {
            path: `spec.components[${index}]`,
            code: 'duplicate-object',
          },
        );
      }
      seen.set(key, component.name);
    }
    return {
      name: component.name,
      type: component.type,
      dependsOn: component.dependsOn ?? [],
      objects,
      hash: setHash(objects),
    };
  });
  const objects = components.flatMap((component) => component.objects);
  return {
    environment: view.environment,
    objects,
    hash: setHash(objects),
    objectsByComponent: Object.fromEntries(
      components.map((component) => [component.name, component.objects]),
    ),
    components,
  };
}
