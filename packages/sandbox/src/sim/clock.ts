/**
 * Time for the simulated cluster. Controllers never read `Date.now()` or call `setTimeout`
 * directly: they go through a {@link Clock}, so tests can drive a cluster deterministically with
 * a {@link ManualClock} and `advance(ms)`.
 */

/** A cancellable timer handle. */
export interface TimerHandle {
  cancel(): void;
}

/** The time source and timer scheduler of a simulated cluster. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Run `fn` once after `ms` milliseconds (0 = as soon as possible, after the current work). */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

/** A clock on real time (`Date.now`, `setTimeout`); timers do not keep the process alive. */
export function realClock(): Clock {
  return {
    now: () => Date.now(),
    setTimer(ms, fn) {
      const t = setTimeout(fn, Math.max(0, ms));
      t.unref?.();
      return { cancel: () => clearTimeout(t) };
    },
  };
}

/** A clock that only moves when told to: `advance(ms)` fires every timer that falls due, in order. */
export interface ManualClock extends Clock {
  /** Move time forward by `ms`, firing due timers (including timers they set that fall due). */
  advance(ms: number): void;
  /** Fire the timers due now (zero-delay work) without moving time. */
  flush(): void;
  /** Number of timers waiting. */
  pending(): number;
}

interface ManualTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** A manual clock starting at `start` (default 2025-01-01T00:00:00Z). */
export function manualClock(start = Date.UTC(2025, 0, 1)): ManualClock {
  let now = start;
  let seq = 0;
  let timers: ManualTimer[] = [];
  let firing = false;

  function runDue(until: number): void {
    // Re-entrant calls (a timer calling advance) just move time; the outer loop fires.
    if (firing) return;
    firing = true;
    try {
      for (let guard = 0; guard < 10_000_000; guard++) {
        let next: ManualTimer | undefined;
        for (const t of timers) {
          if (t.cancelled || t.at > until) continue;
          if (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
        }
        if (!next) break;
        next.cancelled = true;
        if (next.at > now) now = next.at;
        next.fn();
        if (timers.length > 64 && guard % 64 === 0) timers = timers.filter((t) => !t.cancelled);
      }
      timers = timers.filter((t) => !t.cancelled);
    } finally {
      firing = false;
    }
  }

  return {
    now: () => now,
    setTimer(ms, fn) {
      const timer: ManualTimer = { at: now + Math.max(0, ms), seq: seq++, fn, cancelled: false };
      timers.push(timer);
      return {
        cancel: () => {
          timer.cancelled = true;
        },
      };
    },
    advance(ms) {
      const target = now + Math.max(0, ms);
      runDue(target);
      if (now < target) now = target;
    },
    flush() {
      runDue(now);
    },
    pending: () => timers.filter((t) => !t.cancelled).length,
  };
}
