/**
 * A list-then-watch informer, after @kubernetes/client-node's `ListWatch`: list, then watch
 * from the list's resourceVersion; on 410 Gone relist at once; on any other failure retry
 * with exponential backoff capped at `maxDelayMs`, through an injected `delay` so tests
 * control time. Independent of HTTP: it talks to a {@link WatchSource}.
 */
import type { Informer, KubeObject, Unsubscribe } from './cluster-connection.js';
import { isGone } from './errors.js';

/** One event of a watch stream. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject | Record<string, unknown>;
}

/** Where an informer gets its data: a full list, and a watch from a resourceVersion. */
export interface WatchSource {
  list(): Promise<{ items: KubeObject[]; resourceVersion: string }>;
  /**
   * Start a watch; `onEvent` gets each event; `onEnd` is called once when the stream ends,
   * with the error that ended it (none for a normal close). Returns a function that aborts it.
   */
  watch(
    resourceVersion: string,
    onEvent: (event: WatchEvent) => void,
    onEnd: (err?: unknown) => void,
  ): Promise<() => void>;
}

/** Backoff and timing of an informer. */
export interface InformerTiming {
  /** First retry delay (default 500 ms); doubles per consecutive failure. */
  initialDelayMs?: number;
  /** Cap of the retry delay (default 30 s). */
  maxDelayMs?: number;
  /** Waits `ms`; resolves early when `signal` aborts. Default: a timer. */
  delay?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** A timer-based delay that stops waiting when aborted. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

type Listeners = {
  add: Set<(obj: KubeObject) => void>;
  update: Set<(obj: KubeObject) => void>;
  delete: Set<(obj: KubeObject) => void>;
  error: Set<(err: Error) => void>;
  synced: Set<() => void>;
};

function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

class GoneSignal extends Error {}

/** An {@link Informer} over a {@link WatchSource}. */
export class ListWatchInformer implements Informer {
  private readonly cache = new Map<string, KubeObject>();
  private readonly listeners: Listeners = {
    add: new Set(),
    update: new Set(),
    delete: new Set(),
    error: new Set(),
    synced: new Set(),
  };
  private readonly stopper = new AbortController();
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly delay: (ms: number, signal: AbortSignal) => Promise<void>;
  private running?: Promise<void>;
  private firstSync?: { resolve: () => void; reject: (err: Error) => void; promise: Promise<void> };
  private abortWatch?: () => void;

  constructor(
    private readonly source: WatchSource,
    timing: InformerTiming = {},
  ) {
    this.initialDelayMs = timing.initialDelayMs ?? 500;
    this.maxDelayMs = timing.maxDelayMs ?? 30_000;
    this.delay = timing.delay ?? sleep;
  }

  on(event: 'add' | 'update' | 'delete', listener: (obj: KubeObject) => void): Unsubscribe;
  on(event: 'error', listener: (err: Error) => void): Unsubscribe;
  on(event: 'synced', listener: () => void): Unsubscribe;
  on(event: keyof Listeners, listener: (arg: never) => void): Unsubscribe {
    const set = this.listeners[event] as Set<unknown>;
    set.add(listener);
    return () => set.delete(listener);
  }

  start(): Promise<void> {
    if (!this.firstSync) {
      let resolve!: () => void;
      let reject!: (err: Error) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.firstSync = { resolve, reject, promise };
      this.running = this.run();
    }
    return this.firstSync.promise;
  }

  stop(): void {
    if (this.stopper.signal.aborted) return;
    this.stopper.abort();
    this.abortWatch?.();
    this.firstSync?.reject(new Error('The informer was stopped before its first list'));
  }

  /** Resolves when the loop has exited after `stop()` (for tests and clean shutdown). */
  async stopped(): Promise<void> {
    await this.running;
  }

  list(): KubeObject[] {
    return [...this.cache.values()];
  }

  get(name: string, namespace?: string): KubeObject | undefined {
    return this.cache.get(`${namespace ?? ''}/${name}`);
  }

  private emit<E extends keyof Listeners>(event: E, arg?: unknown): void {
    if (this.stopper.signal.aborted) return;
    for (const listener of this.listeners[event]) {
      try {
        (listener as (a: unknown) => void)(arg);
      } catch {
        // A listener's failure must not stop the informer.
      }
    }
  }

  private async run(): Promise<void> {
    const signal = this.stopper.signal;
    let resourceVersion: string | undefined;
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (resourceVersion === undefined) {
          resourceVersion = await this.relist();
          failures = 0;
          continue;
        }
        const received = await this.watchOnce(resourceVersion, (rv) => (resourceVersion = rv));
        if (received) {
          failures = 0;
        } else if (!signal.aborted) {
          // A watch that ends without a single event: back off so a server that keeps closing
          // streams at once is not hammered.
          await this.delay(Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** failures), signal);
          failures++;
        }
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof GoneSignal || isGone(err)) {
          resourceVersion = undefined; // relist now: our resourceVersion is too old
          continue;
        }
        this.emit('error', err instanceof Error ? err : new Error(String(err)));
        const wait = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** failures);
        failures++;
        await this.delay(wait, signal);
      }
    }
  }

  /** Replace the cache from a full list, emitting the differences; returns the list's resourceVersion. */
  private async relist(): Promise<string> {
    const { items, resourceVersion } = await this.source.list();
    if (this.stopper.signal.aborted) return resourceVersion;
    const seen = new Set<string>();
    for (const obj of items) {
      const key = keyOf(obj);
      seen.add(key);
      const old = this.cache.get(key);
      this.cache.set(key, obj);
      if (!old) this.emit('add', obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.emit('update', obj);
    }
    for (const [key, old] of this.cache) {
      if (!seen.has(key)) {
        this.cache.delete(key);
        this.emit('delete', old);
      }
    }
    this.emit('synced');
    this.firstSync?.resolve();
    return resourceVersion;
  }

  /** Watch until the stream ends; resolves whether any event arrived, rejects with the error that ended it. */
  private watchOnce(fromVersion: string, advance: (rv: string) => void): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      let received = false;
      let ended = false;
      const end = (err?: unknown) => {
        if (ended) return;
        ended = true;
        this.abortWatch = undefined;
        if (err === undefined || err === null || isBenignEnd(err)) resolve(received);
        else reject(err);
      };
      const onEvent = (event: WatchEvent) => {
        if (ended) return;
        if (event.type === 'ERROR') {
          const status = event.object as { code?: number; reason?: string };
          end(
            status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone'
              ? new GoneSignal()
              : new Error(`Watch error: ${JSON.stringify(status)}`),
          );
          return;
        }
        received = true;
        const obj = event.object as KubeObject;
        const rv = obj.metadata?.resourceVersion;
        if (typeof rv === 'string' && rv) advance(rv);
        if (event.type === 'BOOKMARK') return;
        const key = keyOf(obj);
        if (event.type === 'DELETED') {
          this.cache.delete(key);
          this.emit('delete', obj);
        } else {
          const existed = this.cache.has(key);
          this.cache.set(key, obj);
          this.emit(existed ? 'update' : 'add', obj);
        }
      };
      this.source.watch(fromVersion, onEvent, end).then(
        (abort) => {
          if (ended) return;
          this.abortWatch = () => {
            abort();
            end();
          };
          if (this.stopper.signal.aborted) this.abortWatch();
        },
        (err: unknown) => end(err ?? new Error('watch failed')),
      );
    });
  }
}

/** An idle-timeout or a server closing the stream is routine: re-watch at once, no error. */
function isBenignEnd(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}
