import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/types.js';
import { deployment, testCluster, type TestCluster } from './test-cluster.js';

let c: TestCluster;
afterEach(() => c?.stop());

const st = (o: KubeObject | undefined) => (o?.status ?? {}) as Record<string, number | undefined> & { conditions?: { type: string; status: string; reason: string; message: string }[] };
const getD = (name = 'web') => c.get('apps/v1', 'Deployment', 'default', name)!;
const cond = (o: KubeObject | undefined, type: string) => st(o).conditions?.find((x) => x.type === type);
const pods = (name = 'web') => c.list('v1', 'Pod', 'default', `app=${name}`);

/** What `kubectl rollout status` would conclude. */
function rolloutStatus(d: KubeObject): string {
  const s = st(d);
  const spec = d.spec as { replicas: number };
  if ((d.metadata.generation ?? 0) > (s.observedGeneration ?? 0)) return 'waiting for spec update';
  if (cond(d, 'Progressing')?.reason === 'ProgressDeadlineExceeded') return 'exceeded its progress deadline';
  if ((s.updatedReplicas ?? 0) < spec.replicas) return 'new replicas updating';
  if ((s.replicas ?? 0) > (s.updatedReplicas ?? 0)) return 'old replicas pending termination';
  if ((s.availableReplicas ?? 0) < (s.updatedReplicas ?? 0)) return 'updated replicas not available';
  return 'successfully rolled out';
}

describe('deployment controller', () => {
  it('GIVEN a new Deployment THEN a ReplicaSet <name>-<hash> with revision 1 creates ready pods and the rollout completes', () => {
    c = testCluster();
    c.create(deployment('web', { replicas: 3 }));
    c.run(5000);
    const [rs] = c.list('apps/v1', 'ReplicaSet', 'default');
    const hash = rs!.metadata.labels!['pod-template-hash']!;
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(rs!.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    expect(pods()).toHaveLength(3);
    for (const p of pods()) expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    const d = getD();
    expect(st(d)).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(cond(d, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(cond(d, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${hash}" has successfully progressed.` });
    expect(rolloutStatus(d)).toBe('successfully rolled out');
    const msgs = c.events('default').map((e) => e.message);
    expect(msgs).toContain(`Scaled up replica set web-${hash} from 0 to 3`);
    expect(msgs.filter((m) => String(m).startsWith('Created pod: '))).toHaveLength(3);
  });

  it('scales up and down', () => {
    c = testCluster();
    c.create(deployment('web', { replicas: 2 }));
    c.run(3000);
    const d = getD();
    c.store.update(c.type('apps/v1', 'Deployment'), { ...d, spec: { ...(d.spec as object), replicas: 5 } });
    c.run(3000);
    expect(pods().filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(5);
    const d2 = getD();
    c.store.update(c.type('apps/v1', 'Deployment'), { ...d2, spec: { ...(d2.spec as object), replicas: 1 } });
    c.run(3000);
    expect(pods()).toHaveLength(1);
    expect(st(getD())).toMatchObject({ replicas: 1, availableReplicas: 1 });
  });

  it('GIVEN 4 replicas, maxSurge 1, maxUnavailable 0 WHEN the image changes THEN pods never exceed 5 nor drop below 4 available, and it completes', () => {
    c = testCluster();
    c.create(deployment('web', { replicas: 4, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
    c.run(5000);
    const d = getD();
    const spec = structuredClone(d.spec) as { template: { spec: { containers: { image: string }[] } } };
    spec.template.spec.containers[0]!.image = 'nginx:1.26';
    c.store.update(c.type('apps/v1', 'Deployment'), { ...d, spec });
    let sawProgressing = false;
    for (let i = 0; i < 300; i++) {
      c.run(100);
      const live = pods().filter((p) => !p.metadata.deletionTimestamp);
      const rss = c.list('apps/v1', 'ReplicaSet', 'default');
      const specTotal = rss.reduce((n, rs) => n + ((rs.spec as { replicas: number }).replicas ?? 0), 0);
      expect(specTotal).toBeLessThanOrEqual(5);
      expect(live.length).toBeLessThanOrEqual(5);
      const available = rss.reduce((n, rs) => n + (st(rs).availableReplicas ?? 0), 0);
      expect(available).toBeGreaterThanOrEqual(4);
      if (cond(getD(), 'Progressing')?.reason === 'ReplicaSetUpdated') sawProgressing = true;
    }
    expect(sawProgressing).toBe(true);
    const done = getD();
    expect(rolloutStatus(done)).toBe('successfully rolled out');
    expect(done.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(pods().every((p) => (p.spec as { containers: { image: string }[] }).containers[0]!.image === 'nginx:1.26')).toBe(true);
    expect(c.list('apps/v1', 'ReplicaSet', 'default')).toHaveLength(2);
  });

  it('GIVEN an update to a broken image THEN the rollout stalls, old pods stay available, and after progressDeadlineSeconds Progressing=False ProgressDeadlineExceeded; undo reuses the old ReplicaSet as revision 3', () => {
    c = testCluster({ faults: { pods: [{ match: { image: '*:broken' }, fault: 'ErrImagePull' }] } });
    c.create(deployment('web', { replicas: 2, extra: { progressDeadlineSeconds: 30 } }));
    c.run(4000);
    const firstRs = c.list('apps/v1', 'ReplicaSet', 'default')[0]!;
    const d = getD();
    const spec = structuredClone(d.spec) as { template: { spec: { containers: { image: string }[] } } };
    const goodTemplate = structuredClone(spec.template);
    spec.template.spec.containers[0]!.image = 'nginx:broken';
    c.store.update(c.type('apps/v1', 'Deployment'), { ...d, spec });
    c.run(10_000);
    expect(rolloutStatus(getD())).toBe('new replicas updating');
    expect(st(getD()).availableReplicas).toBeGreaterThanOrEqual(2 - 0);
    c.run(40_000, 1000);
    expect(cond(getD(), 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(rolloutStatus(getD())).toBe('exceeded its progress deadline');
    // kubectl rollout undo: patch the template back to the old ReplicaSet's (without pod-template-hash).
    const back = getD();
    c.store.update(c.type('apps/v1', 'Deployment'), { ...back, spec: { ...(back.spec as object), template: goodTemplate } });
    c.run(10_000);
    const reused = c.get('apps/v1', 'ReplicaSet', 'default', firstRs.metadata.name!)!;
    expect(reused.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(getD().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(rolloutStatus(getD())).toBe('successfully rolled out');
    expect(c.list('apps/v1', 'ReplicaSet', 'default')).toHaveLength(2);
  });

  it('Recreate scales the old ReplicaSet to zero before creating the new one', () => {
    c = testCluster();
    c.create(deployment('web', { replicas: 2, strategy: { type: 'Recreate' } }));
    c.run(3000);
    const d = getD();
    const spec = structuredClone(d.spec) as { template: { spec: { containers: { image: string }[] } } };
    spec.template.spec.containers[0]!.image = 'nginx:2';
    c.store.update(c.type('apps/v1', 'Deployment'), { ...d, spec });
    let mixed = false;
    for (let i = 0; i < 60; i++) {
      c.run(100);
      const images = new Set(pods().map((p) => (p.spec as { containers: { image: string }[] }).containers[0]!.image));
      if (images.size > 1) mixed = true;
    }
    expect(mixed).toBe(false);
    expect(rolloutStatus(getD())).toBe('successfully rolled out');
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', () => {
    c = testCluster();
    c.create(deployment('web', { replicas: 1, extra: { revisionHistoryLimit: 1 } }));
    c.run(3000);
    for (const tag of ['2', '3', '4']) {
      const d = getD();
      const spec = structuredClone(d.spec) as { template: { spec: { containers: { image: string }[] } } };
      spec.template.spec.containers[0]!.image = `nginx:${tag}`;
      c.store.update(c.type('apps/v1', 'Deployment'), { ...d, spec });
      c.run(6000);
    }
    const revisions = c.list('apps/v1', 'ReplicaSet', 'default').map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']).sort();
    expect(revisions).toEqual(['3', '4']);
  });
});
