/**
 * A rate-free work queue in the style of client-go's: keys are deduplicated while waiting, a key
 * is never processed twice at once, and `addAfter` requeues a key later (level-triggered
 * controllers use it for deadlines and delays). Work runs on the cluster clock, never inline in
 * the store listener, so a controller's own writes cannot re-enter it.
 */
import type { Clock, TimerHandle } from '../sim/clock.js';

/** Processes one key; throwing requeues the key after a short backoff. */
export type Reconcile = (key: string) => void;

/** Options of a {@link WorkQueue}. */
export interface WorkQueueOptions {
  /** Name used in error reports. */
  name: string;
  clock: Clock;
  reconcile: Reconcile;
  /** Called when a reconcile throws (the key is retried). */
  onError?: (name: string, key: string, error: unknown) => void;
  /** Retry delay after an error, in ms (default 100). */
  retryMs?: number;
}

/** A deduplicating work queue driven by a {@link Clock}. */
export class WorkQueue {
  private dirty = new Set<string>();
  private drainTimer: TimerHandle | undefined;
  private readonly delayed = new Map<string, { at: number; timer: TimerHandle }>();
  private stopped = false;

  constructor(private readonly opts: WorkQueueOptions) {}

  /** Queues `key` for processing as soon as possible. */
  add(key: string): void {
    if (this.stopped) return;
    this.dirty.add(key);
    if (!this.drainTimer) this.drainTimer = this.opts.clock.setTimer(0, () => this.drain());
  }

  /** Queues `key` after `ms`; an earlier pending request for the same key wins. */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) return this.add(key);
    const at = this.opts.clock.now() + ms;
    const existing = this.delayed.get(key);
    if (existing && existing.at <= at) return;
    existing?.timer.cancel();
    const timer = this.opts.clock.setTimer(ms, () => {
      this.delayed.delete(key);
      this.add(key);
    });
    this.delayed.set(key, { at, timer });
  }

  /** Keys waiting for immediate processing. */
  length(): number {
    return this.dirty.size;
  }

  stop(): void {
    this.stopped = true;
    this.drainTimer?.cancel();
    for (const d of this.delayed.values()) d.timer.cancel();
    this.delayed.clear();
    this.dirty.clear();
  }

  private drain(): void {
    this.drainTimer = undefined;
    // Process a bounded batch, then yield to other timers (other controllers, the clock).
    const batch = this.dirty;
    this.dirty = new Set();
    for (const key of batch) {
      if (this.stopped) return;
      try {
        this.opts.reconcile(key);
      } catch (error) {
        this.opts.onError?.(this.opts.name, key, error);
        this.addAfter(key, this.opts.retryMs ?? 100);
      }
    }
  }
}
