import { describe, expect, it } from 'vitest';
import type { NodeSummary } from '../kube/cluster-connection.js';
import { formatQuantity, groupKeyOf, summarizeNodes } from './node-groups.js';

const node = (
  name: string,
  labels: Record<string, string>,
  capacity: Record<string, string>,
  ready = true,
): NodeSummary => ({
  name,
  labels,
  taints: [],
  capacity,
  allocatable: capacity,
  ready,
  unschedulable: false,
});

describe('node groups', () => {
  it('GIVEN labels WHEN grouping THEN berth.dev/node-group wins, then instance type, then zone', () => {
    expect(groupKeyOf({ 'berth.dev/node-group': 'gpu', 'node.kubernetes.io/instance-type': 'x' })).toEqual({
      name: 'gpu',
      by: 'node-group',
    });
    expect(
      groupKeyOf({ 'node.kubernetes.io/instance-type': 'm5.large', 'topology.kubernetes.io/zone': 'a' }),
    ).toEqual({ name: 'm5.large', by: 'instance-type' });
    expect(groupKeyOf({ 'topology.kubernetes.io/zone': 'eu-1a' })).toEqual({ name: 'eu-1a', by: 'zone' });
    expect(groupKeyOf({})).toEqual({ name: 'default', by: 'none' });
  });

  it('GIVEN general and GPU nodes WHEN summarized THEN totals and per-group GPUs add up', () => {
    const summary = summarizeNodes([
      node('general-1', { 'berth.dev/node-group': 'general' }, { cpu: '4', memory: '16Gi', pods: '110' }),
      node(
        'general-2',
        { 'berth.dev/node-group': 'general' },
        { cpu: '3500m', memory: '16Gi', pods: '110' },
        false,
      ),
      node(
        'gpu-1',
        { 'berth.dev/node-group': 'gpu' },
        { cpu: '8', memory: '32Gi', pods: '110', 'nvidia.com/gpu': '4' },
      ),
    ]);
    expect(summary).toMatchObject({ count: 3, ready: 2, gpus: { capacity: 4, allocatable: 4 } });
    expect(summary.capacity).toEqual({ cpu: '15500m', memory: '64Gi', 'nvidia.com/gpu': '4', pods: '330' });
    expect(summary.groups.map((g) => [g.name, g.count, g.gpus.capacity, g.capacity.cpu])).toEqual([
      ['general', 2, 0, '7500m'],
      ['gpu', 1, 4, '8'],
    ]);
  });

  it('formats quantities', () => {
    expect(formatQuantity('memory', 1536 * 2 ** 20)).toBe('1536Mi');
    expect(formatQuantity('cpu', 0.25)).toBe('250m');
    expect(formatQuantity('cpu', 12)).toBe('12');
  });
});
