import { Counter, Histogram, type Registry } from 'prom-client';
import type { RunEvent, RunSnapshot } from '@berth/core';

const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 3600];

/**
 * The workflow engine's Prometheus metrics: per job type the queue time (ready → started), the
 * duration of each attempt and its outcome; runs by outcome.
 */
export class WorkflowMetrics {
  readonly #queue: Histogram<'type'>;
  readonly #duration: Histogram<'type' | 'outcome'>;
  readonly #steps: Counter<'type' | 'outcome'>;
  readonly #runs: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.#queue = metric(registry, 'berth_workflow_step_queue_seconds', () =>
      new Histogram({
        name: 'berth_workflow_step_queue_seconds',
        help: 'Time a workflow step waited from ready to started, by job type',
        labelNames: ['type'] as const,
        buckets: DURATION_BUCKETS,
        registers: [registry],
      }),
    );
    this.#duration = metric(registry, 'berth_workflow_step_duration_seconds', () =>
      new Histogram({
        name: 'berth_workflow_step_duration_seconds',
        help: 'Duration of a workflow step attempt from start to its result, by job type and outcome',
        labelNames: ['type', 'outcome'] as const,
        buckets: DURATION_BUCKETS,
        registers: [registry],
      }),
    );
    this.#steps = metric(registry, 'berth_workflow_steps_total', () =>
      new Counter({
        name: 'berth_workflow_steps_total',
        help: 'Workflow step attempts that ended, by job type and outcome',
        labelNames: ['type', 'outcome'] as const,
        registers: [registry],
      }),
    );
    this.#runs = metric(registry, 'berth_workflow_runs_total', () =>
      new Counter({
        name: 'berth_workflow_runs_total',
        help: 'Workflow runs that ended, by outcome',
        labelNames: ['outcome'] as const,
        registers: [registry],
      }),
    );
  }

  /** A step of `type` started after waiting `seconds` in the queue. */
  started(type: string, seconds: number): void {
    this.#queue.observe({ type }, Math.max(0, seconds));
  }

  /** An attempt of a step of `type` ended with `outcome` after `seconds`. */
  stepEnded(type: string, outcome: string, seconds: number): void {
    this.#duration.observe({ type, outcome }, Math.max(0, seconds));
    this.#steps.inc({ type, outcome });
  }

  /** A run ended with `outcome`. */
  runEnded(outcome: string): void {
    this.#runs.inc({ outcome });
  }
}

function metric<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** Feeds the metrics from one committed change of a run (see `RunStore.onChange`). */
export function recordRunChange(metrics: WorkflowMetrics, change: { run: { snapshot: RunSnapshot }; events: RunEvent[] }): void {
  const steps = new Map(change.run.snapshot.steps.map((step) => [step.name, step]));
  for (const event of change.events) {
    if (event.type === 'run-finished') {
      metrics.runEnded(event.outcome);
      continue;
    }
    if (!('step' in event)) continue;
    const step = steps.get(event.step);
    if (!step) continue;
    const seconds = (from: number | undefined) => (from === undefined ? 0 : (event.at - from) / 1000);
    switch (event.type) {
      case 'step-started':
        metrics.started(step.type, seconds(step.readyAt));
        break;
      case 'step-succeeded':
        metrics.stepEnded(step.type, 'succeeded', seconds(step.startedAt));
        break;
      case 'step-failed':
        metrics.stepEnded(step.type, 'failed', seconds(step.startedAt));
        break;
      case 'step-refused':
        metrics.stepEnded(step.type, 'refused', seconds(step.startedAt));
        break;
      case 'step-timed-out':
        metrics.stepEnded(step.type, 'timed-out', seconds(step.startedAt));
        break;
      case 'approval-granted':
      case 'approval-rejected':
        metrics.stepEnded(step.type, event.type === 'approval-granted' ? 'succeeded' : 'failed', seconds(step.startedAt));
        break;
      case 'lease-expired':
        metrics.stepEnded(step.type, 'interrupted', seconds(step.startedAt));
        break;
      default:
        break;
    }
  }
}
