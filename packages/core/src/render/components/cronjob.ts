import { RenderError } from '../errors.js';
import { jobSpec } from './job.js';
import type { ComponentRenderer } from './types.js';
import { buildPod, workloadObject } from './workload.js';

/** `cronjob`: a CronJob on `cron.schedule`, whose jobs carry the component's labels. */
export const cronjobRenderer: ComponentRenderer = {
  type: 'cronjob',
  render: (ctx) => {
    const { component } = ctx;
    const cron = component.cron;
    if (!cron?.schedule) {
      throw new RenderError(`cronjob ${component.name} needs cron.schedule, e.g. "*/15 * * * *".`, {
        path: `spec.components[${ctx.index}].cron.schedule`,
        code: 'missing-schedule',
      });
    }
    const applied = buildPod(ctx, 'CronJob');
    const cronJob = workloadObject(ctx, 'CronJob', {
      schedule: cron.schedule,
      ...(cron.timeZone !== undefined ? { timeZone: cron.timeZone } : {}),
      ...(cron.concurrencyPolicy !== undefined ? { concurrencyPolicy: cron.concurrencyPolicy } : {}),
      ...(cron.suspend !== undefined ? { suspend: cron.suspend } : {}),
      ...(cron.successfulJobsHistoryLimit !== undefined
        ? { successfulJobsHistoryLimit: cron.successfulJobsHistoryLimit }
        : {}),
      ...(cron.failedJobsHistoryLimit !== undefined
        ? { failedJobsHistoryLimit: cron.failedJobsHistoryLimit }
        : {}),
      jobTemplate: { metadata: { labels: ctx.labels }, spec: jobSpec(component, applied.template) },
    });
    return [cronJob, ...applied.additionalObjects];
  },
};
