import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import { keysetMergePage, MAX_MERGED_BRANCHES } from '../http/keyset-merge.js';
import type { Page, PageRequest } from '../http/pagination.js';
import type { CoreTables } from '../store/schema.js';
import { storedVersion } from '../store/ids.js';
import type { AppHealthTable } from './health-migration.js';
import type { AppEnvironmentsTable, AppRevisionsTable, AppsTable, AppTables } from './migration.js';
import type { ValidatedSpec } from './submission.js';

/** The database of the apps capability. */
export type AppDb = Kysely<CoreTables & AppTables>;
type Tx = Transaction<CoreTables & AppTables>;
type AppQuery = SelectQueryBuilder<CoreTables & AppTables, 'apps', AppsTable>;

/** An application row with its current revision's spec, environments, labels and last known health per environment. */
export interface StoredApp {
  row: AppsTable;
  current: AppRevisionsTable;
  environments: AppEnvironmentsTable[];
  labels: Record<string, string>;
  health: AppHealthTable[];
}

/** An application as listed (without its spec). */
export type ListedApp = Omit<StoredApp, 'current'>;

/** Filters of a list. */
export interface AppFilter {
  workspaces: readonly string[] | 'all';
  /** Applications with an environment of this name. */
  environment?: string;
  /** Applications with an environment on this cluster. */
  cluster?: string;
  label?: { key: string; value?: string };
  /**
   * Last known health among these: the application's worst, or — with `environment` or
   * `cluster` — that of a matching environment.
   */
  health?: readonly string[];
  /** Text the name contains (lower-case). */
  search?: string;
}

/** Queries on the apps tables. Every change of the spec writes a revision in the same transaction. */
export class AppStore {
  constructor(private readonly db: AppDb) {}

  /** Inserts a new application with revision 1; false when the name is taken in the workspace. */
  async create(
    app: Omit<AppsTable, 'revision' | 'resource_version' | 'status' | 'deletion_requested_at' | 'health'>,
    spec: ValidatedSpec,
    revision: { author: string; message: string },
  ): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .insertInto('apps')
        .values({ ...app, revision: 1, resource_version: 1, status: 'active', deletion_requested_at: null, health: null })
        .onConflict((oc) => oc.columns(['workspace_id', 'name']).doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
      await writeRevision(trx, app.id, 1, spec, { ...revision, at: app.created_at });
      return true;
    });
  }

  /**
   * Writes a new revision if the application is still at `expectedVersion` and active; returns
   * `stale`/`deleting` (and changes nothing) otherwise.
   */
  async update(
    id: string,
    expectedVersion: string,
    spec: ValidatedSpec,
    revision: { author: string; message: string; at: string },
  ): Promise<'ok' | 'stale'> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('apps')
        .set({
          revision: sql<number>`revision + 1`,
          resource_version: sql<number>`resource_version + 1`,
          updated_by: revision.author,
          updated_at: revision.at,
        })
        .where('id', '=', id)
        .where('status', '=', 'active')
        .where('resource_version', '=', storedVersion(expectedVersion))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return 'stale';
      const { revision: number } = await trx
        .selectFrom('apps')
        .select('revision')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await writeRevision(trx, id, number, spec, revision);
      return 'ok';
    });
  }

  /** The application `name` of a workspace with its current revision, or undefined. */
  async find(workspace: string, name: string): Promise<StoredApp | undefined> {
    const row = await this.db
      .selectFrom('apps')
      .selectAll()
      .where('workspace', '=', workspace)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) return undefined;
    const [current, environments, labels, health] = await Promise.all([
      this.revision(row.id, row.revision),
      this.db.selectFrom('app_environments').selectAll().where('app_id', '=', row.id).orderBy('name').execute(),
      this.db.selectFrom('app_labels').select(['key', 'value']).where('app_id', '=', row.id).execute(),
      this.db.selectFrom('app_health').selectAll().where('app_id', '=', row.id).orderBy('environment').execute(),
    ]);
    return { row, current: current!, environments, labels: Object.fromEntries(labels.map((l) => [l.key, l.value])), health };
  }

  /** One revision of an application. */
  revision(appId: string, revision: number): Promise<AppRevisionsTable | undefined> {
    return this.db
      .selectFrom('app_revisions')
      .selectAll()
      .where('app_id', '=', appId)
      .where('revision', '=', revision)
      .executeTakeFirst();
  }

  /** Revisions, newest first, `limit` of them below `before`. */
  revisions(appId: string, limit: number, before?: number): Promise<AppRevisionsTable[]> {
    let q = this.db.selectFrom('app_revisions').selectAll().where('app_id', '=', appId);
    if (before !== undefined) q = q.where('revision', '<', before);
    return q.orderBy('revision', 'desc').limit(limit).execute();
  }

  /**
   * A page of applications matching the filter, by workspace then name. Filters and keyset
   * pagination run in SQL — one ordered branch per visible workspace, merged (indexes of
   * `0110_apps` and `0120_apps_health`); only the page's environment, label and health rows
   * are read after.
   */
  async list(filter: AppFilter, page: PageRequest): Promise<Page<ListedApp>> {
    if (filter.workspaces !== 'all' && filter.workspaces.length === 0) return { items: [] };
    if (filter.health?.length === 0) return { items: [] };
    const all = this.db.selectFrom('apps').selectAll('apps');
    const branches =
      filter.workspaces === 'all'
        ? [all]
        : filter.workspaces.length > MAX_MERGED_BRANCHES
          ? [all.where('apps.workspace', 'in', filter.workspaces)]
          : filter.workspaces.map((workspace) => all.where('apps.workspace', '=', workspace));
    const result = await keysetMergePage(this.db, branches.map((q) => this.#filtered(q, filter)), { sort: 'sort_key', id: 'id' }, page);
    const ids = result.items.map((r) => r.id);
    const [envs, labels, health] = ids.length
      ? await Promise.all([
          this.db.selectFrom('app_environments').selectAll().where('app_id', 'in', ids).orderBy('name').execute(),
          this.db.selectFrom('app_labels').selectAll().where('app_id', 'in', ids).execute(),
          this.db.selectFrom('app_health').selectAll().where('app_id', 'in', ids).orderBy('environment').execute(),
        ])
      : [[], [], []];
    return {
      ...result,
      items: result.items.map((row) => ({
        row,
        environments: envs.filter((e) => e.app_id === row.id),
        labels: Object.fromEntries(labels.filter((l) => l.app_id === row.id).map((l) => [l.key, l.value])),
        health: health.filter((h) => h.app_id === row.id),
      })),
    };
  }

  /**
   * The filters of a list (workspaces aside). Those on an environment's name or a label are
   * lookups by primary key as the page is read in order; those on a cluster or a health read
   * the (indexed) matching applications first.
   */
  #filtered(query: AppQuery, filter: AppFilter): AppQuery {
    let q = query;
    const { environment, cluster, health, label } = filter;
    if (cluster !== undefined) {
      let envs = this.db.selectFrom('app_environments').select('app_environments.app_id').where('app_environments.cluster', '=', cluster);
      if (environment !== undefined) envs = envs.where('app_environments.name', '=', environment);
      q = q.where('apps.id', 'in', envs);
    } else if (environment !== undefined) {
      q = q.where(({ exists, selectFrom }) =>
        exists(selectFrom('app_environments').select('app_environments.app_id').whereRef('app_environments.app_id', '=', 'apps.id').where('app_environments.name', '=', environment)),
      );
    }
    if (health && (environment !== undefined || cluster !== undefined)) {
      let healthy = this.db.selectFrom('app_health').select('app_health.app_id').where('app_health.health', 'in', health);
      if (environment !== undefined) healthy = healthy.where('app_health.environment', '=', environment);
      if (cluster !== undefined) healthy = healthy.where('app_health.cluster', '=', cluster);
      q = q.where('apps.id', 'in', healthy);
    } else if (health) {
      q = q.where('apps.health', 'in', health);
    }
    if (label) {
      q = q.where(({ exists, selectFrom }) => {
        let labels = selectFrom('app_labels').select('app_labels.app_id').whereRef('app_labels.app_id', '=', 'apps.id').where('app_labels.key', '=', label.key);
        if (label.value !== undefined) labels = labels.where('app_labels.value', '=', label.value);
        return exists(labels);
      });
    }
    if (filter.search !== undefined) q = q.where(sql<boolean>`apps.name like ${`%${likeEscaped(filter.search)}%`} escape '\\'`);
    return q;
  }

  /** Marks an application for deletion (at a version when given); false when stale. */
  async markDeleting(id: string, at: string, by: string, expectedVersion?: string): Promise<boolean> {
    let q = this.db
      .updateTable('apps')
      .set({
        status: 'deleting',
        deletion_requested_at: at,
        updated_by: by,
        updated_at: at,
        resource_version: sql<number>`resource_version + 1`,
      })
      .where('id', '=', id);
    if (expectedVersion !== undefined) q = q.where('resource_version', '=', storedVersion(expectedVersion));
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Removes an application and its revisions for good. */
  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('apps').where('id', '=', id).execute();
  }

  /** How many applications of these workspaces have each last known health (`null`: never deployed). */
  async healthCounts(workspaces: readonly string[] | 'all'): Promise<Array<{ health: string | null; count: number }>> {
    if (workspaces !== 'all' && workspaces.length === 0) return [];
    let q = this.db.selectFrom('apps').select((eb) => ['apps.health', eb.fn.countAll().as('n')]).groupBy('apps.health');
    if (workspaces !== 'all') q = q.where('apps.workspace', 'in', workspaces);
    const rows = await q.execute();
    return rows.map((r) => ({ health: r.health, count: Number(r.n) }));
  }

  /** How many applications exist (in all workspaces). */
  async count(): Promise<number> {
    const row = await this.db.selectFrom('apps').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

async function writeRevision(
  trx: Tx,
  appId: string,
  revision: number,
  spec: ValidatedSpec,
  meta: { author: string; message: string; at: string },
): Promise<void> {
  await trx
    .insertInto('app_revisions')
    .values({
      app_id: appId,
      revision,
      spec_text: spec.text,
      spec_format: spec.format,
      spec_json: spec.normalized,
      render_hashes: JSON.stringify(spec.renderHashes),
      author: meta.author,
      message: meta.message,
      created_at: meta.at,
    })
    .execute();
  await trx.deleteFrom('app_environments').where('app_id', '=', appId).execute();
  await trx.deleteFrom('app_labels').where('app_id', '=', appId).execute();
  const environments = (spec.application.spec.environments ?? []).map((env) => ({
    app_id: appId,
    name: env.name,
    cluster: env.cluster,
    namespace: env.namespace ?? spec.application.metadata.name,
    delivery: env.delivery ?? 'direct',
  }));
  if (environments.length > 0) await trx.insertInto('app_environments').values(environments).execute();
  const labels = Object.entries(spec.application.metadata.labels ?? {}).map(([key, value]) => ({ app_id: appId, key, value }));
  if (labels.length > 0) await trx.insertInto('app_labels').values(labels).execute();
}

/** `text` with LIKE's wildcards (and the escape character) escaped by a backslash. */
function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
