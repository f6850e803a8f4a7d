import { describe, expect, it } from 'vitest';
import { assessObject, assessPod } from './index.js';
import {
  podCrashLoop,
  podCreateContainerConfigError,
  podImagePullBackOff,
  podOOMKilled,
  podRunning,
  podUnschedulable,
  tweak,
} from './testdata/objects.js';

describe('Pod health', () => {
  it('is Healthy when Running and Ready', () => {
    expect(assessObject(podRunning)).toEqual({ status: 'Healthy' });
  });

  it('is Progressing while Running but not yet ready, naming the containers', () => {
    const warming = tweak(podRunning, (p) => {
      p.status.conditions[2] = { type: 'Ready', status: 'False', reason: 'ContainersNotReady' };
      p.status.containerStatuses[0].ready = false;
    });
    expect(assessObject(warming)).toEqual({
      status: 'Progressing',
      reason: 'ContainersNotReady',
      message: 'Containers not ready: web',
    });
  });

  it('is Progressing while containers are being created', () => {
    const creating = tweak(
      podImagePullBackOff,
      (p) => (p.status.containerStatuses[0].state = { waiting: { reason: 'ContainerCreating' } }),
    );
    expect(assessObject(creating)).toMatchObject({ status: 'Progressing', reason: 'ContainerCreating' });
  });

  it('is Degraded in ImagePullBackOff, with the image in the message', () => {
    const health = assessObject(podImagePullBackOff);
    expect(health.status).toBe('Degraded');
    expect(health.reason).toBe('ImagePullBackOff');
    expect(health.message).toMatch(
      /^ImagePullBackOff: container "web" \(image ghcr\.io\/acme\/shop:1\.5\.0-typo\): Back-off pulling image/,
    );
  });

  it('is Degraded in ErrImagePull', () => {
    const pull = tweak(podImagePullBackOff, (p) => {
      p.status.containerStatuses[0].state.waiting = {
        reason: 'ErrImagePull',
        message: 'rpc error: code = NotFound',
      };
    });
    expect(assessObject(pull)).toMatchObject({ status: 'Degraded', reason: 'ErrImagePull' });
  });

  it('is Degraded in CrashLoopBackOff', () => {
    expect(assessObject(podCrashLoop)).toMatchObject({ status: 'Degraded', reason: 'CrashLoopBackOff' });
  });

  it('is Degraded with CreateContainerConfigError naming the missing secret', () => {
    expect(assessObject(podCreateContainerConfigError)).toMatchObject({
      status: 'Degraded',
      reason: 'CreateContainerConfigError',
      message: expect.stringContaining('secret "db-credentials" not found'),
    });
  });

  it('reports OOMKilled from the last termination, ahead of the crash loop it causes', () => {
    expect(assessObject(podOOMKilled)).toMatchObject({
      status: 'Degraded',
      reason: 'OOMKilled',
      message: expect.stringContaining('memory limit'),
    });
  });

  it('reports a failing init container', () => {
    const init = tweak(podRunning, (p) => {
      p.spec.initContainers = [{ name: 'wait-db', image: 'busybox:1.36' }];
      p.status.phase = 'Pending';
      p.status.initContainerStatuses = [
        {
          name: 'wait-db',
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } },
          ready: false,
          restartCount: 2,
          image: 'busybox:1.36',
        },
      ];
      p.status.containerStatuses[0].state = { waiting: { reason: 'PodInitializing' } };
    });
    expect(assessObject(init)).toMatchObject({
      status: 'Degraded',
      reason: 'CrashLoopBackOff',
      message: expect.stringContaining('init container "wait-db"'),
    });
  });

  it('is Degraded when unschedulable, with the scheduler message', () => {
    expect(assessObject(podUnschedulable)).toEqual({
      status: 'Degraded',
      reason: 'Unschedulable',
      message: 'Unschedulable: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
    });
  });

  it('gives an unschedulable pod a grace period when asked to', () => {
    const options = { unschedulableGraceMs: 60_000 };
    expect(assessPod(podUnschedulable, { ...options, now: new Date('2025-03-01T10:00:30Z') }).status).toBe(
      'Progressing',
    );
    expect(assessPod(podUnschedulable, { ...options, now: new Date('2025-03-01T10:02:00Z') }).status).toBe(
      'Degraded',
    );
  });

  it('is Healthy when Succeeded and Degraded when Failed, with the reason', () => {
    expect(assessObject(tweak(podRunning, (p) => (p.status.phase = 'Succeeded'))).status).toBe('Healthy');
    const evicted = tweak(podRunning, (p) => {
      p.status = { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' };
    });
    expect(assessObject(evicted)).toEqual({
      status: 'Degraded',
      reason: 'Evicted',
      message: 'Evicted: The node was low on resource: memory.',
    });
    const exited = tweak(podRunning, (p) => {
      p.status.phase = 'Failed';
      p.status.containerStatuses[0].state = { terminated: { exitCode: 2, reason: 'Error' } };
    });
    expect(assessObject(exited)).toMatchObject({
      status: 'Degraded',
      reason: 'Error',
      message: 'Error: container "web" (image ghcr.io/acme/shop:1.4.0) exited with code 2',
    });
  });

  it('is Progressing while terminating and Unknown when its node is lost', () => {
    expect(
      assessObject(tweak(podCrashLoop, (p) => (p.metadata.deletionTimestamp = '2025-03-01T10:09:00Z')))
        .reason,
    ).toBe('Terminating');
    expect(assessObject(tweak(podRunning, (p) => (p.status.phase = 'Unknown'))).status).toBe('Unknown');
  });
});
