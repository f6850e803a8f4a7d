import { describe, expect, it } from 'vitest';
import { assessObject } from './index.js';
import {
  daemonSetReady,
  deploymentAvailable,
  deploymentDeadlineExceeded,
  deploymentRolling,
  replicaSetReady,
  statefulSetReady,
  tweak,
} from './testdata/objects.js';

describe('Deployment health', () => {
  it('is Healthy when every replica is updated and available', () => {
    expect(assessObject(deploymentAvailable)).toEqual({ status: 'Healthy' });
  });

  it('is Progressing until the controller observes the new generation', () => {
    const edited = tweak(deploymentAvailable, (d) => (d.metadata.generation = 3));
    expect(assessObject(edited)).toMatchObject({ status: 'Progressing', reason: 'NotObserved' });
  });

  it('is Progressing mid rolling update, saying how far it got', () => {
    expect(assessObject(deploymentRolling)).toEqual({
      status: 'Progressing',
      reason: 'RollingUpdate',
      message: 'Waiting for rollout to finish: 1 of 2 new replicas have been updated',
    });
  });

  it('is Progressing while old replicas terminate and while new ones become available', () => {
    const oldLeft = tweak(deploymentRolling, (d) => (d.status.updatedReplicas = 2));
    expect(assessObject(oldLeft).message).toBe(
      'Waiting for rollout to finish: 1 old replicas are pending termination',
    );
    const notAvailable = tweak(deploymentAvailable, (d) => (d.status.availableReplicas = 1));
    expect(assessObject(notAvailable).message).toBe(
      'Waiting for rollout to finish: 1 of 2 updated replicas are available',
    );
  });

  it('is Degraded once the progress deadline is exceeded, with the controller message', () => {
    expect(assessObject(deploymentDeadlineExceeded)).toEqual({
      status: 'Degraded',
      reason: 'ProgressDeadlineExceeded',
      message: 'ReplicaSet "web-5f6d7c8b9a" has timed out progressing.',
    });
  });

  it('is Degraded when pods cannot be created (quota)', () => {
    const quota = tweak(deploymentRolling, (d) =>
      d.status.conditions.push({
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message:
          'pods "web-5f6d7c8b9a-abcde" is forbidden: exceeded quota: compute, requested: cpu=500m, used: cpu=2, limited: cpu=2',
      }),
    );
    expect(assessObject(quota)).toMatchObject({ status: 'Degraded', reason: 'FailedCreate' });
  });

  it('is Suspended when paused', () => {
    const paused = tweak(deploymentRolling, (d) => (d.spec.paused = true));
    expect(assessObject(paused)).toMatchObject({ status: 'Suspended', reason: 'Paused' });
  });

  it('treats a missing replicas field as 1 and zero replicas as Healthy', () => {
    const one = tweak(deploymentAvailable, (d) => {
      delete d.spec.replicas;
      d.status = { observedGeneration: 2 };
    });
    expect(assessObject(one).status).toBe('Progressing');
    const zero = tweak(deploymentAvailable, (d) => {
      d.spec.replicas = 0;
      d.status = { observedGeneration: 2 };
    });
    expect(assessObject(zero).status).toBe('Healthy');
  });
});

describe('StatefulSet health', () => {
  it('is Healthy when all replicas are ready at the current revision', () => {
    expect(assessObject(statefulSetReady)).toEqual({ status: 'Healthy' });
  });

  it('is Progressing while pods are not ready', () => {
    const starting = tweak(statefulSetReady, (s) => (s.status.readyReplicas = 1));
    expect(assessObject(starting)).toMatchObject({
      status: 'Progressing',
      message: 'Waiting for 2 of 3 pods to be ready',
    });
  });

  it('is Progressing while the update revision differs from the current one', () => {
    const updating = tweak(statefulSetReady, (s) => {
      s.status.updateRevision = 'redis-7c9d0e8f5';
      s.status.updatedReplicas = 1;
    });
    expect(assessObject(updating)).toMatchObject({
      status: 'Progressing',
      message: 'Waiting for rolling update to complete: 1 of 3 pods at revision redis-7c9d0e8f5',
    });
  });

  it('with a partition, is Healthy once the pods above it are updated', () => {
    const partitioned = tweak(statefulSetReady, (s) => {
      s.spec.updateStrategy.rollingUpdate.partition = 2;
      s.status.updateRevision = 'redis-7c9d0e8f5';
      s.status.updatedReplicas = 1;
    });
    expect(assessObject(partitioned).status).toBe('Healthy');
  });

  it('with OnDelete, stays Healthy and says pods run the old revision', () => {
    const onDelete = tweak(statefulSetReady, (s) => {
      s.spec.updateStrategy = { type: 'OnDelete' };
      s.status.updateRevision = 'redis-7c9d0e8f5';
      s.status.updatedReplicas = 0;
    });
    expect(assessObject(onDelete)).toMatchObject({
      status: 'Healthy',
      message: expect.stringContaining('OnDelete'),
    });
  });
});

describe('DaemonSet and ReplicaSet health', () => {
  it('DaemonSet is Healthy when every node runs an available updated pod', () => {
    expect(assessObject(daemonSetReady)).toEqual({ status: 'Healthy' });
  });

  it('DaemonSet is Progressing while nodes still run the old template or pods are unavailable', () => {
    expect(assessObject(tweak(daemonSetReady, (d) => (d.status.updatedNumberScheduled = 1))).status).toBe(
      'Progressing',
    );
    expect(assessObject(tweak(daemonSetReady, (d) => (d.status.numberAvailable = 2))).message).toBe(
      'Waiting for daemon set rollout to finish: 2 of 3 updated pods are available',
    );
  });

  it('ReplicaSet is Progressing until its replicas are available', () => {
    expect(assessObject(replicaSetReady)).toEqual({ status: 'Healthy' });
    expect(assessObject(tweak(replicaSetReady, (r) => (r.status.availableReplicas = 0))).status).toBe(
      'Progressing',
    );
  });
});
