/** Limits of {@link LoginThrottle}. */
export interface ThrottleLimits {
  /** Failures allowed inside the window before attempts are refused. */
  maxFailures: number;
  windowMs: number;
}

/**
 * Counts failed logins per (username, source IP) in a sliding window. Kept in memory: with
 * several replicas each one limits on its own, which still bounds guessing.
 */
export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly limits: ThrottleLimits = { maxFailures: 5, windowMs: 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before the next attempt, or 0 when an attempt is allowed now. */
  retryAfter(username: string, ip: string): number {
    const recent = this.#recent(key(username, ip));
    if (recent.length < this.limits.maxFailures) return 0;
    const oldest = recent[recent.length - this.limits.maxFailures]!;
    return Math.max(1, Math.ceil((oldest + this.limits.windowMs - this.now()) / 1000));
  }

  /** Notes a failed attempt. */
  fail(username: string, ip: string): void {
    const k = key(username, ip);
    const recent = this.#recent(k);
    recent.push(this.now());
    this.#failures.set(k, recent);
    if (this.#failures.size > 100_000) this.#sweep();
  }

  /** Forgets failures after a successful login. */
  succeed(username: string, ip: string): void {
    this.#failures.delete(key(username, ip));
  }

  #recent(k: string): number[] {
    const since = this.now() - this.limits.windowMs;
    return (this.#failures.get(k) ?? []).filter((t) => t > since);
  }

  #sweep(): void {
    for (const [k] of this.#failures) if (this.#recent(k).length === 0) this.#failures.delete(k);
  }
}

function key(username: string, ip: string): string {
  return `${username.toLowerCase()}\u0000${ip}`;
}
