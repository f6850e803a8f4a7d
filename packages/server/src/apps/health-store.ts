import { type HealthStatus, isWorse } from '@berth/core';
import type { AppDb } from './app-store.js';

/** How an application is doing in one environment, as the status capability last assessed it. */
export interface EnvironmentHealthReport {
  workspace: string;
  app: string;
  environment: string;
  cluster: string;
  health: HealthStatus;
  /** Why, when not Healthy. */
  reason?: string;
  /** The revision deployed in the environment. */
  revision: number;
}

/** What {@link AppHealthStore.record} did: wrote a change, found nothing new, or found no such application. */
export type HealthRecordOutcome = 'changed' | 'unchanged' | 'gone';

/**
 * The last known health of applications (`app_health`, and the worst of it in `apps.health`),
 * which the application list shows and filters on. Written only when something changed, each
 * write in one transaction with the application's roll-up.
 */
export class AppHealthStore {
  constructor(
    private readonly db: AppDb,
    private readonly now: () => Date,
  ) {}

  /** Records the health of an application in one environment; writes only when it differs from the stored one. */
  async record(report: EnvironmentHealthReport): Promise<HealthRecordOutcome> {
    return this.db.transaction().execute(async (trx) => {
      const app = await appOf(trx, report.workspace, report.app);
      if (!app) return 'gone';
      const stored = await trx
        .selectFrom('app_health')
        .selectAll()
        .where('app_id', '=', app.id)
        .where('environment', '=', report.environment)
        .executeTakeFirst();
      const reason = report.reason ?? null;
      if (
        stored &&
        stored.health === report.health &&
        stored.reason === reason &&
        Number(stored.revision) === report.revision &&
        stored.cluster === report.cluster
      )
        return 'unchanged';
      const row = {
        cluster: report.cluster,
        health: report.health,
        reason,
        revision: report.revision,
        changed_at: stored && stored.health === report.health ? stored.changed_at : this.now().toISOString(),
      };
      await trx
        .insertInto('app_health')
        .values({ app_id: app.id, environment: report.environment, ...row })
        .onConflict((oc) => oc.columns(['app_id', 'environment']).doUpdateSet(row))
        .execute();
      await rollUp(trx, app.id);
      return 'changed';
    });
  }

  /** Forgets an application's health in an environment it is no longer deployed to. */
  async forget(workspace: string, app: string, environment: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const found = await appOf(trx, workspace, app);
      if (!found) return;
      const removed = await trx.deleteFrom('app_health').where('app_id', '=', found.id).where('environment', '=', environment).executeTakeFirst();
      if (Number(removed.numDeletedRows) > 0) await rollUp(trx, found.id);
    });
  }
}

/** The application's id, found through the list's index (`sort_key` is `<workspace>/<name>`). */
function appOf(trx: AppDb, workspace: string, name: string): Promise<{ id: string } | undefined> {
  return trx
    .selectFrom('apps')
    .select('id')
    .where('sort_key', '=', `${workspace}/${name}`)
    .where('workspace', '=', workspace)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Sets `apps.health` to the worst health of the application's environments (null when none). */
async function rollUp(trx: AppDb, appId: string): Promise<void> {
  const rows = await trx.selectFrom('app_health').select('health').where('app_id', '=', appId).execute();
  let worst: HealthStatus | null = null;
  for (const { health } of rows) if (worst === null || isWorse(health as HealthStatus, worst)) worst = health as HealthStatus;
  await trx.updateTable('apps').set({ health: worst }).where('id', '=', appId).execute();
}
