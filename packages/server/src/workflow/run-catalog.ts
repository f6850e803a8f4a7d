import type { RunSnapshot } from '@berth/core';
import type { Kysely } from 'kysely';
import { keysetMergePage, MAX_MERGED_BRANCHES } from '../http/keyset-merge.js';
import type { Page, PageRequest } from '../http/pagination.js';
import type { CoreTables } from '../store/schema.js';
import type { StoredRun } from './run-store.js';
import type { WorkflowRunsTable, WorkflowTables } from './tables.js';

/** A run as listed across applications: everything but the spec it delivers. */
export type ListedRun = Omit<StoredRun, 'spec'>;

/** Filters of the runs list across applications. */
export interface RunCatalogFilter {
  /** The workspaces the caller may see (and asked for). */
  workspaces: readonly string[] | 'all';
  states?: readonly string[];
  application?: string;
  environment?: string;
}

const COLUMNS = [
  'id', 'workspace', 'application', 'environment', 'revision', 'cluster', 'namespace',
  'snapshot', 'created_by', 'created_at', 'updated_at', 'resource_version',
] as const;

/**
 * The runs of every application, newest first — the read side of the console's runs page.
 * Filters and keyset pagination run in SQL — one ordered branch per visible workspace, merged —
 * on the indexes of `0210_workflow_runs_recent`; the spec column is never read.
 */
export class RunCatalog {
  readonly #db: Kysely<CoreTables & WorkflowTables>;

  constructor(db: Kysely<CoreTables>) {
    this.#db = db.withTables<WorkflowTables>();
  }

  /** A page of runs matching the filter, newest first. */
  async list(filter: RunCatalogFilter, page: PageRequest): Promise<Page<ListedRun>> {
    if (filter.workspaces !== 'all' && filter.workspaces.length === 0) return { items: [] };
    if (filter.states?.length === 0) return { items: [] };
    let q = this.#db.selectFrom('workflow_runs').select(COLUMNS);
    if (filter.states !== undefined) q = q.where('state', 'in', filter.states);
    if (filter.application !== undefined) q = q.where('application', '=', filter.application);
    if (filter.environment !== undefined) q = q.where('environment', '=', filter.environment);
    const { workspaces } = filter;
    const branches =
      workspaces === 'all'
        ? [q]
        : workspaces.length > MAX_MERGED_BRANCHES
          ? [q.where('workspace', 'in', workspaces)]
          : workspaces.map((workspace) => q.where('workspace', '=', workspace));
    const result = await keysetMergePage(this.#db, branches, { sort: 'created_at', id: 'id', descending: true }, page);
    return { ...result, items: result.items.map(listedRun) };
  }
}

function listedRun(row: Pick<WorkflowRunsTable, (typeof COLUMNS)[number]>): ListedRun {
  return {
    id: row.id,
    workspace: row.workspace,
    application: row.application,
    environment: row.environment,
    revision: Number(row.revision),
    cluster: row.cluster,
    namespace: row.namespace,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resourceVersion: String(row.resource_version),
    snapshot: JSON.parse(row.snapshot) as RunSnapshot,
  };
}
