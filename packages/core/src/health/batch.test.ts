import { describe, expect, it } from 'vitest';
import { assessObject } from './index.js';
import { jobComplete, jobFailed, jobRunning, tweak } from './testdata/objects.js';

describe('Job health', () => {
  it('is Progressing while its pod runs', () => {
    expect(assessObject(jobRunning)).toEqual({
      status: 'Progressing',
      reason: 'Running',
      message: '1 active, 0 of 1 succeeded',
    });
  });

  it('is Healthy once Complete', () => {
    expect(assessObject(jobComplete)).toMatchObject({ status: 'Healthy', reason: 'Complete' });
  });

  it('is Degraded when Failed, with the controller reason and message', () => {
    expect(assessObject(jobFailed)).toEqual({
      status: 'Degraded',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    });
  });

  it('is Degraded on a deadline too', () => {
    const deadline = tweak(jobFailed, (j) => {
      j.status.conditions = [
        {
          type: 'Failed',
          status: 'True',
          reason: 'DeadlineExceeded',
          message: 'Job was active longer than specified deadline',
        },
      ];
    });
    expect(assessObject(deadline)).toMatchObject({ status: 'Degraded', reason: 'DeadlineExceeded' });
  });

  it('is Suspended when suspended', () => {
    const suspended = tweak(jobRunning, (j) => {
      j.spec.suspend = true;
      j.status = {
        conditions: [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }],
      };
    });
    expect(assessObject(suspended).status).toBe('Suspended');
  });
});

describe('CronJob health', () => {
  const cronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', namespace: 'shop-dev', uid: 'cj1' },
    spec: { schedule: '0 * * * *', suspend: false, jobTemplate: { spec: {} } },
    status: { lastScheduleTime: '2025-03-01T10:00:00Z', lastSuccessfulTime: '2025-03-01T09:00:30Z' },
  };
  const run = (name: string, created: string, base = jobComplete) =>
    tweak(base, (j) => {
      j.metadata.name = name;
      j.metadata.creationTimestamp = created;
      j.metadata.ownerReferences = [
        { apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', uid: 'cj1', controller: true },
      ];
    });

  it('is Healthy when its last run succeeded, and Suspended when suspended', () => {
    expect(assessObject(cronJob, [run('report-1', '2025-03-01T09:00:00Z')])).toEqual({ status: 'Healthy' });
    expect(assessObject(tweak(cronJob, (c) => (c.spec.suspend = true))).status).toBe('Suspended');
  });

  it('is Degraded when its most recent run failed', () => {
    const related = [
      run('report-1', '2025-03-01T09:00:00Z'),
      run('report-2', '2025-03-01T10:00:00Z', jobFailed),
    ];
    expect(assessObject(cronJob, related)).toMatchObject({
      status: 'Degraded',
      reason: 'BackoffLimitExceeded',
    });
  });
});
