import { describe, expect, it } from 'vitest';
import type { AppStatus } from '../../api/types.js';
import { buildTopology, LAYOUT } from './build-topology.js';

const STATUS: Pick<AppStatus, 'components'> = {
  components: [
    {
      name: 'web',
      health: 'Degraded',
      reason: 'ImagePullBackOff: image acme/web:9 not found',
      objects: [
        { kind: 'Service', name: 'web', health: 'Healthy' },
        { kind: 'Deployment', name: 'web', health: 'Progressing', reason: 'waiting for rollout' },
      ],
      pods: [
        { name: 'web-abc', phase: 'Running', ready: true, restarts: 0, health: 'Healthy' },
        { name: 'web-def', phase: 'Pending', ready: false, restarts: 0, health: 'Degraded', reason: 'ImagePullBackOff' },
      ],
    },
    {
      name: 'redis',
      health: 'Healthy',
      objects: [{ kind: 'StatefulSet', name: 'redis', health: 'Healthy' }],
      pods: [{ name: 'redis-0', phase: 'Running', ready: true, restarts: 0, health: 'Healthy' }],
    },
  ],
};

describe('buildTopology', () => {
  it('GIVEN a status WHEN built THEN components → objects → pods, each with health and reason', () => {
    const { nodes, edges } = buildTopology(STATUS);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(nodes).toHaveLength(2 + 3 + 3);
    expect(byId.get('c:web')?.data).toMatchObject({ kind: 'Component', health: 'Degraded', reason: 'ImagePullBackOff: image acme/web:9 not found' });
    expect(byId.get('p:web-def')?.data).toMatchObject({ kind: 'Pod', health: 'Degraded', reason: 'ImagePullBackOff', pod: 'web-def' });
    expect(byId.get('o:web:Service/web')?.data.reason).toBeUndefined();
    expect(edges.map((e) => `${e.source} -> ${e.target}`).sort()).toEqual([
      'c:redis -> o:redis:StatefulSet/redis',
      'c:web -> o:web:Deployment/web',
      'c:web -> o:web:Service/web',
      'o:redis:StatefulSet/redis -> p:redis-0',
      'o:web:Deployment/web -> p:web-abc',
      'o:web:Deployment/web -> p:web-def',
    ]);
    expect(edges.find((e) => e.target === 'o:web:Deployment/web')?.animated).toBe(true);
  });

  it('lays columns out by level and never overlaps rows of different components', () => {
    const { nodes } = buildTopology(STATUS);
    for (const n of nodes) {
      const column = n.id.startsWith('c:') ? LAYOUT.component : n.id.startsWith('o:') ? LAYOUT.object : LAYOUT.pod;
      expect(n.position.x).toBe(column);
    }
    const spots = nodes.map((n) => `${n.position.x}/${n.position.y}`);
    expect(new Set(spots).size).toBe(spots.length);
  });

  it('is deterministic and puts pods under the component when there is no workload object', () => {
    const bare = { components: [{ name: 'job', health: 'Missing' as const, objects: [], pods: [{ name: 'job-x', phase: 'Failed', ready: false, restarts: 0, health: 'Degraded' as const }] }] };
    expect(buildTopology(bare)).toEqual(buildTopology(structuredClone(bare)));
    expect(buildTopology(bare).edges).toEqual([{ id: 'c:job->p:job-x', source: 'c:job', target: 'p:job-x', animated: false, data: { health: 'Degraded' } }]);
    expect(buildTopology({ components: [] })).toEqual({ nodes: [], edges: [] });
  });
});
