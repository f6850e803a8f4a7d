/**
 * Watch streams: newline-delimited JSON events over a chunked response. Without a
 * resourceVersion (or with "0") the current objects come first as ADDED; from a resourceVersion
 * the store's event window is replayed, and a too-old one ends in an ERROR event carrying a
 * 410 Expired Status, as the apiserver does. Bookmarks, timeoutSeconds, label/field selectors
 * (an object that stops matching is sent as DELETED) and API faults are honoured.
 */
import { ApiError, type Status } from '../machinery/errors.js';
import { parseFieldSelector, parseLabelSelector } from '../machinery/selectors.js';
import type { KubeObject, StoreEvent } from '../store/types.js';
import type { ApiContext } from './context.js';
import { apiFaultFor, faultError } from './faults.js';
import { apiVersionOf, withTypeMeta, type ResourceRequest } from './resources.js';
import { watchEventLine } from './object-json.js';
import { acceptsTable, listTable } from './table.js';

/** Compare two decimal resourceVersions without turning them into numbers. */
export function compareResourceVersions(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

const bookmarkIntervalMs = 5_000;
const defaultTimeoutSeconds = 1800;

/** Serve a watch; resolves when the stream is closed. */
export async function serveWatch(ctx: ApiContext, r: ResourceRequest): Promise<void> {
  const { res, req, query, type, info } = r;
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  let fieldText = query.get('fieldSelector') ?? '';
  if (info.name) fieldText = [fieldText, `metadata.name=${info.name}`].filter(Boolean).join(',');
  const fields = parseFieldSelector(fieldText, type);
  const filtered = !labels.empty || !fields.empty;
  const matches = (o: KubeObject): boolean => labels.matches(o.metadata.labels) && fields.matches(o);
  const inScope = (o: KubeObject): boolean => !type.namespaced || !info.namespace || o.metadata.namespace === info.namespace;
  const table = acceptsTable(req);
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const fault = apiFaultFor(ctx.faults, info);
  if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
  const error = fault ? faultError(fault) : undefined;
  if (error) throw error;

  return new Promise<void>((resolve) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    let closed = false;
    let lastRv = '';
    let resumed = false;
    const seen = new Set<string>();
    const decided = new Set<string>();
    const timers: NodeJS.Timeout[] = [];
    let unsubscribe: () => void = () => {};

    const close = (): void => {
      if (closed) return;
      closed = true;
      unsubscribe();
      for (const t of timers) {
        clearTimeout(t);
        clearInterval(t);
      }
      res.end();
      resolve();
    };
    const write = (eventType: string, object: unknown): void => {
      if (closed) return;
      res.write(JSON.stringify({ type: eventType, object }) + '\n');
    };
    /** Sends an object event: as a Table row, or the object's line shared by every watcher. */
    const send = (eventType: string, o: KubeObject): void => {
      if (closed) return;
      const typed = withTypeMeta(type, o);
      if (table) write(eventType, listTable(type, [typed], o.metadata.resourceVersion ?? '', query, ctx.now()));
      else res.write(watchEventLine(eventType, typed));
    };
    const sendError = (status: Status): void => {
      write('ERROR', status);
      close();
    };
    const keyOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

    const deliver = (event: StoreEvent): void => {
      const o = event.object;
      const rv = o.metadata.resourceVersion ?? '';
      if (rv && lastRv && compareResourceVersions(rv, lastRv) <= 0) return;
      if (rv) lastRv = rv;
      if (!inScope(o)) return;
      const key = keyOf(o);
      if (!filtered) {
        send(event.type, o);
        return;
      }
      const now = matches(o);
      const unknownBefore = resumed && !decided.has(key);
      decided.add(key);
      if (event.type === 'DELETED') {
        if (now || seen.has(key)) send('DELETED', o);
        seen.delete(key);
      } else if (now) {
        const known = seen.has(key) || (resumed && event.type === 'MODIFIED');
        send(known ? 'MODIFIED' : 'ADDED', o);
        seen.add(key);
      } else if (seen.has(key) || unknownBefore) {
        // It stopped matching (or may have: a resumed watch does not know the old object).
        send('DELETED', o);
        seen.delete(key);
      }
    };

    req.on('close', close);
    res.on('close', close);

    if (fault?.expire) {
      sendError(ApiError.expired(`too old resource version: ${query.get('resourceVersion') || '0'} (${ctx.store.currentResourceVersion()})`).status);
      return;
    }
    if (fault?.dropWatchAfterMs !== undefined) timers.push(setTimeout(() => res.destroy(), fault.dropWatchAfterMs));
    const timeout = Number(query.get('timeoutSeconds') ?? defaultTimeoutSeconds);
    timers.push(setTimeout(close, Math.max(0, timeout) * 1000));

    // Buffer live events until the initial state or replay has been written.
    let buffer: StoreEvent[] | undefined = [];
    const isMine = (e: StoreEvent): boolean => e.resource.group === type.group && e.resource.resource === type.resource;
    unsubscribe = ctx.store.subscribe((e) => {
      if (closed || !isMine(e)) return;
      if (buffer) buffer.push(e);
      else deliver(e);
    });

    const rv = query.get('resourceVersion') ?? '';
    try {
      if (rv === '' || rv === '0') {
        const { items, resourceVersion } = ctx.store.list(type, { namespace: info.namespace });
        for (const o of items) {
          if (!matches(o)) continue;
          seen.add(keyOf(o));
          send('ADDED', o);
        }
        lastRv = resourceVersion;
      } else {
        lastRv = rv;
        resumed = true;
        for (const e of ctx.store.eventsSince(rv, type, info.namespace)) deliver(e);
      }
    } catch (e) {
      if (e instanceof ApiError) {
        sendError(e.status);
        return;
      }
      throw e;
    }
    const pending = buffer;
    buffer = undefined;
    for (const e of pending) deliver(e);
    if (query.get('sendInitialEvents') === 'true' && bookmarks) {
      write('BOOKMARK', bookmark(lastRv, { 'k8s.io/initial-events-end': 'true' }));
    }
    if (bookmarks) {
      const t = setInterval(() => write('BOOKMARK', bookmark(maxRv(lastRv, ctx.store.currentResourceVersion()))), bookmarkIntervalMs);
      timers.push(t);
    }
  });

  function bookmark(resourceVersion: string, annotations?: Record<string, string>): unknown {
    const metadata: Record<string, unknown> = { resourceVersion };
    if (annotations) metadata.annotations = annotations;
    return { kind: type.kind, apiVersion: apiVersionOf(type), metadata };
  }
}

function maxRv(a: string, b: string): string {
  if (!a) return b;
  return compareResourceVersions(a, b) >= 0 ? a : b;
}
