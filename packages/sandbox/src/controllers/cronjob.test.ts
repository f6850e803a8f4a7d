import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/types.js';
import { testCluster, type TestCluster } from './test-cluster.js';

let c: TestCluster;
afterEach(() => c?.stop());

const MIN = 60_000;
// The manual clock starts at 2025-01-01T00:00:00Z: minute N after it is epoch minute 29_097_360 + N.
const EPOCH_MIN = Date.UTC(2025, 0, 1) / MIN;
const cronJob = (
  name: string,
  spec: Record<string, unknown> = {},
  podAnnotations: Record<string, string> = {},
): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name, namespace: 'default' },
  spec: {
    schedule: '*/1 * * * *',
    ...spec,
    jobTemplate: {
      metadata: { labels: { team: 'data' } },
      spec: {
        backoffLimit: 0,
        template: {
          metadata: { annotations: podAnnotations },
          spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'acme/report:1' }] },
        },
      },
    },
  },
});
const status = (o: KubeObject | undefined) =>
  (o?.status ?? {}) as {
    active?: { name: string; kind: string; uid: string }[];
    lastScheduleTime?: string;
    lastSuccessfulTime?: string;
  };
const jobs = () =>
  c
    .list('batch/v1', 'Job', 'default')
    .map((j) => j.metadata.name)
    .sort();
const reasons = (name: string) => c.events('default', name).map((e) => `${e.reason}: ${e.message}`);

describe('cronjob controller', () => {
  it('GIVEN a every-minute CronJob WHEN a minute passes THEN it creates <name>-<minutes>, tracks it active, then sees it complete', () => {
    c = testCluster();
    c.create(cronJob('report'));
    c.run(MIN + 200);
    const name = `report-${EPOCH_MIN + 1}`;
    const job = c.get('batch/v1', 'Job', 'default', name)!;
    expect(job.metadata.labels).toEqual({ team: 'data' });
    expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(
      '2025-01-01T00:01:00Z',
    );
    expect(job.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'CronJob',
      name: 'report',
      controller: true,
    });
    let st = status(c.get('batch/v1', 'CronJob', 'default', 'report'));
    expect(st.lastScheduleTime).toBe('2025-01-01T00:01:00Z');
    expect(st.active?.map((a) => [a.kind, a.name])).toEqual([['Job', name]]);
    c.run(10_000);
    st = status(c.get('batch/v1', 'CronJob', 'default', 'report'));
    expect(st.active).toBeUndefined();
    expect(st.lastSuccessfulTime).toBeTruthy();
    expect(reasons('report')).toEqual(
      expect.arrayContaining([
        `SuccessfulCreate: Created job ${name}`,
        `SawCompletedJob: Saw completed job: ${name}, condition: Complete`,
      ]),
    );
  });

  it('keeps successfulJobsHistoryLimit finished jobs and deletes the oldest (SuccessfulDelete)', () => {
    c = testCluster();
    c.create(cronJob('report', { successfulJobsHistoryLimit: 2 }));
    c.run(5 * MIN + 30_000, 500);
    expect(jobs()).toEqual([`report-${EPOCH_MIN + 4}`, `report-${EPOCH_MIN + 5}`]);
    expect(reasons('report')).toContain(`SuccessfulDelete: Deleted job report-${EPOCH_MIN + 1}`);
  });

  it('Forbid skips a run while one is active (JobAlreadyActive); Replace deletes it', () => {
    c = testCluster();
    c.create(cronJob('slow', { concurrencyPolicy: 'Forbid' }, { 'sandbox.berth.dev/run-for': '10m' }));
    c.create(cronJob('swap', { concurrencyPolicy: 'Replace' }, { 'sandbox.berth.dev/run-for': '10m' }));
    c.run(3 * MIN + 500, 500);
    expect(jobs()).toEqual([`slow-${EPOCH_MIN + 1}`, `swap-${EPOCH_MIN + 3}`]);
    expect(reasons('slow')).toContain(
      'JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid',
    );
    expect(reasons('swap')).toContain(`SuccessfulDelete: Deleted job swap-${EPOCH_MIN + 1}`);
    expect(status(c.get('batch/v1', 'CronJob', 'default', 'swap')).active?.map((a) => a.name)).toEqual([
      `swap-${EPOCH_MIN + 3}`,
    ]);
  });

  it('Allow runs jobs concurrently', () => {
    c = testCluster();
    c.create(cronJob('many', {}, { 'sandbox.berth.dev/run-for': '10m' }));
    c.run(3 * MIN + 500, 500);
    expect(status(c.get('batch/v1', 'CronJob', 'default', 'many')).active).toHaveLength(3);
  });

  it('suspend stops new runs; on resume, times missed beyond startingDeadlineSeconds are skipped (no job, no event) until the next one', () => {
    c = testCluster();
    c.create(cronJob('hourly', { schedule: '@hourly', suspend: true, startingDeadlineSeconds: 60 }));
    c.run(62 * MIN, 1000);
    expect(jobs()).toEqual([]);
    const cj = c.get('batch/v1', 'CronJob', 'default', 'hourly')!;
    c.store.update(c.type('batch/v1', 'CronJob'), {
      ...cj,
      spec: { ...(cj.spec as object), suspend: false },
    });
    c.run(1000);
    expect(jobs()).toEqual([]);
    expect(reasons('hourly')).toEqual([]);
    c.run(60 * MIN, 5000);
    expect(jobs()).toEqual([`hourly-${EPOCH_MIN + 120}`]);
  });

  it('evaluates the schedule in spec.timeZone', () => {
    c = testCluster();
    c.create(cronJob('kolkata', { schedule: '31 5 * * *', timeZone: 'Asia/Kolkata' })); // 05:31 IST = 00:01Z
    c.run(MIN + 500);
    const job = c.list('batch/v1', 'Job', 'default').find((j) => j.metadata.name?.startsWith('kolkata-'))!;
    expect(job.metadata.name).toBe(`kolkata-${EPOCH_MIN + 1}`);
    expect(job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(
      '2025-01-01T05:31:00+05:30',
    );
  });

  it('GIVEN an unknown time zone or an unparseable schedule THEN the apiserver refuses the CronJob (the controller never sees it)', () => {
    c = testCluster();
    expect(() => c.create(cronJob('nowhere', { timeZone: 'Mars/Olympus' }))).toThrow(
      /spec\.timeZone: Invalid value: "Mars\/Olympus": unknown time zone Mars\/Olympus/,
    );
    expect(() => c.create(cronJob('bad', { schedule: '61 * * * *' }))).toThrow(
      /spec\.schedule: Invalid value: "61 \* \* \* \*"/,
    );
    expect(c.list('batch/v1', 'CronJob', 'default').map((j) => j.metadata.name)).not.toContain('nowhere');
  });
});
