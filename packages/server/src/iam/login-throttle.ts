import { isIPv6 } from 'node:net';

/** Limits of {@link LoginThrottle}. */
export interface ThrottleLimits {
  /** Failures allowed per (user name, source IP) inside the window before attempts are refused. */
  maxFailures: number;
  /** Failures allowed per source across every user name (password spraying) inside the window. */
  maxFailuresPerSource: number;
  windowMs: number;
}

/** 5 failures per user and IP, 30 per IP, in a sliding minute. */
export const DEFAULT_LOGIN_LIMITS: ThrottleLimits = {
  maxFailures: 5,
  maxFailuresPerSource: 30,
  windowMs: 60_000,
};

/**
 * Counts failed logins in a sliding window, per (user name, source IP) and per source across
 * user names; an attempt is refused while either is over its limit. An IPv6 source counts by its
 * /64, which one client usually holds whole. Kept in memory: with several replicas each one
 * limits on its own, which still bounds guessing.
 */
export class LoginThrottle {
  readonly #perUser: FailureLog;
  readonly #perSource: FailureLog;

  constructor(limits: ThrottleLimits = DEFAULT_LOGIN_LIMITS, now: () => number = Date.now) {
    this.#perUser = new FailureLog(limits.maxFailures, limits.windowMs, now);
    this.#perSource = new FailureLog(limits.maxFailuresPerSource, limits.windowMs, now);
  }

  /** Seconds to wait before the next attempt, or 0 when an attempt is allowed now. */
  retryAfter(username: string, ip: string): number {
    return Math.max(
      this.#perUser.retryAfter(userKey(username, ip)),
      this.#perSource.retryAfter(sourceOf(ip)),
    );
  }

  /** Notes a failed attempt. */
  fail(username: string, ip: string): void {
    this.#perUser.add(userKey(username, ip));
    this.#perSource.add(sourceOf(ip));
  }

  /**
   * Forgets the user's failures from this IP after a successful login. The source's count stays:
   * an attacker holding one account must not reset it by signing in between guesses.
   */
  succeed(username: string, ip: string): void {
    this.#perUser.forget(userKey(username, ip));
  }
}

/** Timestamps of recent failures per key, limited to `max` inside `windowMs`. */
class FailureLog {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  retryAfter(key: string): number {
    const recent = this.#recent(key);
    if (recent.length < this.max) return 0;
    const oldest = recent[recent.length - this.max]!;
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  add(key: string): void {
    const recent = this.#recent(key);
    recent.push(this.now());
    this.#failures.set(key, recent);
    if (this.#failures.size > 100_000) this.#sweep();
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.#failures.get(key) ?? []).filter((t) => t > since);
  }

  #sweep(): void {
    for (const [key] of this.#failures) if (this.#recent(key).length === 0) this.#failures.delete(key);
  }
}

function userKey(username: string, ip: string): string {
  return `${username.toLowerCase()}\u0000${ip}`;
}

/** The source a per-IP count applies to: the IPv4 address, or the /64 of an IPv6 one. */
export function sourceOf(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const address = ip.split('%')[0]!.toLowerCase();
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/.test(address)) return address.slice('::ffff:'.length);
  const [head = '', tail] = address.split('::');
  const front = head === '' ? [] : head.split(':');
  const back = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
