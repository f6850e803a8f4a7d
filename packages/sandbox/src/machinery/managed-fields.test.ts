import { describe, expect, it } from 'vitest';
import { createResourceRegistry } from '../resources/registry.js';
import { createObjectStore } from '../store/memory-store.js';
import type { KubeObject } from '../store/types.js';

function setup() {
  const reg = createResourceRegistry();
  let tick = 0;
  const store = createObjectStore(reg, { clock: () => new Date(Date.UTC(2024, 4, 1, 10, 0, tick++)) });
  store.create(reg.byResource('', 'v1', 'namespaces')!, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'default' },
  });
  return {
    store,
    deploys: reg.byResource('apps', 'v1', 'deployments')!,
    cms: reg.byResource('', 'v1', 'configmaps')!,
    pods: reg.byResource('', 'v1', 'pods')!,
  };
}

type Entry = {
  manager: string;
  operation: string;
  apiVersion: string;
  time?: string;
  subresource?: string;
  fieldsV1: Record<string, unknown>;
};
const entries = (o: KubeObject): Entry[] => (o.metadata.managedFields ?? []) as Entry[];
const who = (o: KubeObject) =>
  entries(o).map((e) => `${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ''}`);

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1' }] },
    },
  },
};
const cm = (data: Record<string, string>, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'default', ...(labels ? { labels } : {}) },
  data,
});

describe('managedFields of updates', () => {
  it('records a status write as its own Update entry with subresource status, owning only status', () => {
    const { store, deploys } = setup();
    store.create(deploys, deployment, { fieldManager: 'ctl' });
    // Spec sent to /status is reset: the status writer takes none of it.
    const out = store.patch(
      deploys,
      'default',
      'web',
      'merge',
      { spec: { replicas: 5 }, status: { replicas: 1 } },
      { fieldManager: 'ctl', subresource: 'status' },
    );
    expect((out.spec as { replicas: number }).replicas).toBe(1);
    expect(who(out)).toEqual(['ctl/Update', 'ctl/Update/status']);
    expect(entries(out)[1]!.fieldsV1).toEqual({ 'f:status': { 'f:replicas': {} } });
    expect((entries(out)[0]!.fieldsV1['f:spec'] as Record<string, unknown>)['f:replicas']).toEqual({});
    // A later spec update by the same manager keeps the status entry.
    const spec = store.patch(
      deploys,
      'default',
      'web',
      'merge',
      { spec: { replicas: 2 } },
      { fieldManager: 'ctl' },
    );
    expect(who(spec)).toEqual(['ctl/Update/status', 'ctl/Update']);
  });

  it("moves an updater's time only when it takes fields, and removes fields from every owner", () => {
    const { store, cms } = setup();
    const created = store.create(cms, cm({ a: '1', b: '2' }), { fieldManager: 'creator' });
    const removed = store.update(
      cms,
      { ...cm({ a: '1' }), metadata: created.metadata },
      { fieldManager: 'cleaner' },
    );
    // Only removing: no entry for the cleaner, and the creator keeps its time but not the field.
    expect(who(removed)).toEqual(['creator/Update']);
    expect(entries(removed)[0]!.time).toBe(entries(created)[0]!.time);
    expect(entries(removed)[0]!.fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:a': {} } });
    const changed = store.patch(
      cms,
      'default',
      'c',
      'merge',
      { data: { a: '2' } },
      { fieldManager: 'creator' },
    );
    expect(entries(changed)[0]!.time).not.toBe(entries(created)[0]!.time);
  });

  it('takes managedFields sent with an update as they are, and resets them on [{}]', () => {
    const { store, cms } = setup();
    const created = store.create(cms, cm({ a: '1' }), { fieldManager: 'creator' });
    const edited = [{ ...entries(created)[0]!, manager: 'renamed' }];
    const renamed = store.update(cms, {
      ...created,
      metadata: { ...created.metadata, managedFields: edited },
    });
    expect(who(renamed)).toEqual(['renamed/Update']);
    // Invalid entries (no operation) are ignored: the live ones stay.
    const invalid = store.update(cms, {
      ...renamed,
      metadata: { ...renamed.metadata, managedFields: [{ manager: 'x', fieldsType: 'FieldsV1' }] },
    });
    expect(who(invalid)).toEqual(['renamed/Update']);
    const reset = store.patch(cms, 'default', 'c', 'merge', { metadata: { managedFields: [{}] } });
    expect(reset.metadata.managedFields).toBeUndefined();
    // Without managedFields in the request (a client that does not know them), the live ones stay.
    const kept = store.patch(cms, 'default', 'c', 'merge', { data: { b: '2' } }, { fieldManager: 'other' });
    expect(who(kept)).toEqual(['other/Update']);
  });

  it('merges the oldest of more than ten updaters into ancient-changes', () => {
    const { store, cms } = setup();
    store.create(cms, cm({ k0: 'v' }), { fieldManager: 'm0' });
    for (let i = 1; i <= 10; i++)
      store.patch(cms, 'default', 'c', 'merge', { data: { [`k${i}`]: 'v' } }, { fieldManager: `m${i}` });
    const out = store.get(cms, 'default', 'c')!;
    expect(who(out)).toHaveLength(10);
    const ancient = entries(out).find((e) => e.manager === 'ancient-changes')!;
    expect(ancient).toMatchObject({ operation: 'Update', apiVersion: 'v1' });
    expect(ancient.fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:k0': {}, 'f:k1': {} } });
    expect(who(out)).not.toContain('m0/Update');
    expect(who(out)).not.toContain('m1/Update');
  });

  it('leaves what admission and the create strategy add to a new pod to nobody', () => {
    const { store, pods } = setup();
    const pod = store.create(
      pods,
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { generateName: 'web-', namespace: 'default' },
        spec: { containers: [{ name: 'app', image: 'nginx' }] },
      },
      { fieldManager: 'kube-controller-manager' },
    );
    expect(pod.status).toMatchObject({ phase: 'Pending' });
    const fields = entries(pod)[0]!.fieldsV1;
    expect(Object.keys(fields).sort()).toEqual(['f:metadata', 'f:spec']);
    expect(fields['f:metadata']).toEqual({ 'f:generateName': {} });
  });
});
