import { describe, expect, it } from 'vitest';
import type { ApiError } from './errors.js';
import { createResourceRegistry } from '../resources/registry.js';
import { createObjectStore } from '../store/memory-store.js';
import type { KubeObject } from '../store/types.js';

function setup() {
  const reg = createResourceRegistry();
  // Each write reads the clock once more: one second later every time.
  let tick = 0;
  const store = createObjectStore(reg, { clock: () => new Date(Date.UTC(2024, 4, 1, 10, 0, tick++)) });
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

  it('re-applying the same configuration changes nothing: same resourceVersion, same time', () => {
    const { store, deploys } = setup();
    const first = store.patch(deploys, 'default', 'web', 'apply', config(2), { fieldManager: 'berth' });
    const again = store.patch(deploys, 'default', 'web', 'apply', config(2), { fieldManager: 'berth' });
    expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(again.metadata.managedFields).toEqual(first.metadata.managedFields);
    const changed = store.patch(deploys, 'default', 'web', 'apply', config(3), { fieldManager: 'berth' });
    expect(changed.metadata.resourceVersion).not.toBe(first.metadata.resourceVersion);
    expect(entries(changed)[0]!.time).not.toBe(entries(first)[0]!.time);
  });

  it('refuses managedFields and a foreign apiVersion in the configuration', () => {
    const { store, deploys } = setup();
    const withFields = { ...config(1), metadata: { name: 'web', namespace: 'default', managedFields: [] } };
    expect(conflict(() => store.patch(deploys, 'default', 'web', 'apply', withFields, { fieldManager: 'berth' })).status).toMatchObject({
      code: 400,
      message: 'metadata.managedFields must be nil',
    });
    const beta = { ...config(1), apiVersion: 'apps/v1beta1' };
    expect(conflict(() => store.patch(deploys, 'default', 'web', 'apply', beta, { fieldManager: 'berth' })).status).toMatchObject({
      code: 400,
      message: 'invalid object type: apps/v1beta1, Kind=Deployment',
    });
  });
});

type Entry = { manager: string; operation: string; apiVersion: string; time?: string; subresource?: string; fieldsV1: Record<string, Record<string, unknown>> };
const entries = (o: KubeObject): Entry[] => (o.metadata.managedFields ?? []) as Entry[];
const summary = (o: KubeObject) => entries(o).map((e) => [e.manager, e.operation, e.subresource ?? '', Object.keys(e.fieldsV1).sort().join(',')]);
const status = (fields: Record<string, unknown>): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, status: fields });

describe('server-side apply through the status subresource', () => {
  it('records an Apply entry with subresource status that owns only status fields', () => {
    const { store, deploys } = setup();
    store.patch(deploys, 'default', 'web', 'apply', config(2), { fieldManager: 'ctl' });
    // Spec in a status apply is reset: neither changed nor owned nor in conflict.
    const out = store.patch(deploys, 'default', 'web', 'apply', { ...status({ replicas: 2 }), spec: { replicas: 9 } }, { fieldManager: 'ctl', subresource: 'status' });
    expect((out.spec as { replicas: number }).replicas).toBe(2);
    expect(out.status).toMatchObject({ replicas: 2 });
    expect(summary(out)).toEqual([
      ['ctl', 'Apply', '', 'f:spec'],
      ['ctl', 'Apply', 'status', 'f:status'],
    ]);
    expect(entries(out)[1]!.fieldsV1).toEqual({ 'f:status': { 'f:replicas': {} } });
  });

  it('keeps the status entry when the same manager applies spec, and the spec entry when it applies status', () => {
    const { store, deploys } = setup();
    store.patch(deploys, 'default', 'web', 'apply', config(2), { fieldManager: 'ctl' });
    store.patch(deploys, 'default', 'web', 'apply', status({ replicas: 2 }), { fieldManager: 'ctl', subresource: 'status' });
    const spec = store.patch(deploys, 'default', 'web', 'apply', config(4), { fieldManager: 'ctl' });
    // Sorted as the apiserver sorts: Apply entries by time (the status one is older now).
    expect(summary(spec)).toEqual([
      ['ctl', 'Apply', 'status', 'f:status'],
      ['ctl', 'Apply', '', 'f:spec'],
    ]);
    // A status configuration without a field the applier had removes it (it owned it alone).
    const again = store.patch(deploys, 'default', 'web', 'apply', status({ readyReplicas: 1 }), { fieldManager: 'ctl', subresource: 'status' });
    expect(again.status).toEqual({ readyReplicas: 1 });
    expect((again.spec as { replicas: number }).replicas).toBe(4);
  });

  it('does not own status applied through the main resource', () => {
    const { store, deploys } = setup();
    const out = store.patch(deploys, 'default', 'web', 'apply', { ...config(1), status: { replicas: 7 } }, { fieldManager: 'ctl' });
    // The sent status is dropped: a new Deployment's status is the empty one the apiserver gives it.
    expect(out.status).toEqual({});
    expect(summary(out)).toEqual([['ctl', 'Apply', '', 'f:spec']]);
  });

  it('is 404 on an object that does not exist (status never creates)', () => {
    const { store, deploys } = setup();
    const e = conflict(() => store.patch(deploys, 'default', 'web', 'apply', status({ replicas: 1 }), { fieldManager: 'ctl', subresource: 'status' }));
    expect(e.status).toMatchObject({ code: 404, reason: 'NotFound' });
  });

  it('conflicts on status with a status updater, naming its subresource', () => {
    const { store, deploys } = setup();
    store.patch(deploys, 'default', 'web', 'apply', config(1), { fieldManager: 'ctl' });
    store.patch(deploys, 'default', 'web', 'merge', { status: { replicas: 1 } }, { fieldManager: 'kube-controller-manager', subresource: 'status' });
    const e = conflict(() => store.patch(deploys, 'default', 'web', 'apply', status({ replicas: 3 }), { fieldManager: 'ctl', subresource: 'status' }));
    expect(e.status.message).toBe('Apply failed with 1 conflict: conflict with "kube-controller-manager" with subresource "status" using apps/v1: .status.replicas');
    const forced = store.patch(deploys, 'default', 'web', 'apply', status({ replicas: 3 }), { fieldManager: 'ctl', subresource: 'status', force: true });
    expect(summary(forced)).toEqual([
      ['ctl', 'Apply', '', 'f:spec'],
      ['ctl', 'Apply', 'status', 'f:status'],
    ]);
  });
});

describe('kubectl server-side apply over client-side apply', () => {
  const annotated = (k: string, annotation: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'default', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': annotation } },
    data: { k },
  });
  const applied = (k: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { k } });

  it('takes over the fields the last-applied annotation vouches for, and rewrites the annotation', () => {
    const { store, cms } = setup();
    store.create(cms, annotated('one', '{"apiVersion":"v1","data":{"k":"one"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c","namespace":"default"}}\n'), { fieldManager: 'kubectl-client-side-apply' });
    const out = store.patch(cms, 'default', 'c', 'apply', applied('two'), { fieldManager: 'kubectl' });
    expect(out.data).toEqual({ k: 'two' });
    expect(out.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']).toBe('{"apiVersion":"v1","data":{"k":"two"},"kind":"ConfigMap","metadata":{"name":"c","namespace":"default"}}\n');
    // The client-side applier keeps the annotation and the (now empty-handed) data map itself.
    expect(summary(out)).toEqual([
      ['kubectl', 'Apply', '', 'f:data'],
      ['kubectl-client-side-apply', 'Update', '', 'f:data,f:metadata'],
    ]);
    expect(entries(out)[1]!.fieldsV1['f:data']).toEqual({});
  });

  it('still conflicts on a field changed since the last client-side apply, and for other managers', () => {
    const { store, cms } = setup();
    store.create(cms, annotated('edited', '{"apiVersion":"v1","data":{"k":"one"},"kind":"ConfigMap","metadata":{"name":"c","namespace":"default"}}\n'), { fieldManager: 'kubectl-client-side-apply' });
    expect(conflict(() => store.patch(cms, 'default', 'c', 'apply', applied('two'), { fieldManager: 'kubectl' })).status.code).toBe(409);
    store.update(cms, annotated('one', '{"apiVersion":"v1","data":{"k":"one"},"kind":"ConfigMap","metadata":{"name":"c","namespace":"default"}}\n'), { fieldManager: 'kubectl-client-side-apply' });
    expect(conflict(() => store.patch(cms, 'default', 'c', 'apply', applied('two'), { fieldManager: 'berth' })).status.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.k',
    );
  });
});

