import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { applyPatch, jsonPatch, mergePatch } from './patch.js';
import type { KubeObject } from '../store/types.js';

const deployment = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
            ports: [{ containerPort: 80 }, { containerPort: 443 }],
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          },
          { name: 'sidecar', image: 'envoy' },
        ],
        tolerations: [{ key: 'a', operator: 'Exists' }],
      },
    },
  },
});

const containers = (o: KubeObject) => (o.spec as { template: { spec: { containers: Record<string, unknown>[]; tolerations: unknown[] } } }).template.spec;

describe('JSON patch (RFC 6902)', () => {
  it('applies add, replace, remove, move, copy and test', () => {
    const out = jsonPatch({ a: 1, b: [1, 2], c: { d: 1 } }, [
      { op: 'test', path: '/a', value: 1 },
      { op: 'replace', path: '/a', value: 2 },
      { op: 'add', path: '/b/-', value: 3 },
      { op: 'add', path: '/b/0', value: 0 },
      { op: 'remove', path: '/c/d' },
      { op: 'copy', from: '/a', path: '/e' },
      { op: 'move', from: '/e', path: '/f' },
    ]);
    expect(out).toEqual({ a: 2, b: [0, 1, 2, 3], c: {}, f: 2 });
  });

  it('answers 422 when an operation does not apply, and 400 for a malformed patch', () => {
    const e = (() => {
      try {
        jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]);
      } catch (x) {
        return x as ApiError;
      }
    })()!;
    expect(e.status).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(() => jsonPatch({}, [{ op: 'remove', path: '/nope' }])).toThrow(ApiError);
    try {
      jsonPatch({}, { op: 'add' });
    } catch (x) {
      expect((x as ApiError).status.code).toBe(400);
    }
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  it('merges maps, deletes with null and replaces lists', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({ a: { c: 2, d: 3 }, l: [3] });
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name and keeps the others', () => {
    const out = applyPatch('strategic', deployment(), { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } });
    const c = containers(out).containers;
    expect(c.map((x) => [x.name, x.image])).toEqual([
      ['web', 'nginx:2'],
      ['sidecar', 'envoy'],
    ]);
    expect(c[0]!.env).toHaveLength(2);
  });

  it('merges env by name, ports by containerPort and volumeMounts by mountPath', () => {
    const out = applyPatch('strategic', deployment(), {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }],
                ports: [{ containerPort: 80, name: 'http' }],
                volumeMounts: [{ mountPath: '/data', readOnly: true }],
              },
            ],
          },
        },
      },
    });
    const web = containers(out).containers[0]!;
    expect(web.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' },
      { name: 'C', value: '3' },
    ]);
    expect(web.ports).toEqual([{ containerPort: 80, name: 'http' }, { containerPort: 443 }]);
    expect(web.volumeMounts).toEqual([{ name: 'data', mountPath: '/data', readOnly: true }]);
  });

  it('honours $patch: delete on a list item and replaces lists without a merge key (tolerations)', () => {
    const out = applyPatch('strategic', deployment(), {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'sidecar', $patch: 'delete' }],
            tolerations: [{ key: 'b', operator: 'Exists' }],
          },
        },
      },
    });
    expect(containers(out).containers.map((c) => c.name)).toEqual(['web']);
    expect(containers(out).tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
  });

  it('honours $patch: replace on a map and $setElementOrder', () => {
    const out = applyPatch('strategic', deployment(), {
      metadata: { labels: { $patch: 'replace', team: 'x' } },
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }] } } },
    });
    expect(out.metadata.labels).toEqual({ team: 'x' });
    expect(containers(out).containers.map((c) => c.name)).toEqual(['sidecar', 'web']);
  });

  it('deletes a field with null', () => {
    const out = applyPatch('strategic', deployment(), { spec: { replicas: null } });
    expect((out.spec as Record<string, unknown>).replicas).toBeUndefined();
  });

  it('is refused for custom resources with 415', () => {
    try {
      applyPatch('strategic', deployment(), {}, { group: 'x', version: 'v1', resource: 'ws', kind: 'W', namespaced: true, schema: {} });
      throw new Error('expected 415');
    } catch (e) {
      expect((e as ApiError).status.code).toBe(415);
    }
  });
});
