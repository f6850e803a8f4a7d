/**
 * What the cluster holds of some components of an application in one environment, found by
 * Berth's labels, and their health per core's rules.
 */
import { assessComponent, LABELS, type ClusterEvent, type ComponentHealth, type KubeObject } from '@berth/core';
import type { ClusterConnection, ObjectKind } from '../kube/cluster-connection.js';
import { isNotFound } from '../kube/errors.js';

/** Which application's objects in which namespace. */
export interface AppScope {
  app: string;
  environment: string;
  namespace: string;
}

/** The label selector of an application's objects in one environment. */
export function appSelector(scope: Pick<AppScope, 'app' | 'environment'>): string {
  return `${LABELS.app}=${scope.app},${LABELS.environment}=${scope.environment}`;
}

/** The kinds among `objects`, once each. */
export function kindsOf(objects: readonly KubeObject[]): ObjectKind[] {
  const seen = new Map<string, ObjectKind>();
  for (const o of objects) seen.set(`${o.apiVersion}/${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind });
  return [...seen.values()];
}

/**
 * The health of each of `components`, given the objects rendered for them: each rendered object
 * is looked up live (missing → Missing), pods are listed by the component label, and warning
 * events about them refine a Progressing verdict.
 */
export async function assessLiveComponents(
  cluster: ClusterConnection,
  scope: AppScope,
  rendered: ReadonlyMap<string, readonly KubeObject[]>,
  now: Date,
): Promise<Map<string, ComponentHealth>> {
  const names = [...rendered.keys()];
  const all = names.flatMap((n) => [...(rendered.get(n) ?? [])]);
  const selector = `${appSelector(scope)},${LABELS.componentName} in (${names.join(',')})`;
  const [liveByKind, pods, events] = await Promise.all([
    Promise.all(
      kindsOf(all).map(async (kind) => {
        const { items } = await cluster.list(kind, { namespace: scope.namespace, labelSelector: selector });
        return items;
      }),
    ),
    cluster.list({ apiVersion: 'v1', kind: 'Pod' }, { namespace: scope.namespace, labelSelector: selector }),
    cluster.events(scope.namespace).catch((err: unknown) => {
      if (isNotFound(err)) return [];
      throw err;
    }),
  ]);
  const live = new Map<string, KubeObject>();
  for (const o of liveByKind.flat()) live.set(`${o.kind}/${o.metadata.name}`, o);
  const result = new Map<string, ComponentHealth>();
  for (const name of names) {
    const expected = rendered.get(name) ?? [];
    const found = expected.map((o) => live.get(`${o.kind}/${o.metadata.name}`)).filter((o): o is KubeObject => !!o);
    const missing = expected.filter((o) => !live.has(`${o.kind}/${o.metadata.name}`));
    const componentPods = pods.items.filter((p) => p.metadata.labels?.[LABELS.componentName] === name);
    const podNames = new Set(componentPods.map((p) => p.metadata.name));
    const objectNames = new Set(expected.map((o) => o.metadata.name));
    const componentEvents = (events as ClusterEvent[]).filter((e) => {
      const io = e.involvedObject;
      return !!io?.name && (podNames.has(io.name) || objectNames.has(io.name));
    });
    const health = assessComponent(found, componentPods, componentEvents, { now });
    if (missing.length > 0 && health.status !== 'Degraded') {
      const first = missing[0]!;
      result.set(name, {
        ...health,
        status: 'Missing',
        reason: 'NotFound',
        message: `${first.kind} ${first.metadata.name} does not exist in the cluster`,
      });
    } else {
      result.set(name, health);
    }
  }
  return result;
}

/** `web: ImagePullBackOff: Back-off pulling image "x"` — the component name, then its reason. */
export function describeProblem(component: string, health: { status: string; reason?: string; message?: string }): string {
  const detail = health.message ?? health.reason ?? health.status;
  return `${component}: ${detail}`;
}
