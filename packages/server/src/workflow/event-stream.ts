import type { FastifyReply, FastifyRequest } from 'fastify';
import { openEventStream } from '../http/event-stream.js';
import type { RunStore, StoredEvent } from './run-store.js';

/** Timing of an SSE stream. */
export interface StreamTiming {
  /** A comment line this often keeps proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
  /** Looks in the store this often for events written by other processes (default 1 s). */
  pollMs?: number;
}

/** Where a stream's events come from; it remembers what it already returned. */
export interface EventFeed {
  /** Events not returned before, in order. */
  next(): Promise<StoredEvent[]>;
  /** The SSE `id` of an event. */
  idOf(event: StoredEvent): number;
  /** Whether a change committed in this process concerns the stream. */
  concerns(event: StoredEvent): boolean;
  /** Ends the stream after this event (a run's `run-finished`). */
  ends?(event: StoredEvent): boolean;
  /** Ends the stream when nothing is left to send (the run had already ended). */
  finished?(): Promise<boolean>;
}

/** The `Last-Event-ID` header (or `?after=`) of a reconnecting client; 0 when absent. */
export function lastEventId(request: FastifyRequest): number {
  const header = request.headers['last-event-id'];
  const after = (request.query as { after?: unknown } | undefined)?.after;
  const value = Number(typeof header === 'string' ? header : typeof after === 'string' ? after : 0);
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/** The events of one run after `seq`, ending with `run-finished`. */
export function runFeed(runs: RunStore, runId: string, after: number): EventFeed {
  let cursor = after;
  return {
    async next() {
      const events = await runs.eventsAfter(runId, cursor);
      if (events.length > 0) cursor = events[events.length - 1]!.seq;
      return events;
    },
    idOf: (event) => event.seq,
    concerns: (event) => event.runId === runId,
    ends: (event) => event.event.type === 'run-finished',
    finished: async () => (await runs.get(runId))?.snapshot.finishedAt !== undefined,
  };
}

/** Ids of events committed out of order (PostgreSQL sequences) are caught up within this window. */
const LATE_WINDOW = 200;

/** The events of every run of a workspace after the global id `after`; never ends. */
export function workspaceFeed(runs: RunStore, workspace: string, after: number): EventFeed {
  let cursor = after;
  const sent = new Set<number>();
  return {
    async next() {
      const floor = Math.max(after, cursor - LATE_WINDOW);
      const fresh = (await runs.workspaceEventsAfter(workspace, floor, 1000)).filter((e) => !sent.has(e.id));
      for (const event of fresh) {
        sent.add(event.id);
        cursor = Math.max(cursor, event.id);
      }
      for (const id of sent) if (id <= cursor - LATE_WINDOW) sent.delete(id);
      return fresh;
    },
    idOf: (event) => event.id,
    concerns: (event) => event.workspace === workspace,
  };
}

/**
 * Streams stored run events as `text/event-stream`: replays what the feed has (from the client's
 * `Last-Event-ID`), then follows — woken by changes this process commits, and polling for other processes' — with
 * heartbeats, until the client goes away or the feed ends.
 */
export async function streamEvents(request: FastifyRequest, reply: FastifyReply, runs: RunStore, feed: EventFeed, timing: StreamTiming = {}): Promise<void> {
  const stream = openEventStream(request, reply, { retryMs: 2000, ...(timing.heartbeatMs !== undefined ? { heartbeatMs: timing.heartbeatMs } : {}) });
  let nudge: (() => void) | undefined;
  const wakeUp = () => nudge?.();
  stream.signal.addEventListener('abort', wakeUp);
  const unsubscribe = runs.onChange((change) => {
    if (change.stored.some((event) => feed.concerns(event))) wakeUp();
  });
  try {
    while (!stream.signal.aborted) {
      const events = await feed.next();
      let ended = false;
      for (const event of events) {
        stream.send(event.event.type, { runId: event.runId, seq: event.seq, ...event.event, at: new Date(event.event.at).toISOString() }, feed.idOf(event));
        if (feed.ends?.(event)) ended = true;
      }
      if (ended || (events.length === 0 && (await feed.finished?.()))) break;
      if (events.length >= 500) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timing.pollMs ?? 1_000);
        function done() {
          clearTimeout(timer);
          nudge = undefined;
          resolve();
        }
        nudge = done;
      });
    }
  } catch (error) {
    request.log.error({ err: error }, 'event stream failed');
  } finally {
    unsubscribe();
    stream.close();
  }
}
