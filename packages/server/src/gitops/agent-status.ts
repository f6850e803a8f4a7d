/**
 * What the GitOps agent reports about an application's environment, read through the cluster
 * port: Argo CD's `status.sync` / `health` / `operationState` / `history`, or Flux's
 * `lastAppliedRevision` (`<branch>@sha1:<sha>`) and Ready condition — as one shape.
 */
import type { KubeObject } from '@berth/core';
import type { ClusterConnection } from '../kube/cluster-connection.js';
import { APPLICATION_KIND, KUSTOMIZATION_KIND } from './agent-objects.js';
import { agentObjectName, ARGOCD_NAMESPACE, FLUX_NAMESPACE, type GitOpsEnvironment } from './layout.js';

/** One deployment the agent remembers. */
export interface AgentHistoryEntry {
  id?: number;
  revision: string;
  deployedAt?: string;
}

/** The agent's report, normalized. */
export interface AgentReport {
  /** `argocd` or `flux`. */
  agent: GitOpsEnvironment['agent'];
  /** Where the object lives (for messages). */
  object: { kind: string; name: string; namespace: string };
  /** False when the agent object does not exist (yet). */
  present: boolean;
  /** The commit the agent last applied successfully, when it reports one. */
  deployedCommit?: string;
  /** Argo CD: Synced / OutOfSync / Unknown; Flux: Ready's status mapped to Synced / OutOfSync / Unknown. */
  syncStatus: string;
  /** Argo CD's health status, or Flux's Ready reason turned into Healthy / Progressing / Degraded. */
  health: string;
  message?: string;
  /** Argo CD: Succeeded / Failed / Running; Flux: undefined. */
  operationPhase?: string;
  history: AgentHistoryEntry[];
}

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v && typeof v === 'object' ? (v as Loose) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The sha of a Flux revision (`main@sha1:<sha>`, or the older `main/<sha>`). */
export function shaOfFluxRevision(revision: string | undefined): string | undefined {
  if (!revision) return undefined;
  const at = revision.lastIndexOf('@sha1:');
  if (at >= 0) return revision.slice(at + 6);
  const slash = revision.lastIndexOf('/');
  return slash >= 0 ? revision.slice(slash + 1) : revision;
}

/** Reads an Argo CD Application's status. */
export function argoReport(app: KubeObject | undefined, name: string): AgentReport {
  const object = { kind: 'Application', name, namespace: ARGOCD_NAMESPACE };
  if (!app) return { agent: 'argocd', object, present: false, syncStatus: 'Unknown', health: 'Missing', history: [] };
  const status = obj(app.status);
  const sync = obj(status.sync);
  const health = obj(status.health);
  const operation = obj(status.operationState);
  const syncResult = obj(operation.syncResult);
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Loose[]) : [];
  const history = (Array.isArray(status.history) ? (status.history as Loose[]) : []).map((h) => ({
    ...(typeof h.id === 'number' ? { id: h.id } : {}),
    revision: str(h.revision) ?? '',
    ...(str(h.deployedAt) ? { deployedAt: str(h.deployedAt)! } : {}),
  }));
  const deployed = str(operation.phase) === 'Succeeded' ? str(syncResult.revision) : history.at(-1)?.revision;
  const message = str(conditions[0]?.message) ?? str(operation.message) ?? str(health.message);
  return {
    agent: 'argocd',
    object,
    present: true,
    ...(deployed ? { deployedCommit: deployed } : {}),
    syncStatus: str(sync.status) ?? 'Unknown',
    health: str(health.status) ?? 'Unknown',
    ...(message ? { message } : {}),
    ...(str(operation.phase) ? { operationPhase: str(operation.phase)! } : {}),
    history: history.reverse(),
  };
}

/** Reads a Flux Kustomization's status. */
export function fluxReport(ks: KubeObject | undefined, name: string): AgentReport {
  const object = { kind: 'Kustomization', name, namespace: FLUX_NAMESPACE };
  if (!ks) return { agent: 'flux', object, present: false, syncStatus: 'Unknown', health: 'Missing', history: [] };
  const status = obj(ks.status);
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Loose[]) : [];
  const ready = conditions.find((c) => c.type === 'Ready');
  const applied = str(status.lastAppliedRevision);
  const attempted = str(status.lastAttemptedRevision);
  const readyStatus = str(ready?.status);
  const health = readyStatus === 'True' ? 'Healthy' : readyStatus === 'False' ? 'Degraded' : 'Progressing';
  const deployed = shaOfFluxRevision(applied);
  return {
    agent: 'flux',
    object,
    present: true,
    ...(deployed ? { deployedCommit: deployed } : {}),
    syncStatus: readyStatus === 'True' && applied === attempted ? 'Synced' : readyStatus === undefined ? 'Unknown' : 'OutOfSync',
    health,
    ...(str(ready?.message) ? { message: str(ready?.message)! } : {}),
    history: applied ? [{ revision: deployed ?? applied }] : [],
  };
}

/** The agent's report for an environment, read from its cluster. */
export async function readAgentReport(cluster: ClusterConnection, target: GitOpsEnvironment): Promise<AgentReport> {
  const name = agentObjectName(target);
  if (target.agent === 'argocd') {
    const app = await cluster.get({ ...APPLICATION_KIND, name, namespace: ARGOCD_NAMESPACE }).catch(() => undefined);
    return argoReport(app, name);
  }
  const ks = await cluster.get({ ...KUSTOMIZATION_KIND, name, namespace: FLUX_NAMESPACE }).catch(() => undefined);
  return fluxReport(ks, name);
}
