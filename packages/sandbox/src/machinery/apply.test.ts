import { describe, expect, it } from 'vitest';
import type { ApiError } from './errors.js';
import { createResourceRegistry } from '../resources/registry.js';
import { createObjectStore } from '../store/memory-store.js';
import type { KubeObject } from '../store/types.js';

function setup() {
  const reg = createResourceRegistry();
  const store = createObjectStore(reg, { clock: () => new Date('2024-05-01T10:00:00Z') });
  store.create(reg.byResource('', 'v1', 'namespaces')!, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return { store, deploys: reg.byResource('apps', 'v1', 'deployments')!, cms: reg.byResource('', 'v1', 'configmaps')! };
}

const config = (replicas: number | undefined, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    ...(replicas === undefined ? {} : { replicas }),
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1' }] } },
    ...extra,
  },
});

function conflict(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected a conflict');
}

describe('server-side apply', () => {
  it('creates the object when absent and records an Apply entry in fieldsV1 form', () => {
    const { store, deploys } = setup();
    const out = store.patch(deploys, 'default', 'web', 'apply', config(2), { fieldManager: 'berth' });
    expect((out.spec as { replicas: number }).replicas).toBe(2);
    const entry = (out.metadata.managedFields as Record<string, unknown>[])[0]!;
    expect(entry).toMatchObject({ manager: 'berth', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    const f = entry.fieldsV1 as Record<string, Record<string, Record<string, unknown>>>;
    expect(f['f:spec']!['f:replicas']).toEqual({});
    expect(f['f:spec']!['f:template']!['f:spec']).toEqual({
      'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
    });
  });

  it('conflicts with another manager owning a field with a different value, unless forced', () => {
    const { store, deploys } = setup();
    store.patch(deploys, 'default', 'web', 'apply', config(2), { fieldManager: 'berth' });
    store.patch(deploys, 'default', 'web', 'merge', { spec: { replicas: 5 } }, { fieldManager: 'kubectl-client-side-apply' });
    const e = conflict(() => store.patch(deploys, 'default', 'web', 'apply', config(3), { fieldManager: 'berth' }));
    expect(e.status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      details: { causes: [{ reason: 'FieldManagerConflict', field: '.spec.replicas' }] },
    });
    const forced = store.patch(deploys, 'default', 'web', 'apply', config(3), { fieldManager: 'berth', force: true });
    expect((forced.spec as { replicas: number }).replicas).toBe(3);
    const managers = (forced.metadata.managedFields as { manager: string; fieldsV1: { 'f:spec'?: Record<string, unknown> } }[]).map((m) => [m.manager, !!m.fieldsV1['f:spec']?.['f:replicas']]);
    expect(managers).toContainEqual(['berth', true]);
    expect(managers).not.toContainEqual(['kubectl-client-side-apply', true]);
  });

  it('does not conflict when the other manager holds the same value', () => {
    const { store, deploys } = setup();
    store.patch(deploys, 'default', 'web', 'apply', config(2), { fieldManager: 'a' });
    const out = store.patch(deploys, 'default', 'web', 'apply', config(2), { fieldManager: 'b' });
    expect((out.metadata.managedFields as unknown[]).length).toBe(2);
  });

  it('removes fields the applier no longer declares when no one else owns them', () => {
    const { store, deploys } = setup();
    store.patch(deploys, 'default', 'web', 'apply', config(2, { minReadySeconds: 5 }), { fieldManager: 'berth' });
    const out = store.patch(deploys, 'default', 'web', 'apply', config(2), { fieldManager: 'berth' });
    expect((out.spec as Record<string, unknown>).minReadySeconds).toBeUndefined();
  });

  it('keeps a dropped field another manager also owns', () => {
    const { store, cms } = setup();
    const cm = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data });
    store.patch(cms, 'default', 'c', 'apply', cm({ a: '1', b: '2' }), { fieldManager: 'one' });
    store.patch(cms, 'default', 'c', 'apply', cm({ b: '2' }), { fieldManager: 'two' });
    const out = store.patch(cms, 'default', 'c', 'apply', cm({}), { fieldManager: 'one' });
    expect(out.data).toEqual({ b: '2' });
  });

  it('requires a fieldManager', () => {
    const { store, deploys } = setup();
    expect(conflict(() => store.patch(deploys, 'default', 'web', 'apply', config(1))).status.code).toBe(400);
  });
});
