/**
 * The health the application list shows for one deployed environment: the live assessment
 * (`buildAppStatus`, core's rules) when the cluster answers, Unknown with the reason when it
 * does not. Pure.
 */
import type { ClusterEvent, KubeObject } from '@berth/core';
import type { EnvironmentHealthReport } from '../apps/health-store.js';
import type { Deployment } from '../delivery/deployments.js';
import { buildAppStatus } from './app-status.js';

/** What is known of the cluster an environment is deployed to. */
export type ClusterView =
  | { reachable: true; objects: readonly KubeObject[]; events: readonly ClusterEvent[] }
  | { reachable: false; reason: string };

/** The health report of `deployment`'s environment from what is known of its cluster. */
export function environmentHealth(deployment: Deployment, view: ClusterView, now: Date): EnvironmentHealthReport {
  const base = {
    workspace: deployment.workspace,
    app: deployment.app,
    environment: deployment.environment,
    cluster: deployment.cluster,
    revision: deployment.revision,
  };
  if (!view.reachable) return { ...base, health: 'Unknown', reason: view.reason };
  const status = buildAppStatus(deployment, view.objects, view.events, now);
  return { ...base, health: status.health, ...(status.reason !== undefined ? { reason: status.reason } : {}) };
}

/** What a write compares: a report that differs only elsewhere is not written again. */
export function healthFingerprint(report: EnvironmentHealthReport): string {
  return JSON.stringify([report.health, report.reason ?? null, report.revision, report.cluster]);
}
