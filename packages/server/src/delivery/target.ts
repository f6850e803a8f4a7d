/**
 * A run's target as delivery sees it: the revision rendered for the environment, the objects
 * of the step's components, and the cluster.
 */
import { render, type KubeObject, type RenderResult } from '@berth/core';
import type { ClusterConnection, ClusterRegistry } from '../kube/cluster-connection.js';
import type { DeliveryTarget } from '../workflow/executor.js';
import type { AppScope } from './live-components.js';

/** Label every namespace Berth creates carries: the workspace that owns it. */
export const WORKSPACE_LABEL = 'berth.dev/workspace';

/** Creates the environment's namespace, labelled with its workspace. */
export type NamespaceProvisioner = (cluster: ClusterConnection, target: DeliveryTarget) => Promise<void>;

/** Default {@link NamespaceProvisioner}: `ensureNamespace` with `berth.dev/workspace=<workspace>`. */
export const labelledNamespace: NamespaceProvisioner = async (cluster, target) => {
  await cluster.ensureNamespace(target.namespace, { [WORKSPACE_LABEL]: target.workspace });
};

/** The target rendered for its environment. */
export function renderTarget(target: DeliveryTarget): RenderResult {
  return render(target.spec, target.environment);
}

/** Where the target's objects live. */
export function scopeOf(target: DeliveryTarget): AppScope {
  return { app: target.application, environment: target.environment, namespace: target.namespace };
}

/** The rendered objects of `names` by component; throws for a component the render lacks. */
export function componentObjects(rendered: RenderResult, names: readonly string[]): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const name of names) {
    const objects = rendered.objectsByComponent[name];
    if (!objects) throw new Error(`component ${name} is not part of this revision in this environment`);
    out.set(name, objects);
  }
  return out;
}

/** The connection to the target's cluster. */
export function clusterOf(clusters: ClusterRegistry, target: DeliveryTarget): Promise<ClusterConnection> {
  return clusters.get(target.cluster);
}

