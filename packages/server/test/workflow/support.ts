import type { Application } from '@berth/core';
import pino from 'pino';
import type { Clock } from '../../src/workflow/clock.js';
import type { StepExecution, StepExecutor, StepReport } from '../../src/workflow/executor.js';

/** A clock tests move by hand; sleepers wake when their time has come. */
export class ManualClock implements Clock {
  #now: number;
  readonly #sleepers = new Set<{ at: number; wake: () => void }>();
  constructor(start = Date.UTC(2025, 0, 1)) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const sleeper = {
        at: this.#now + ms,
        wake: () => {
          this.#sleepers.delete(sleeper);
          signal?.removeEventListener('abort', sleeper.wake);
          resolve();
        },
      };
      this.#sleepers.add(sleeper);
      signal?.addEventListener('abort', sleeper.wake, { once: true });
    });
  }
  /** Moves time forward and wakes the sleepers that are due. */
  advance(ms: number): void {
    this.#now += ms;
    for (const sleeper of [...this.#sleepers]) if (sleeper.at <= this.#now) sleeper.wake();
  }
}

/** A silent logger. */
export const silent = pino({ level: 'silent' });

/** An application with the given workflow steps (explicit workflow, serial unless `dag`). */
export function appWith(steps: Array<Record<string, unknown>>, options: { mode?: 'dag'; name?: string } = {}): Application {
  return {
    apiVersion: 'berth.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: options.name ?? 'shop' },
    spec: {
      components: [
        { name: 'web', type: 'webservice', image: 'ghcr.io/acme/shop:1.0.0' },
        { name: 'migrate', type: 'job', image: 'ghcr.io/acme/migrate:1.0.0' },
      ],
      workflow: { ...(options.mode ? { mode: options.mode } : {}), steps },
    },
  } as unknown as Application;
}

/** An executor scripted per step: each call returns the next report of the step's script. */
export class ScriptedExecutor implements StepExecutor {
  readonly calls: Array<{ step: string; attempt: number; poll: number; at: number }> = [];
  readonly aborted: string[] = [];
  constructor(
    readonly type: string,
    private readonly script: (context: StepExecution) => StepReport | Promise<StepReport>,
  ) {}
  async execute(context: StepExecution): Promise<StepReport> {
    this.calls.push({ step: context.step, attempt: context.attempt, poll: context.poll, at: context.now() });
    context.signal.addEventListener('abort', () => this.aborted.push(`${context.step}#${context.attempt}`), { once: true });
    return this.script(context);
  }
}

/** Waits until `check` holds, polling every 10 ms (real time), or fails after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
