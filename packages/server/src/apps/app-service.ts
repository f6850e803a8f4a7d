import { type HealthStatus, type KubeObject, render, RenderError } from '@berth/core';
import type { Logger } from 'pino';
import { staleVersion } from '../http/concurrency.js';
import { ConflictError, InputError, NotFoundError } from '../http/errors.js';
import { decodeCursor, encodeCursor, type Page, type PageRequest } from '../http/pagination.js';
import type { Authorizer, Subject } from '../iam/authorizer.js';
import { newId } from '../store/ids.js';
import type { WorkspaceService } from '../workspaces/workspace-service.js';
import type { AppStore, ListedApp, StoredApp } from './app-store.js';
import type { AppRevisionsTable } from './migration.js';
import { applicationOf, diffRevisions } from './revision-diff.js';
import { summaryOf } from './app-summary.js';
import type { App, AppHealthSummary, AppListQuery, AppSummary, Revision, RevisionDetail, RevisionDiff } from './schemas.js';
import { invalid, type Submission, validateSubmission } from './submission.js';

/** An application whose deletion was requested; the delivery side removes its objects. */
export interface DeletionRequest {
  workspace: string;
  name: string;
  environments: Array<{ name: string; cluster: string; namespace: string }>;
  /** Who asked for the deletion. */
  requestedBy: string;
}

/** What a listener started to remove the application's objects: the ids of its runs. */
export interface DeletionStarted {
  runs: string[];
}

/** Someone who removes a deleted application's cluster objects, then calls `finalizeDeletion`. */
export type DeletionListener = (request: DeletionRequest) => void | DeletionStarted | Promise<void | DeletionStarted>;

/** What the application service needs. */
export interface AppServiceDeps {
  apps: AppStore;
  workspaces: WorkspaceService;
  authorizer: Authorizer;
  /** True when a cluster of this name is registered. */
  clusterExists(name: string): Promise<boolean>;
  logger: Logger;
  now: () => Date;
}

/**
 * Applications of workspaces: every spec change is validated by @berth/core and becomes a
 * revision; updates need the version the caller read. Authorization of the workspace happens
 * in the route guard before these are called (lists filter with the authorizer).
 */
export class AppService {
  readonly #deletionListeners: DeletionListener[] = [];

  constructor(private readonly deps: AppServiceDeps) {}

  /** Creates an application (revision 1); 409 when the name is taken. */
  async create(subject: Subject, workspace: string, submission: Submission): Promise<App> {
    const ws = await this.deps.workspaces.require(workspace);
    const spec = validateSubmission(submission, { workspace });
    const name = spec.application.metadata.name;
    const at = this.deps.now().toISOString();
    const created = await this.deps.apps.create(
      {
        id: newId(),
        workspace_id: ws.id,
        workspace,
        name,
        sort_key: `${workspace}/${name}`,
        created_by: subject.username,
        updated_by: subject.username,
        created_at: at,
        updated_at: at,
      },
      spec,
      { author: subject.username, message: submission.message ?? 'created' },
    );
    if (!created)
      throw new ConflictError(`application ${name} already exists in workspace ${workspace}`, [
        { path: 'metadata.name', message: 'is taken' },
      ]);
    return this.get(workspace, name);
  }

  /**
   * Applications the subject may see (in one workspace — authorized by the route — or in every
   * workspace the authorizer allows, narrowed by `query.workspace`), filtered and paged.
   */
  async list(subject: Subject, workspace: string | undefined, query: AppListQuery): Promise<Page<AppSummary>> {
    let workspaces: readonly string[] | 'all';
    if (workspace !== undefined) workspaces = [workspace];
    else {
      const scope = await this.deps.authorizer.scopeOf(subject, 'apps.list');
      workspaces = scope.all ? 'all' : scope.workspaces;
      if (query.workspace !== undefined) {
        const visible = workspaces;
        workspaces = visible === 'all' ? query.workspace : query.workspace.filter((w) => visible.includes(w));
      }
    }
    const [key, value] = query.label?.split('=') ?? [];
    const page = await this.deps.apps.list(
      {
        workspaces,
        ...(query.environment !== undefined ? { environment: query.environment } : {}),
        ...(query.cluster !== undefined ? { cluster: query.cluster } : {}),
        ...(key !== undefined ? { label: value === undefined ? { key } : { key, value } } : {}),
        ...(query.health !== undefined ? { health: query.health } : {}),
        ...(query.search !== undefined ? { search: query.search.toLowerCase() } : {}),
      },
      query,
    );
    const known = await this.#knownClusters(page.items);
    return { ...page, items: page.items.map((item) => summaryOf(item, known)) };
  }

  /** How many applications the subject may see have each last known health (the overview's counts). */
  async healthSummary(subject: Subject, query: { workspace?: readonly string[] | undefined }): Promise<AppHealthSummary> {
    const scope = await this.deps.authorizer.scopeOf(subject, 'apps.list');
    let workspaces: readonly string[] | 'all' = scope.all ? 'all' : scope.workspaces;
    if (query.workspace !== undefined) {
      const visible = workspaces;
      workspaces = visible === 'all' ? query.workspace : query.workspace.filter((w) => visible.includes(w));
    }
    const summary: AppHealthSummary = { total: 0, notDeployed: 0, byHealth: {} };
    for (const { health, count } of await this.deps.apps.healthCounts(workspaces)) {
      summary.total += count;
      if (health === null) summary.notDeployed += count;
      else summary.byHealth[health as HealthStatus] = count;
    }
    return summary;
  }

  /** One application with its current spec and environments. */
  async get(workspace: string, name: string): Promise<App> {
    const app = await this.#require(workspace, name);
    const known = await this.#knownClusters([app]);
    return {
      ...summaryOf(app, known),
      spec: JSON.parse(app.current.spec_json) as Record<string, unknown>,
      specText: app.current.spec_text,
      format: app.current.spec_format as App['format'],
      createdBy: app.row.created_by,
      ...(app.row.deletion_requested_at ? { deletionRequestedAt: app.row.deletion_requested_at } : {}),
    };
  }

  /** Replaces the spec at `expectedVersion` (a new revision); stale → 409 and nothing changes. */
  async update(subject: Subject, workspace: string, name: string, submission: Submission, expectedVersion: string): Promise<App> {
    const app = await this.#require(workspace, name);
    if (app.row.status === 'deleting')
      throw new ConflictError(`application ${name} is being deleted`, [{ path: 'resourceVersion', message: 'is being deleted' }]);
    const spec = validateSubmission(submission, { workspace, name });
    const outcome = await this.deps.apps.update(app.row.id, expectedVersion, spec, {
      author: subject.username,
      message: submission.message ?? 'updated',
      at: this.deps.now().toISOString(),
    });
    if (outcome === 'stale') throw staleVersion('application', name);
    return this.get(workspace, name);
  }

  /**
   * Requests deletion: the application is marked `deleting` and every {@link DeletionListener} is
   * told (the delivery side removes its objects and then calls {@link finalizeDeletion}). With no
   * listener registered, the application is removed at once. Returns whether it is gone, and
   * the runs the listeners started.
   */
  async requestDeletion(subject: Subject, workspace: string, name: string, expectedVersion?: string): Promise<{ removed: boolean; app?: App; runs?: string[] }> {
    const app = await this.#require(workspace, name);
    if (app.row.status !== 'deleting') {
      const at = this.deps.now().toISOString();
      if (!(await this.deps.apps.markDeleting(app.row.id, at, subject.username, expectedVersion)))
        throw staleVersion('application', name);
    }
    if (this.#deletionListeners.length === 0) {
      await this.deps.apps.remove(app.row.id);
      return { removed: true };
    }
    const request: DeletionRequest = {
      workspace,
      name,
      environments: app.environments.map((e) => ({ name: e.name, cluster: e.cluster, namespace: e.namespace })),
      requestedBy: subject.username,
    };
    const runs: string[] = [];
    for (const listener of this.#deletionListeners) {
      try {
        runs.push(...((await listener(request))?.runs ?? []));
      } catch (error) {
        this.deps.logger.error({ err: error, workspace, app: name }, 'a deletion listener failed');
      }
    }
    // A listener with nothing to remove may have finalized the deletion already.
    if (!(await this.deps.apps.find(workspace, name))) return { removed: true, runs };
    return { removed: false, app: await this.get(workspace, name), runs };
  }

  /** Registers who removes the objects of deleted applications (the delivery capability). */
  onDeletionRequested(listener: DeletionListener): void {
    this.#deletionListeners.push(listener);
  }

  /** Removes an application marked for deletion, once its objects are gone. */
  async finalizeDeletion(workspace: string, name: string): Promise<void> {
    const app = await this.#require(workspace, name);
    if (app.row.status !== 'deleting') throw new ConflictError(`application ${name} is not being deleted`);
    await this.deps.apps.remove(app.row.id);
  }

  /** Revisions, newest first. */
  async revisions(workspace: string, name: string, page: PageRequest): Promise<Page<Revision>> {
    const app = await this.#require(workspace, name);
    const before = page.continue ? Number(decodeCursor(page.continue).key) : undefined;
    if (before !== undefined && !Number.isInteger(before))
      throw new InputError('the continue token is not valid', [{ path: 'query.continue', message: 'is not a token from a previous page' }]);
    const rows = await this.deps.apps.revisions(app.row.id, page.limit + 1, before);
    const items = rows.slice(0, page.limit).map(revisionOf);
    return rows.length > page.limit ? { items, continue: encodeCursor(String(items[items.length - 1]!.revision), '') } : { items };
  }

  /** One revision with its spec. */
  async revision(workspace: string, name: string, revision: number): Promise<RevisionDetail> {
    const row = await this.#revision(workspace, name, revision);
    return {
      ...revisionOf(row),
      specText: row.spec_text,
      format: row.spec_format as RevisionDetail['format'],
      spec: JSON.parse(row.spec_json) as Record<string, unknown>,
    };
  }

  /** The spec diff and per-object diff for an environment between two revisions. */
  async diff(workspace: string, name: string, from: number, to: number, environment?: string): Promise<RevisionDiff> {
    const [a, b] = [await this.#revision(workspace, name, from), await this.#revision(workspace, name, to)];
    return diffRevisions(a, b, environment);
  }

  /** The objects the current revision renders for an environment (default: the first). */
  async render(workspace: string, name: string, environment?: string): Promise<{ environment: string; hash: string; objects: KubeObject[] }> {
    const app = await this.#require(workspace, name);
    const application = applicationOf(app.current);
    const env = environment ?? application.spec.environments?.[0]?.name;
    if (env === undefined || !(application.spec.environments ?? []).some((e) => e.name === env))
      throw new InputError(env === undefined ? 'the application declares no environment; pass env' : `the application has no environment ${env}`, [
        { path: 'query.env', message: 'is not an environment of the application' },
      ]);
    try {
      const result = render(application, env);
      return { environment: env, hash: result.hash, objects: result.objects };
    } catch (error) {
      if (error instanceof RenderError) throw invalid([{ path: error.path, message: error.message, code: error.code, severity: 'error' }]);
      throw error;
    }
  }

  async #require(workspace: string, name: string): Promise<StoredApp> {
    const app = await this.deps.apps.find(workspace, name);
    if (!app) throw new NotFoundError(`application ${name} not found in workspace ${workspace}`);
    return app;
  }

  async #revision(workspace: string, name: string, revision: number): Promise<AppRevisionsTable> {
    const app = await this.#require(workspace, name);
    const row = await this.deps.apps.revision(app.row.id, revision);
    if (!row) throw new NotFoundError(`application ${name} has no revision ${revision}`);
    return row;
  }

  async #knownClusters(apps: readonly ListedApp[]): Promise<Set<string>> {
    const names = [...new Set(apps.flatMap((a) => a.environments.map((e) => e.cluster)))];
    const known = await Promise.all(names.map(async (n) => ((await this.deps.clusterExists(n)) ? n : undefined)));
    return new Set(known.filter((n): n is string => n !== undefined));
  }
}

function revisionOf(row: AppRevisionsTable): Revision {
  return {
    revision: row.revision,
    author: row.author,
    message: row.message,
    createdAt: row.created_at,
    renderHashes: JSON.parse(row.render_hashes) as Record<string, string>,
  };
}
