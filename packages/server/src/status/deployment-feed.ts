/**
 * Which application environments are deployed, read from delivery's `deployments` table for the
 * health recorder: every deployed key at start, then the deliveries recorded since a time — by
 * their time-ordered ids, so a poll is one range read of the primary key, and deliveries made by
 * other processes are seen too.
 */
import type { Kysely } from 'kysely';
import type { DeploymentsTable } from '../delivery/deployments.js';
import type { Store } from '../store/open-store.js';

/** One application environment that has been deployed, and the run of a delivery to it. */
export interface DeliveryKey {
  workspace: string;
  app: string;
  environment: string;
  runId: string;
  deployedAt: string;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The time part of an id made at `ms` (see `newId`): every id made at or after `ms` sorts at or after it. */
export function idFloor(ms: number): string {
  let out = '';
  let t = Math.max(0, Math.floor(ms));
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

/** Reads the keys of recorded deliveries. */
export class DeploymentFeed {
  private readonly db: Kysely<{ deployments: DeploymentsTable }>;

  constructor(store: Store) {
    this.db = store.db.withTables<{ deployments: DeploymentsTable }>() as unknown as Kysely<{ deployments: DeploymentsTable }>;
  }

  /** Every (workspace, application, environment) with a recorded delivery. */
  async deployed(): Promise<Array<Pick<DeliveryKey, 'workspace' | 'app' | 'environment'>>> {
    return this.db.selectFrom('deployments').select(['workspace', 'app', 'environment']).distinct().execute();
  }

  /** Deliveries recorded at or after `sinceMs`, oldest first, at most `limit`. */
  async recordedSince(sinceMs: number, limit = 1000): Promise<DeliveryKey[]> {
    const rows = await this.db
      .selectFrom('deployments')
      .select(['workspace', 'app', 'environment', 'run_id', 'deployed_at'])
      .where('id', '>=', idFloor(sinceMs))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ workspace: r.workspace, app: r.app, environment: r.environment, runId: r.run_id, deployedAt: r.deployed_at }));
  }
}
