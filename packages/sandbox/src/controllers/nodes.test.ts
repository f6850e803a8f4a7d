import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/types.js';
import { pod, testCluster, type TestCluster } from './test-cluster.js';

let c: TestCluster;
afterEach(() => c?.stop());

type Cond = { type: string; status: string; reason?: string; message?: string };
const node = (name: string) => c.get('v1', 'Node', undefined, name)!;
const conditions = (o: KubeObject) => ((o.status as { conditions?: Cond[] }).conditions ?? []);
const taints = (o: KubeObject) => ((o.spec as { taints?: { key: string; effect: string }[] }).taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();
const podReady = (name: string) => conditions(c.get('v1', 'Pod', 'default', name)!).find((x) => x.type === 'Ready')?.status;

describe('node NotReady fault', () => {
  it('GIVEN a running pod WHEN its node stops posting status THEN Unknown conditions, unreachable taints, pod not ready; evicted after 300s; back to Ready when the fault clears', () => {
    c = testCluster({ fleet: 1 });
    c.create(pod('web'));
    c.run(5000);
    expect(podReady('web')).toBe('True');

    c.cluster.faults.set({ nodes: [{ node: 'node-1', fault: 'NotReady' }] });
    c.run(30_000, 1000);
    expect(conditions(node('node-1')).find((x) => x.type === 'Ready')?.status).toBe('True'); // within the 40s grace period
    c.run(20_000, 1000);
    const down = node('node-1');
    for (const x of conditions(down)) expect(x).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(taints(down)).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    expect(podReady('web')).toBe('False');
    expect(c.events('default', 'node-1').map((e) => e.reason)).toContain('NodeNotReady');

    c.run(300_000, 5000);
    const evicted = c.get('v1', 'Pod', 'default', 'web');
    expect(evicted === undefined || evicted.metadata.deletionTimestamp !== undefined).toBe(true);
    expect(c.events('default', 'web').map((e) => e.reason)).toContain('TaintManagerEviction');

    c.cluster.faults.set({});
    c.run(15_000, 1000);
    expect(conditions(node('node-1')).find((x) => x.type === 'Ready')).toMatchObject({ status: 'True' });
    expect(taints(node('node-1'))).toEqual([]);
  });

  it('new pods are not scheduled on a node that is down (unreachable NoSchedule taint)', () => {
    c = testCluster({ fleet: 1, faults: { nodes: [{ node: 'node-*', fault: 'NotReady' }] } });
    c.run(60_000, 1000);
    c.create(pod('late'));
    c.run(5000);
    const late = c.get('v1', 'Pod', 'default', 'late')!;
    expect((late.spec as { nodeName?: string }).nodeName).toBeUndefined();
    expect(conditions(late).find((x) => x.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
  });
});
