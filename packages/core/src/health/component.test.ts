import { describe, expect, it } from 'vitest';
import { assessApplication, assessComponent } from './index.js';
import {
  deploymentAvailable,
  deploymentDeadlineExceeded,
  deploymentRolling,
  jobComplete,
  podCrashLoop,
  podImagePullBackOff,
  podOOMKilled,
  podRunning,
  podUnschedulable,
  tweak,
} from './testdata/objects.js';

const service = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop-dev' },
  spec: { type: 'ClusterIP' },
};

describe('assessComponent', () => {
  it('is Healthy when its workload and service are', () => {
    const health = assessComponent([deploymentAvailable, service], [podRunning]);
    expect(health.status).toBe('Healthy');
    expect(health.reason).toBeUndefined();
    expect(health.objects.map((o) => o.ref.kind)).toEqual(['Deployment', 'Service']);
    expect(health.pods).toEqual([
      {
        ref: expect.objectContaining({ kind: 'Pod', name: 'web-7d9f8b6c5d-x2k4p' }),
        health: { status: 'Healthy' },
      },
    ]);
  });

  it('GIVEN a rollout whose new pod cannot pull its image THEN it is Degraded with ImagePullBackOff and the image', () => {
    const health = assessComponent([deploymentRolling, service], [podRunning, podImagePullBackOff]);
    expect(health.status).toBe('Degraded');
    expect(health.reason).toBe('ImagePullBackOff');
    expect(health.message).toContain('ghcr.io/acme/shop:1.5.0-typo');
    expect(health.source).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      name: 'web-5f6d7c8b9a-q8w2z',
      namespace: 'shop-dev',
    });
  });

  it('prefers the pod reason over the Deployment timeout', () => {
    const health = assessComponent([deploymentDeadlineExceeded], [podCrashLoop]);
    expect(health).toMatchObject({ status: 'Degraded', reason: 'CrashLoopBackOff' });
  });

  it('prefers OOMKilled over a plain crash loop among several pods', () => {
    const other = tweak(podCrashLoop, (p) => (p.metadata.name = 'web-aaaa'));
    expect(
      assessComponent(
        [deploymentRolling],
        [other, tweak(podOOMKilled, (p) => (p.metadata.name = 'web-zzzz'))],
      ).reason,
    ).toBe('OOMKilled');
  });

  it('surfaces Unschedulable with the scheduler message for a Progressing workload', () => {
    const trainer = tweak(deploymentRolling, (d) => (d.metadata.name = 'trainer'));
    expect(assessComponent([trainer], [podUnschedulable])).toMatchObject({
      status: 'Degraded',
      reason: 'Unschedulable',
      message: 'Unschedulable: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
    });
  });

  it('explains a Progressing workload without pods by its latest Warning event', () => {
    const events = [
      {
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: 'Scaled up replica set web-5f6d7c8b9a to 1',
        lastTimestamp: '2025-03-01T11:00:00Z',
      },
      {
        type: 'Warning',
        reason: 'FailedCreate',
        message: 'Error creating: pods "web-5f6d7c8b9a-" is forbidden: exceeded quota: compute',
        lastTimestamp: '2025-03-01T11:00:01Z',
        involvedObject: {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web-5f6d7c8b9a',
          namespace: 'shop-dev',
        },
      },
    ];
    expect(assessComponent([deploymentRolling], [], events)).toMatchObject({
      status: 'Progressing',
      reason: 'FailedCreate',
      source: { kind: 'ReplicaSet', name: 'web-5f6d7c8b9a' },
    });
  });

  it('keeps a completed Job Healthy although an earlier attempt failed', () => {
    const failedAttempt = tweak(podRunning, (p) => {
      p.status.phase = 'Failed';
      p.status.containerStatuses[0].state = { terminated: { exitCode: 1, reason: 'Error' } };
    });
    expect(assessComponent([jobComplete], [failedAttempt]).status).toBe('Healthy');
  });

  it('does not escalate a paused Deployment', () => {
    const paused = tweak(deploymentRolling, (d) => (d.spec.paused = true));
    expect(assessComponent([paused], [podImagePullBackOff]).status).toBe('Suspended');
  });

  it('is Missing when nothing of it exists', () => {
    expect(assessComponent([], [])).toMatchObject({ status: 'Missing', reason: 'NotFound' });
  });
});

describe('assessApplication', () => {
  it('is the worst component, named in the message', () => {
    const app = assessApplication({
      redis: { status: 'Healthy' },
      web: { status: 'Degraded', reason: 'ImagePullBackOff', message: 'ImagePullBackOff: container "web" …' },
      migrate: { status: 'Progressing' },
    });
    expect(app).toMatchObject({
      status: 'Degraded',
      reason: 'ImagePullBackOff',
      component: 'web',
      message: 'component web: ImagePullBackOff: container "web" …',
    });
    expect(Object.keys(app.components)).toEqual(['migrate', 'redis', 'web']);
  });

  it('is Healthy when all components are, Missing with none', () => {
    expect(assessApplication({ a: { status: 'Healthy' }, b: { status: 'Healthy' } })).toEqual({
      status: 'Healthy',
      components: { a: { status: 'Healthy' }, b: { status: 'Healthy' } },
    });
    expect(assessApplication({}).status).toBe('Missing');
  });
});
