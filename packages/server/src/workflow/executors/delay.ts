import { formatDuration, parseDuration } from '@berth/core';
import type { StepExecution, StepExecutor, StepReport } from '../executor.js';

/**
 * `delay`: waits `duration` from the attempt's start. The wait is stored as a point in time, so
 * it survives restarts and needs no worker: the engine resumes the step when the time comes.
 */
export class DelayExecutor implements StepExecutor {
  readonly type = 'delay';

  async execute(context: StepExecution): Promise<StepReport> {
    const text = String(context.properties.duration ?? '');
    const ms = parseDuration(text);
    if (ms === undefined) return { status: 'failed', retryable: false, message: `"${text}" is not a duration` };
    const until = context.startedAt + ms;
    if (until <= context.now()) return { status: 'succeeded', message: `waited ${formatDuration(ms)}` };
    return { status: 'waiting', for: 'time', until, message: `waiting ${formatDuration(ms)}` };
  }
}
