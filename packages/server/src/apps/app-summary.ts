import { type HealthStatus, isWorse } from '@berth/core';
import type { ListedApp } from './app-store.js';
import type { AppEnvironment, AppSummary } from './schemas.js';

/**
 * The summary of an application as lists show it: its environments (with whether their cluster
 * is registered, and their last known health) and its health, the worst of its deployed
 * environments (core's order) with that environment's reason. Pure.
 */
export function summaryOf(app: ListedApp, knownClusters: ReadonlySet<string>): AppSummary {
  const health = new Map(app.health.map((h) => [h.environment, h]));
  let worst: ListedApp['health'][number] | undefined;
  for (const h of app.health) if (!worst || isWorse(h.health as HealthStatus, worst.health as HealthStatus)) worst = h;
  return {
    workspace: app.row.workspace,
    name: app.row.name,
    labels: app.labels,
    revision: app.row.revision,
    status: app.row.status as AppSummary['status'],
    resourceVersion: String(app.row.resource_version),
    ...(worst ? { health: worst.health as HealthStatus } : {}),
    ...(worst?.reason ? { reason: `${worst.environment}: ${worst.reason}` } : {}),
    environments: app.environments.map((e): AppEnvironment => {
      const clusterKnown = knownClusters.has(e.cluster);
      const known = health.get(e.name);
      return {
        name: e.name,
        cluster: e.cluster,
        namespace: e.namespace,
        delivery: e.delivery as AppEnvironment['delivery'],
        clusterKnown,
        ...(clusterKnown ? {} : { warning: `cluster ${e.cluster} is not registered; deploys to ${e.name} will fail until it is` }),
        ...(known
          ? {
              health: known.health as HealthStatus,
              ...(known.reason ? { reason: known.reason } : {}),
              deployedRevision: Number(known.revision),
              healthChangedAt: known.changed_at,
            }
          : {}),
      };
    }),
    createdAt: app.row.created_at,
    updatedAt: app.row.updated_at,
    updatedBy: app.row.updated_by,
  };
}
