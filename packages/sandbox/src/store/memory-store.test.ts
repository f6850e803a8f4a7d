import { describe, expect, it } from 'vitest';
import { ApiError } from '../machinery/errors.js';
import { createResourceRegistry } from '../resources/registry.js';
import { createObjectStore } from './memory-store.js';
import type { KubeObject, ObjectStore, ResourceType, StoreEvent } from './types.js';

const registry = () => createResourceRegistry();

function setup(opts: { watchWindow?: number } = {}) {
  const reg = registry();
  const store = createObjectStore(reg, { clock: () => new Date('2024-05-01T10:00:00.123Z'), ...opts });
  const t = (g: string, v: string, r: string): ResourceType => reg.byResource(g, v, r)!;
  const ns = t('', 'v1', 'namespaces');
  store.create(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return {
    reg,
    store,
    ns,
    pods: t('', 'v1', 'pods'),
    cms: t('', 'v1', 'configmaps'),
    deploys: t('apps', 'v1', 'deployments'),
    rs: t('apps', 'v1', 'replicasets'),
    jobs: t('batch', 'v1', 'jobs'),
    crds: t('apiextensions.k8s.io', 'v1', 'customresourcedefinitions'),
  };
}

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

const pod = (name: string, labels: Record<string, string> = {}, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
  ...extra,
});

const cm = (name: string, meta: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', ...meta },
  data: { a: '1' },
});

const deployment = (name: string, replicas = 1): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
  },
});

function owned(store: ObjectStore, type: ResourceType, obj: KubeObject, owner: KubeObject, block = false): KubeObject {
  return store.create(type, {
    ...obj,
    metadata: {
      ...obj.metadata,
      ownerReferences: [
        { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: block },
      ],
    },
  });
}

describe('object store CRUD', () => {
  it('GIVEN a new object WHEN created THEN the store assigns uid, resourceVersion and creationTimestamp', () => {
    const { store, cms } = setup();
    const created = store.create(cms, cm('a'));
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    // ConfigMaps have no generation (only kinds whose strategy tracks spec changes do).
    expect(created.metadata.generation).toBeUndefined();
    expect(created.metadata.creationTimestamp).toBe('2024-05-01T10:00:00Z');
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(store.get(cms, 'default', 'a')).toEqual(created);
    expect(store.update(cms, { ...created, data: { changed: 'yes' } }).metadata.generation).toBeUndefined();
  });

  it('GIVEN generateName THEN the name gets five random characters', () => {
    const { store, cms } = setup();
    const created = store.create(cms, cm('', { name: undefined, generateName: 'web-' }));
    expect(created.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
  });

  it('GIVEN an existing name THEN create is 409 AlreadyExists', () => {
    const { store, pods } = setup();
    store.create(pods, pod('p'));
    const e = caught(() => store.create(pods, pod('p')));
    expect(e.status).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'pods "p" already exists' });
  });

  it('GIVEN a stale resourceVersion THEN update is 409 Conflict', () => {
    const { store, cms } = setup();
    const created = store.create(cms, cm('a'));
    store.update(cms, { ...created, data: { a: '2' } });
    const e = caught(() => store.update(cms, { ...created, data: { a: '3' } }));
    expect(e.status.reason).toBe('Conflict');
    expect(e.status.message).toBe(
      'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('GIVEN a missing object THEN get is undefined and delete is 404', () => {
    const { store, pods } = setup();
    expect(store.get(pods, 'default', 'nope')).toBeUndefined();
    expect(caught(() => store.delete(pods, 'default', 'nope')).status.message).toBe('pods "nope" not found');
  });

  it('bumps generation only when something other than metadata and status changes', () => {
    const { store, deploys } = setup();
    const d = store.create(deploys, deployment('web'));
    expect(d.metadata.generation).toBe(1);
    const labelled = store.update(deploys, { ...d, metadata: { ...d.metadata, labels: { x: 'y' } } });
    expect(labelled.metadata.generation).toBe(1);
    const withStatus = store.updateStatus(deploys, { ...labelled, status: { replicas: 1 } });
    expect(withStatus.metadata.generation).toBe(1);
    const scaled = store.update(deploys, { ...withStatus, spec: { ...(withStatus.spec as object), replicas: 3 } });
    expect(scaled.metadata.generation).toBe(2);
    expect(scaled.status).toEqual({ replicas: 1 });
  });

  it('keeps status on a main-resource update and spec on a status update', () => {
    const { store, deploys } = setup();
    const d = store.create(deploys, deployment('web'));
    const s = store.updateStatus(deploys, { ...d, spec: { ...(d.spec as object), replicas: 9 }, status: { replicas: 1 } });
    expect((s.spec as { replicas: number }).replicas).toBe(1);
    const u = store.update(deploys, { ...s, status: { replicas: 7 } });
    expect(u.status).toEqual({ replicas: 1 });
  });

  it('GIVEN dryRun THEN nothing is written and no event is emitted', () => {
    const { store, cms } = setup();
    const events: StoreEvent[] = [];
    store.subscribe((e) => events.push(e));
    const out = store.create(cms, cm('dry'), { dryRun: true });
    expect(out.metadata.name).toBe('dry');
    expect(store.get(cms, 'default', 'dry')).toBeUndefined();
    expect(events).toHaveLength(0);
  });

  it('lists with label and field selectors', () => {
    const { store, pods } = setup();
    store.create(pods, pod('a', { app: 'web', tier: 'fe' }));
    store.create(pods, pod('b', { app: 'web' }));
    store.create(pods, pod('c', { app: 'db' }));
    const names = (o: { items: KubeObject[] }) => o.items.map((i) => i.metadata.name);
    expect(names(store.list(pods, { labelSelector: 'app=web' }))).toEqual(['a', 'b']);
    expect(names(store.list(pods, { labelSelector: 'app in (web,db),!tier' }))).toEqual(['b', 'c']);
    expect(names(store.list(pods, { fieldSelector: 'metadata.name=c' }))).toEqual(['c']);
    expect(names(store.list(pods, { fieldSelector: 'spec.nodeName=' }))).toEqual(['a', 'b', 'c']);
    expect(caught(() => store.list(pods, { fieldSelector: 'spec.foo=x' })).status.message).toBe('field label not supported: spec.foo');
  });

  it('records managedFields for the creating manager', () => {
    const { store, cms } = setup();
    const created = store.create(cms, cm('a', { labels: { x: 'y' } }), { fieldManager: 'kubectl-create' });
    expect(created.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } } },
      },
    ]);
  });
});

describe('namespaces', () => {
  it('refuses content in a missing namespace with 404 namespaces "x" not found', () => {
    const { store, cms } = setup();
    const e = caught(() => store.create(cms, { ...cm('a'), metadata: { name: 'a', namespace: 'ghost' } }));
    expect(e.status).toMatchObject({ code: 404, message: 'namespaces "ghost" not found' });
  });

  it('terminates: deletes content, refuses new content with 403, then disappears', () => {
    const { store, ns, cms } = setup();
    store.create(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    store.create(cms, { ...cm('keep'), metadata: { name: 'keep', namespace: 'shop', finalizers: ['example.com/hold'] } });
    store.create(cms, { ...cm('gone'), metadata: { name: 'gone', namespace: 'shop' } });
    const terminating = store.delete(ns, undefined, 'shop');
    expect((terminating.status as { phase: string }).phase).toBe('Terminating');
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    expect(store.get(cms, 'shop', 'gone')).toBeUndefined();
    expect(store.get(cms, 'shop', 'keep')?.metadata.deletionTimestamp).toBeDefined();
    const e = caught(() => store.create(cms, { ...cm('new'), metadata: { name: 'new', namespace: 'shop' } }));
    expect(e.status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'configmaps "new" is forbidden: unable to create new content in namespace shop because it is being terminated',
    });
    const held = store.get(cms, 'shop', 'keep')!;
    store.update(cms, { ...held, metadata: { ...held.metadata, finalizers: [] } });
    expect(store.get(cms, 'shop', 'keep')).toBeUndefined();
    expect(store.get(ns, undefined, 'shop')).toBeUndefined();
  });
});

describe('finalizers and garbage collection', () => {
  it('keeps an object with finalizers until they are removed', () => {
    const { store, cms } = setup();
    store.create(cms, cm('f', { finalizers: ['example.com/x'] }));
    const del = store.delete(cms, 'default', 'f');
    expect(del.metadata.deletionTimestamp).toBe('2024-05-01T10:00:00Z');
    expect(del.metadata.deletionGracePeriodSeconds).toBe(0);
    const current = store.get(cms, 'default', 'f')!;
    const e = caught(() => store.update(cms, { ...current, metadata: { ...current.metadata, finalizers: ['example.com/x', 'new'] } }));
    expect(e.status.reason).toBe('Invalid');
    store.update(cms, { ...current, metadata: { ...current.metadata, finalizers: [] } });
    expect(store.get(cms, 'default', 'f')).toBeUndefined();
  });

  it('Background: deletes the owner at once and its dependents after, transitively', () => {
    const { store, deploys, rs, pods } = setup();
    const d = store.create(deploys, deployment('web'));
    const r = owned(store, rs, { ...deployment('web-1'), apiVersion: 'apps/v1', kind: 'ReplicaSet' }, d);
    owned(store, pods, pod('web-1-a'), r);
    store.delete(deploys, 'default', 'web', { propagationPolicy: 'Background' });
    expect(store.get(deploys, 'default', 'web')).toBeUndefined();
    expect(store.get(rs, 'default', 'web-1')).toBeUndefined();
    expect(store.get(pods, 'default', 'web-1-a')).toBeUndefined();
  });

  it('Foreground: the owner waits with foregroundDeletion until blocking dependents are gone', () => {
    const { store, deploys, pods } = setup();
    const d = store.create(deploys, deployment('web'));
    owned(store, pods, pod('blocker', {}, { metadata: { name: 'blocker', namespace: 'default', finalizers: ['example.com/slow'] } }), d, true);
    const del = store.delete(deploys, 'default', 'web', { propagationPolicy: 'Foreground' });
    expect(del.metadata.finalizers).toContain('foregroundDeletion');
    expect(store.get(deploys, 'default', 'web')?.metadata.deletionTimestamp).toBeDefined();
    const p = store.get(pods, 'default', 'blocker')!;
    expect(p.metadata.deletionTimestamp).toBeDefined();
    store.update(pods, { ...p, metadata: { ...p.metadata, finalizers: [] } });
    expect(store.get(pods, 'default', 'blocker')).toBeUndefined();
    expect(store.get(deploys, 'default', 'web')).toBeUndefined();
  });

  it('Orphan: dependents stay and lose their ownerReference', () => {
    const { store, deploys, pods } = setup();
    const d = store.create(deploys, deployment('web'));
    owned(store, pods, pod('kept'), d);
    store.delete(deploys, 'default', 'web', { propagationPolicy: 'Orphan' });
    expect(store.get(deploys, 'default', 'web')).toBeUndefined();
    const p = store.get(pods, 'default', 'kept')!;
    expect(p.metadata.ownerReferences).toBeUndefined();
  });

  it('batch/v1 Jobs orphan their pods by default, like the apiserver', () => {
    const { store, jobs, pods } = setup();
    const job = store.create(jobs, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j', namespace: 'default' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    owned(store, pods, pod('j-1'), job);
    store.delete(jobs, 'default', 'j');
    expect(store.get(pods, 'default', 'j-1')).toBeDefined();
  });
});

describe('watch window', () => {
  it('replays events after a resourceVersion and answers 410 Expired when it is too old', () => {
    const { store, cms } = setup({ watchWindow: 3 });
    const start = store.currentResourceVersion();
    store.create(cms, cm('a'));
    expect(store.eventsSince(start, cms).map((e) => e.type)).toEqual(['ADDED']);
    for (const n of ['b', 'c', 'd', 'e']) store.create(cms, cm(n));
    const e = caught(() => store.eventsSince(start, cms));
    expect(e.status).toMatchObject({ code: 410, reason: 'Expired' });
    expect(e.status.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
    const recent = store.eventsSince(String(Number(store.currentResourceVersion()) - 2), cms);
    expect(recent.map((x) => x.object.metadata.name)).toEqual(['d', 'e']);
  });

  it('emits DELETED with a new resourceVersion', () => {
    const { store, cms } = setup();
    const created = store.create(cms, cm('a'));
    const events: StoreEvent[] = [];
    store.subscribe((e) => events.push(e));
    store.delete(cms, 'default', 'a');
    expect(events.map((e) => e.type)).toEqual(['DELETED']);
    expect(Number(events[0]!.object.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
  });
});

describe('CRDs and snapshots', () => {
  it('serves a CRD kind, validates it against its schema and removes its objects with it', () => {
    const { store, reg, crds } = setup();
    store.create(crds, {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            subresources: { status: {} },
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 } } },
                  status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                },
              },
            },
          },
        ],
      },
    });
    const widgets = reg.byResource('example.com', 'v1', 'widgets')!;
    expect(widgets).toMatchObject({ kind: 'Widget', namespaced: true, subresources: ['status'] });
    const w = store.create(widgets, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec: { size: 2, extra: 1 } });
    expect(w.spec).toEqual({ size: 2 });
    const e = caught(() =>
      store.create(widgets, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'bad', namespace: 'default' }, spec: { size: 'big' } }),
    );
    expect(e.status.code).toBe(422);
    expect(e.status.details?.causes?.[0]).toMatchObject({ reason: 'FieldValueTypeInvalid', field: 'spec.size' });
    store.delete(crds, undefined, 'widgets.example.com');
    expect(reg.byResource('example.com', 'v1', 'widgets')).toBeUndefined();
    expect(store.get(crds, undefined, 'widgets.example.com')).toBeUndefined();
  });

  it('restores a snapshot', () => {
    const { store, cms, reg } = setup();
    store.create(cms, cm('a'));
    const snap = JSON.parse(JSON.stringify(store.snapshot()));
    const other = createObjectStore(reg);
    other.restore(snap);
    expect(other.get(cms, 'default', 'a')?.data).toEqual({ a: '1' });
    expect(other.currentResourceVersion()).toBe(store.currentResourceVersion());
  });
});
