/**
 * One polled delivery of some components: apply them (first poll of an attempt), then wait
 * until core's health rules call them Healthy, fail when one stays Degraded longer than the
 * grace period (or at once when a Job failed). Pruning and recording the revision is the run's
 * own `finalize` step (finalize.ts), after every step succeeded. Every poll re-reads the
 * cluster, so a resumed step picks up where it was.
 */
import type { ComponentHealth } from '@berth/core';
import type { ClusterRegistry } from '../kube/cluster-connection.js';
import type { StepExecution, StepReport } from '../workflow/executor.js';
import { applyRendered } from './apply-objects.js';
import type { DeploymentHistory } from './deployments.js';
import { assessLiveComponents, describeProblem } from './live-components.js';
import { clusterOf, componentObjects, renderTarget, scopeOf, type NamespaceProvisioner } from './target.js';

/** What the delivery executors need. */
export interface DeliveryDeps {
  /** Cluster name → connection. */
  clusters: ClusterRegistry;
  deployments: DeploymentHistory;
  /** Creates the environment's namespace (default: labelled `berth.dev/workspace`). */
  ensureNamespace: NamespaceProvisioner;
  /** How long a component may stay Degraded before its step fails (default 60 s). */
  degradedGraceMs: number;
  /** Delay between polls while waiting (default 1 s). */
  pollMs: number;
}

/** What one rollout does. */
export interface RolloutPlan {
  components: readonly string[];
  /** Apply the objects first (false for wait-healthy). */
  apply: boolean;
  /** Wait for health before succeeding. */
  wait: boolean;
}

interface RolloutState {
  applied?: boolean;
  degradedSince?: number;
  [key: string]: unknown;
}

const DONE = new Set(['Healthy', 'Suspended']);

/** Perform one poll of a rollout. */
export async function pollRollout(deps: DeliveryDeps, ctx: StepExecution, plan: RolloutPlan): Promise<StepReport> {
  const state: RolloutState = { ...(ctx.state ?? {}) };
  const target = ctx.target;
  const cluster = await clusterOf(deps.clusters, target);
  const rendered = renderTarget(target);
  const selected = componentObjects(rendered, plan.components);

  if (plan.apply && !state.applied) {
    await deps.ensureNamespace(cluster, target);
    const outcome = await applyRendered(cluster, [...selected.values()].flat(), { rerunFailedJobs: true });
    if (outcome.recreating.length > 0) {
      return {
        status: 'running',
        pollAfterMs: Math.min(deps.pollMs, 500),
        message: `recreating Job ${outcome.recreating.join(', ')} (a Job's template cannot change)`,
        state: {},
      };
    }
    ctx.logger.info({ components: plan.components, objects: outcome.applied }, 'applied');
    state.applied = true;
    if (plan.wait) return { status: 'running', pollAfterMs: deps.pollMs, message: 'applied; waiting for health', state };
  }

  if (plan.wait) {
    const health = await assessLiveComponents(cluster, scopeOf(target), selected, new Date(ctx.now()));
    const verdict = waitVerdict(health, state, ctx.now(), deps.degradedGraceMs, deps.pollMs);
    if (verdict) return verdict;
  }

  return {
    status: 'succeeded',
    message: `${plan.components.join(', ')} ${plan.wait ? 'healthy' : 'applied'} at revision ${target.revision}`,
    output: { renderHash: rendered.hash, components: [...plan.components] },
  };
}

/** Undefined when every component is done; otherwise the report to give (running or failed). */
function waitVerdict(
  health: Map<string, ComponentHealth>,
  state: RolloutState,
  now: number,
  graceMs: number,
  pollMs: number,
): StepReport | undefined {
  const pending = [...health.entries()].filter(([, h]) => !DONE.has(h.status));
  if (pending.length === 0) return undefined;
  const jobFailure = pending.find(([, h]) => h.status === 'Degraded' && h.objects.some((o) => o.ref.kind === 'Job' && o.health.status === 'Degraded'));
  if (jobFailure) {
    const [name, h] = jobFailure;
    const job = h.objects.find((o) => o.ref.kind === 'Job' && o.health.status === 'Degraded')!;
    return { status: 'failed', retryable: false, message: describeProblem(name, job.health) };
  }
  const degraded = pending.find(([, h]) => h.status === 'Degraded');
  if (degraded) {
    const since = state.degradedSince ?? now;
    if (now - since >= graceMs) {
      return { status: 'failed', retryable: false, message: describeProblem(degraded[0], degraded[1]) };
    }
    return {
      status: 'running',
      pollAfterMs: pollMs,
      message: `waiting: ${describeProblem(degraded[0], degraded[1])}`,
      state: { ...state, degradedSince: since },
    };
  }
  const [name, h] = pending[0]!;
  const next: RolloutState = { ...state };
  delete next.degradedSince;
  return { status: 'running', pollAfterMs: pollMs, message: `waiting: ${describeProblem(name, h)}`, state: next };
}
