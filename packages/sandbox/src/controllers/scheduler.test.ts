import { afterEach, describe, expect, it } from 'vitest';
import { pod, testCluster, type TestCluster } from './test-cluster.js';
import type { KubeObject } from '../store/types.js';

let c: TestCluster;
afterEach(() => c?.stop());

const status = (p: KubeObject | undefined) => (p?.status ?? {}) as { phase?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };

describe('scheduler', () => {
  it('GIVEN 3 nodes without GPUs WHEN a pod asks for one THEN it stays Pending with the real Unschedulable message and a FailedScheduling event', () => {
    c = testCluster();
    c.create(pod('trainer', { containers: [{ name: 'app', image: 'cuda:12', resources: { limits: { 'nvidia.com/gpu': '1' } } }] }));
    c.run(1000);
    const p = c.get('v1', 'Pod', 'default', 'trainer');
    const msg = '0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    expect(status(p).phase).toBe('Pending');
    expect(status(p).conditions?.find((x) => x.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: msg });
    const ev = c.events('default', 'trainer').find((e) => e.reason === 'FailedScheduling');
    expect(ev).toMatchObject({ type: 'Warning', message: msg, source: { component: 'default-scheduler' } });
  });

  it('GIVEN a GPU pool added later THEN the pending pod gets scheduled there', () => {
    c = testCluster({ fleet: { pools: [{ name: 'cpu', count: 2 }, { name: 'gpu', count: 1, capacity: { 'nvidia.com/gpu': 2 }, labels: { accelerator: 'a100' } }] } });
    c.create(pod('trainer', { containers: [{ name: 'app', image: 'cuda:12', resources: { limits: { 'nvidia.com/gpu': '1' } } }] }));
    c.run(3000);
    const p = c.get('v1', 'Pod', 'default', 'trainer');
    expect((p?.spec as { nodeName?: string }).nodeName).toBe('gpu-1');
    expect(status(p).phase).toBe('Running');
    expect(c.events('default', 'trainer').map((e) => e.message)).toContain('Successfully assigned default/trainer to gpu-1');
    // As on a real cluster: the creator's entry and the kubelet's status entry; the binding
    // (spec.nodeName) is nobody's.
    const entries = (p?.metadata.managedFields ?? []) as { manager: string; subresource?: string; fieldsV1: Record<string, Record<string, unknown>> }[];
    expect(entries.map((e) => `${e.manager}/${e.subresource ?? ''}`)).toEqual(expect.arrayContaining(['kube-controller-manager/', 'kubelet/status']));
    expect(entries.some((e) => e.fieldsV1['f:spec']?.['f:nodeName'])).toBe(false);
  });

  it('explains taints, selectors and cordoned nodes, and schedules nothing with no nodes', () => {
    c = testCluster({
      fleet: {
        pools: [
          { name: 'edge', count: 2, taints: [{ key: 'edge', value: 'true', effect: 'NoSchedule' }] },
          { name: 'core', count: 1, unschedulable: true },
        ],
      },
    });
    c.create(pod('a', { nodeSelector: { disk: 'ssd' } }));
    c.run(500);
    expect(status(c.get('v1', 'Pod', 'default', 'a')).conditions?.[0]?.message).toBe(
      '0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had untolerated taint {edge: true}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
    c.stop();
    c = testCluster({ fleet: 0 });
    c.create(pod('b'));
    c.run(500);
    expect(status(c.get('v1', 'Pod', 'default', 'b')).conditions?.[0]).toMatchObject({ reason: 'Unschedulable', message: 'no nodes available to schedule pods' });
  });

  it('fits by requests against allocatable minus bound pods, and honours required node affinity', () => {
    c = testCluster({ fleet: { pools: [{ name: 'small', count: 2, capacity: { cpu: '1', memory: '2Gi', pods: 110 }, labels: { zone: 'a' } }] } });
    for (const n of ['p1', 'p2']) c.create(pod(n, { containers: [{ name: 'app', image: 'x', resources: { requests: { cpu: '600m' } } }] }));
    c.create(pod('p3', { containers: [{ name: 'app', image: 'x', resources: { requests: { cpu: '600m' } } }] }));
    c.create(
      pod('p4', {
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }] } } },
      }),
    );
    c.run(500);
    const nodes = ['p1', 'p2'].map((n) => (c.get('v1', 'Pod', 'default', n)?.spec as { nodeName?: string }).nodeName);
    expect(new Set(nodes).size).toBe(2);
    expect(status(c.get('v1', 'Pod', 'default', 'p3')).conditions?.[0]?.message).toMatch(/^0\/2 nodes are available: 2 Insufficient cpu\./);
    expect(status(c.get('v1', 'Pod', 'default', 'p4')).conditions?.[0]?.message).toMatch(/^0\/2 nodes are available: 2 node\(s\) didn't match Pod's node affinity\/selector\./);
    // Deleting a bound pod frees room: p3 is scheduled on retry.
    c.store.delete(c.type('v1', 'Pod'), 'default', 'p1', { gracePeriodSeconds: 0 });
    c.run(500);
    expect((c.get('v1', 'Pod', 'default', 'p3')?.spec as { nodeName?: string }).nodeName).toBeTruthy();
  });
});
