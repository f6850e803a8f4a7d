import { describe, expect, it } from 'vitest';
import type { KubeObject } from './cluster-connection.js';
import { KubeApiError } from './errors.js';
import { ListWatchInformer, type WatchEvent, type WatchSource } from './informer.js';

const cm = (name: string, rv: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'shop', resourceVersion: rv },
});

/** A scripted source: each list and watch call takes the next step. */
function scriptedSource() {
  const lists: Array<() => Promise<{ items: KubeObject[]; resourceVersion: string }>> = [];
  const watches: Array<(onEvent: (e: WatchEvent) => void, onEnd: (err?: unknown) => void) => void> = [];
  const watchedFrom: string[] = [];
  let listCalls = 0;
  const source: WatchSource = {
    list: () => {
      listCalls++;
      const next = lists.shift();
      return next ? next() : new Promise(() => undefined);
    },
    watch: async (rv, onEvent, onEnd) => {
      watchedFrom.push(rv);
      const next = watches.shift();
      if (next) queueMicrotask(() => next(onEvent, onEnd));
      return () => onEnd();
    },
  };
  return { source, lists, watches, watchedFrom, listCalls: () => listCalls };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(check()).toBe(true);
};

describe('ListWatchInformer', () => {
  it('lists, then applies watch events to its cache and tells listeners', async () => {
    const s = scriptedSource();
    s.lists.push(async () => ({ items: [cm('a', '1')], resourceVersion: '10' }));
    s.watches.push((emit) => {
      emit({ type: 'ADDED', object: cm('b', '11') });
      emit({ type: 'MODIFIED', object: cm('a', '12') });
      emit({ type: 'DELETED', object: cm('b', '13') });
    });
    const informer = new ListWatchInformer(s.source, { delay: async () => undefined });
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`add ${o.metadata.name}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata.name}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata.name}`));
    await informer.start();
    await until(() => seen.length === 4);
    expect(seen).toEqual(['add a', 'add b', 'update a', 'delete b']);
    expect(s.watchedFrom[0]).toBe('10');
    expect(informer.list().map((o) => o.metadata.resourceVersion)).toEqual(['12']);
    informer.stop();
  });

  it('relists at once after 410 Gone and reports the difference, without an error', async () => {
    const s = scriptedSource();
    s.lists.push(async () => ({ items: [cm('a', '1'), cm('b', '2')], resourceVersion: '10' }));
    s.watches.push((emit) =>
      emit({
        type: 'ERROR',
        object: {
          kind: 'Status',
          code: 410,
          reason: 'Expired',
          message: 'too old resource version: 10 (25)',
        },
      }),
    );
    s.lists.push(async () => ({ items: [cm('a', '5'), cm('c', '6')], resourceVersion: '30' }));
    const delays: number[] = [];
    const errors: Error[] = [];
    const informer = new ListWatchInformer(s.source, { delay: async (ms) => void delays.push(ms) });
    const seen: string[] = [];
    informer.on('error', (e) => errors.push(e));
    informer.on('add', (o) => seen.push(`add ${o.metadata.name}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata.name}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata.name}`));
    let synced = 0;
    informer.on('synced', () => synced++);
    await informer.start();
    await until(() => synced === 2);
    expect(seen).toEqual(['add a', 'add b', 'update a', 'add c', 'delete b']);
    expect(errors).toEqual([]);
    expect(delays).toEqual([]);
    await until(() => s.watchedFrom.length === 2);
    expect(s.watchedFrom).toEqual(['10', '30']);
    informer.stop();
  });

  it('treats an HTTP 410 on watch the same way', async () => {
    const s = scriptedSource();
    s.lists.push(async () => ({ items: [], resourceVersion: '10' }));
    s.watches.push((_e, end) => end(new KubeApiError(410, 'Gone', 'Gone')));
    s.lists.push(async () => ({ items: [cm('z', '40')], resourceVersion: '40' }));
    const informer = new ListWatchInformer(s.source, { delay: async () => undefined });
    await informer.start();
    await until(() => informer.get('z', 'shop') !== undefined);
    expect(s.listCalls()).toBe(2);
    informer.stop();
  });

  it('backs off exponentially on failures, capped, and reports each error', async () => {
    const s = scriptedSource();
    for (let i = 0; i < 6; i++)
      s.lists.push(async () => Promise.reject(new Error(`connection refused ${i}`)));
    s.lists.push(async () => ({ items: [], resourceVersion: '1' }));
    const delays: number[] = [];
    const errors: string[] = [];
    const informer = new ListWatchInformer(s.source, {
      initialDelayMs: 100,
      maxDelayMs: 1000,
      delay: async (ms) => void delays.push(ms),
    });
    informer.on('error', (e) => errors.push(e.message));
    await informer.start();
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(errors).toHaveLength(6);
    informer.stop();
  });

  it('stop() ends the loop and silences listeners', async () => {
    const s = scriptedSource();
    s.lists.push(async () => ({ items: [], resourceVersion: '1' }));
    const informer = new ListWatchInformer(s.source, { delay: async () => undefined });
    let calls = 0;
    informer.on('add', () => calls++);
    await informer.start();
    informer.stop();
    await informer.stopped();
    expect(calls).toBe(0);
  });
});
