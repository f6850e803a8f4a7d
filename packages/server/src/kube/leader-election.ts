/**
 * Leader election through a `coordination.k8s.io/v1` Lease, as client-go's
 * `tools/leaderelection` does it. Candidates read the Lease; one whose holder is empty, or whose
 * record has not changed for `leaseDurationSeconds` of the candidate's own clock, writes itself
 * as holder with `PUT` and the `resourceVersion` it read, so of two candidates only one wins
 * (the other gets 409 Conflict). The leader renews every retry period and gives up when it could
 * not renew for the renew deadline (shorter than the lease, so it stops before anyone else may
 * start). Stopping releases the Lease (empty holder, 1 s duration) so another candidate takes
 * over at once. A cluster that refuses Leases (403 Forbidden, or it serves no Lease kind) makes
 * the elector lead without an election ("fallback"), which it logs.
 */
import { LABELS } from '@berth/core';
import type { Logger } from 'pino';
import type { ClusterConnection, KubeObject, Unsubscribe } from './cluster-connection.js';
import { isConflict, isNotFound, KubeApiError } from './errors.js';

/** The durations of an election (client-go's names). */
export interface LeaderElectionTiming {
  /** How long a candidate waits, from the last change it saw in the Lease, before taking it over. */
  leaseDurationMs: number;
  /** The leader steps down when it could not renew for this long; shorter than the lease. */
  renewDeadlineMs: number;
  /** Time between attempts to acquire or renew. */
  retryPeriodMs: number;
}

/** client-go's defaults: 15 s lease, 10 s renew deadline, 2 s retry period. */
export const DEFAULT_LEADER_ELECTION: LeaderElectionTiming = {
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
};

/** What the elector needs of a cluster. */
export type LeaseClient = Pick<ClusterConnection, 'get' | 'create' | 'replace' | 'ensureNamespace'>;

/** Options of a {@link LeaderElector}. */
export interface LeaderElectorOptions {
  cluster: LeaseClient;
  /** Namespace of the Lease (created when missing). */
  namespace: string;
  /** Name of the Lease. */
  name: string;
  /** This candidate's `holderIdentity`; unique per process. */
  identity: string;
  timing?: Partial<LeaderElectionTiming>;
  logger: Logger;
  /** Local clock in ms (default `Date.now`). */
  now?: () => number;
}

/** The election record of a Lease's spec. */
interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/** Acquisition retries wait between 1 and 1 + this factor retry periods (client-go's JitterFactor). */
const JITTER_FACTOR = 1.2;

/** The Lease was refused: forbidden, or the cluster serves no Lease kind. */
class LeaseRefused extends Error {}

/** MicroTime as Leases carry it: RFC 3339 with microseconds. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

/** Elects one leader among the candidates of one Lease. */
export class LeaderElector {
  private readonly timing: LeaderElectionTiming;
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();
  /** The Lease as last read or written (its resourceVersion makes writes conditional). */
  private lease: KubeObject | undefined;
  private observed: LeaseSpec = {};
  private observedRaw = '';
  /** Local time the record was last seen to change. */
  private observedAt = 0;
  private lastRenewAt = 0;
  private isLeading = false;
  private isFallback = false;
  private isCutOff = true;
  private loop: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(private readonly options: LeaderElectorOptions) {
    this.timing = { ...DEFAULT_LEADER_ELECTION, ...options.timing };
    this.now = options.now ?? Date.now;
    const { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = this.timing;
    if (!(leaseDurationMs > renewDeadlineMs && renewDeadlineMs > JITTER_FACTOR * retryPeriodMs))
      throw new Error('leader election needs lease duration > renew deadline > 1.2 × retry period');
    if (leaseDurationMs % 1000 !== 0) throw new Error('the lease duration must be whole seconds');
  }

  /** This candidate holds the Lease (or the cluster refused Leases: see {@link fallback}). */
  get leading(): boolean {
    return this.isLeading;
  }

  /** Leading without an election because the cluster refused the Lease. */
  get fallback(): boolean {
    return this.isFallback;
  }

  /** The last attempt got no answer from the cluster, or none was made yet. */
  get cutOff(): boolean {
    return this.isCutOff;
  }

  /** The holder last seen in the Lease (empty when released). */
  get holder(): string | undefined {
    return this.observed.holderIdentity;
  }

  /** Call `listener` whenever {@link leading} changes. */
  onChange(listener: () => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts campaigning (idempotent). */
  start(): void {
    this.loop ??= this.run();
  }

  /** Stops campaigning and, when leading, releases the Lease so another candidate takes over at once. */
  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    // An attempt in flight could renew after the release: wait for it (bounded, the cluster may hang).
    await this.bounded(this.loop ?? Promise.resolve());
    if (this.isLeading && !this.isFallback) await this.bounded(this.release());
    this.setLeading(false, false);
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      await this.attempt();
      if (this.stopping.signal.aborted) return;
      const { retryPeriodMs } = this.timing;
      await this.pause(this.isLeading ? retryPeriodMs : retryPeriodMs * (1 + Math.random() * JITTER_FACTOR));
    }
  }

  /** One try to acquire or renew, and what it means for leadership. */
  private async attempt(): Promise<void> {
    const { logger, namespace, name } = this.options;
    try {
      const won = await this.tryAcquireOrRenew();
      this.isCutOff = false;
      if (won) {
        this.lastRenewAt = this.now();
        if (this.isFallback) logger.info({ lease: `${namespace}/${name}` }, 'the cluster now accepts the watcher Lease; electing');
        this.setLeading(true, false);
      } else if (!this.stillLeading()) this.setLeading(false, false);
    } catch (err) {
      if (err instanceof LeaseRefused || (err instanceof KubeApiError && err.code === 403)) {
        this.isCutOff = false;
        if (!this.isFallback)
          logger.warn(
            { lease: `${namespace}/${name}`, reason: err.message },
            'the cluster refuses the watcher Lease; running as leader without an election',
          );
        this.setLeading(true, true);
        return;
      }
      this.isCutOff = !(err instanceof KubeApiError);
      logger.debug({ lease: `${namespace}/${name}`, err: (err as Error).message }, 'lease request failed');
      if (!this.stillLeading()) this.setLeading(false, this.isFallback);
    }
  }

  /** A leader that failed to renew keeps leading until the renew deadline, unless someone else holds the Lease. */
  private stillLeading(): boolean {
    if (this.isFallback) return this.isLeading;
    return (
      this.isLeading &&
      this.observed.holderIdentity === this.options.identity &&
      this.now() - this.lastRenewAt < this.timing.renewDeadlineMs
    );
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { cluster, identity } = this.options;
    const now = this.now();
    const record = (base: LeaseSpec): LeaseSpec => ({
      holderIdentity: identity,
      leaseDurationSeconds: this.timing.leaseDurationMs / 1000,
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
      ...base,
    });
    const kept = (): LeaseSpec => ({
      ...(this.observed.acquireTime ? { acquireTime: this.observed.acquireTime } : {}),
      leaseTransitions: this.observed.leaseTransitions ?? 0,
    });
    // 1. Fast path: the leader renews what it last wrote.
    if (this.isLeading && !this.isFallback && this.lease && this.observed.holderIdentity === identity && this.valid(now)) {
      try {
        this.observe(await cluster.replace({ ...this.lease, spec: record(kept()) }), now);
        return true;
      } catch (err) {
        if (!(err instanceof KubeApiError)) throw err; // else: someone wrote the Lease; read it
      }
    }
    // 2. Read the Lease, or create it.
    const current = await cluster.get(this.ref());
    if (!current) {
      const created = await this.create(record({}));
      if (!created) return false;
      this.observe(created, now);
      return true;
    }
    this.observe(current, now);
    // 3. Held by another, and not expired by our clock: wait.
    const holder = this.observed.holderIdentity ?? '';
    if (holder !== '' && holder !== identity && this.valid(now)) return false;
    // 4. Take it (or renew it): only the first writer of this resourceVersion succeeds.
    const spec =
      holder === identity ? record(kept()) : record({ leaseTransitions: (this.observed.leaseTransitions ?? 0) + 1 });
    try {
      this.observe(await cluster.replace({ ...current, spec }), now);
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }

  /** Creates the Lease (and its namespace when missing); undefined when another candidate created it first. */
  private async create(spec: LeaseSpec): Promise<KubeObject | undefined> {
    const { cluster, namespace } = this.options;
    const lease: KubeObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { ...this.ref(), labels: { [LABELS.managedBy]: 'berth' } },
      spec,
    };
    for (const retry of [false, true]) {
      try {
        return await cluster.create(lease);
      } catch (err) {
        if (isConflict(err)) return undefined;
        if (!isNotFound(err)) throw err;
        if (retry) throw new LeaseRefused('the cluster does not serve coordination.k8s.io/v1 Lease');
      }
      await cluster.ensureNamespace(namespace, { [LABELS.managedBy]: 'berth' });
    }
    return undefined;
  }

  /** Gives the Lease up: empty holder, 1 s duration, as client-go's `ReleaseOnCancel`. */
  private async release(): Promise<void> {
    const { cluster, identity, logger, namespace, name } = this.options;
    for (let tries = 0; tries < 2 && this.lease && this.observed.holderIdentity === identity; tries++) {
      const now = this.now();
      const spec: LeaseSpec = {
        holderIdentity: '',
        leaseDurationSeconds: 1,
        acquireTime: microTime(now),
        renewTime: microTime(now),
        leaseTransitions: this.observed.leaseTransitions ?? 0,
      };
      try {
        this.observe(await cluster.replace({ ...this.lease, spec }), now);
        logger.info({ lease: `${namespace}/${name}` }, 'released the watcher Lease');
        return;
      } catch (err) {
        if (!isConflict(err)) {
          logger.warn({ lease: `${namespace}/${name}`, err: (err as Error).message }, 'releasing the watcher Lease failed');
          return;
        }
        const current = await cluster.get(this.ref()).catch(() => undefined);
        if (!current) return;
        this.observe(current, now);
      }
    }
  }

  private ref() {
    return { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', name: this.options.name, namespace: this.options.namespace };
  }

  /** Keeps the Lease; the record counts as observed anew only when it changed. */
  private observe(lease: KubeObject, now: number): void {
    this.lease = lease;
    const spec = (lease.spec ?? {}) as LeaseSpec;
    const record: LeaseSpec = {
      holderIdentity: spec.holderIdentity ?? '',
      leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
      ...(spec.acquireTime ? { acquireTime: spec.acquireTime } : {}),
      ...(spec.renewTime ? { renewTime: spec.renewTime } : {}),
      leaseTransitions: spec.leaseTransitions ?? 0,
    };
    const raw = JSON.stringify(record);
    if (raw === this.observedRaw) return;
    this.observed = record;
    this.observedRaw = raw;
    this.observedAt = now;
  }

  /** The observed record has not expired: measured on our clock from when we saw it change. */
  private valid(now: number): boolean {
    return this.observedAt + (this.observed.leaseDurationSeconds ?? 0) * 1000 > now;
  }

  private setLeading(leading: boolean, fallback: boolean): void {
    const changed = leading !== this.isLeading;
    this.isLeading = leading;
    this.isFallback = fallback;
    if (!changed) return;
    const { logger, namespace, name, identity } = this.options;
    logger.info({ lease: `${namespace}/${name}`, identity, fallback }, leading ? 'became the cluster watcher leader' : 'stopped leading the cluster watcher');
    for (const listener of [...this.listeners]) listener();
  }

  private pause(ms: number): Promise<void> {
    const signal = this.stopping.signal;
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** `work`, but no longer than the renew deadline. */
  private async bounded(work: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.timing.renewDeadlineMs)))]);
    clearTimeout(timer);
  }
}
