import type { StepRun } from '@berth/core';
import type { StoredRun } from './run-store.js';
import type { RunListItem, RunView } from './schemas.js';

const at = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The API view of a stored run; with `steps` for the single-run read. */
export function runView(run: Omit<StoredRun, 'spec'>, withSteps: boolean): RunView {
  const s = run.snapshot;
  const stepCounts: Record<string, number> = {};
  for (const step of s.steps) stepCounts[step.state] = (stepCounts[step.state] ?? 0) + 1;
  return compact({
    id: run.id,
    workspace: run.workspace,
    application: run.application,
    environment: run.environment,
    revision: run.revision,
    cluster: run.cluster,
    namespace: run.namespace,
    state: s.state,
    message: s.message,
    createdBy: run.createdBy ?? undefined,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    startedAt: at(s.startedAt),
    finishedAt: at(s.finishedAt),
    cancel: s.cancel ? compact({ at: at(s.cancel.at)!, by: s.cancel.by, reason: s.cancel.reason }) : undefined,
    resourceVersion: run.resourceVersion,
    stepCounts,
    steps: withSteps ? s.steps.map(stepView) : undefined,
  });
}

const FAILED_STEP_STATES = new Set<string>(['failed', 'timed-out', 'refused']);

/** A run as the list across applications shows it: what started it and, when it failed, the first failing step. */
export function runListItem(run: Omit<StoredRun, 'spec'>): RunListItem {
  const types = new Set(run.snapshot.steps.map((s) => s.type));
  const failed = run.snapshot.steps
    .filter((s) => FAILED_STEP_STATES.has(s.state))
    .sort((a, b) => (a.finishedAt ?? Infinity) - (b.finishedAt ?? Infinity))[0];
  return compact({
    ...runView(run, false),
    trigger: types.has('undeploy') ? 'undeploy' : types.has('rollback') ? 'rollback' : 'deploy',
    failedStep: failed
      ? compact({ name: failed.name, type: failed.type, state: failed.state, message: failed.message, finishedAt: at(failed.finishedAt) })
      : undefined,
  });
}

function stepView(step: StepRun): NonNullable<RunView['steps']>[number] {
  return compact({
    name: step.name,
    type: step.type,
    state: step.state,
    dependsOn: step.dependsOn,
    properties: step.properties,
    attempt: step.attempt,
    interruptions: step.interruptions,
    retries: step.retries,
    timeoutMs: step.timeoutMs,
    readyAt: at(step.readyAt),
    notBefore: at(step.notBefore),
    startedAt: at(step.startedAt),
    finishedAt: at(step.finishedAt),
    queueMs:
      step.startedAt !== undefined && step.readyAt !== undefined && step.readyAt <= step.startedAt
        ? step.startedAt - step.readyAt
        : undefined,
    durationMs:
      step.startedAt !== undefined && step.finishedAt !== undefined ? step.finishedAt - step.startedAt : undefined,
    waitingFor: step.wait?.for,
    waitUntil: at(step.wait?.until),
    message: step.message ?? step.wait?.message,
    decision: step.decision
      ? compact({ approved: step.decision.approved, by: step.decision.by, at: at(step.decision.at)!, reason: step.decision.reason })
      : undefined,
    output: step.output,
  });
}

/** Drops keys whose value is `undefined` (the response schemas have optional, not nullable, fields). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
