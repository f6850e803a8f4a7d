import { findStep, isRunFinished, mayDecide, PlanError, planWorkflow, resolveEnvironment, RenderError, type Application, type WorkflowPlan } from '@berth/core';
import { ConflictError, DomainError, InputError, NotAllowedError, NotFoundError } from '../http/errors.js';
import type { Page } from '../http/pagination.js';
import type { Authorizer, Subject } from '../iam/authorizer.js';
import type { Clock } from './clock.js';
import type { NewRun, RunFilter, RunStore, StoredRun } from './run-store.js';
import type { RunSource } from './run-source.js';
import type { RunCatalog } from './run-catalog.js';
import { runListItem, runView } from './run-view.js';
import type { AllRunsQuery, RunListItem, RunView } from './schemas.js';
import type { PageRequest } from '../http/pagination.js';

/** A dependency the request needs is not running here (503). */
export class UnavailableError extends DomainError {
  readonly status = 503;
  readonly title = 'Service unavailable';
}

/**
 * Completes the plan of every run before it is stored, e.g. delivery's `finalize` step appended
 * by the wiring. Pure, and idempotent: returns the plan unchanged when there is nothing to add.
 */
export type PlanHook = (spec: Application, plan: WorkflowPlan) => WorkflowPlan;

/** What the run service needs. */
export interface RunServiceDeps {
  runs: RunStore;
  source: RunSource | undefined;
  clock: Clock;
  /** Checks the workspace exists (404 otherwise). */
  requireWorkspace(name: string): Promise<unknown>;
  /** Called when a run needs the runner now (created, approved, cancelled). */
  wake(): void;
  /** The runs of every application, for the list across workspaces. */
  catalog: RunCatalog;
  /** Which workspaces' runs the list across workspaces may show. */
  authorizer: Pick<Authorizer, 'scopeOf'>;
}

/**
 * What the API does with runs: start one from an application revision, read, list, cancel,
 * approve or reject a step. Authorization happened before (route declarations); this checks
 * that the run belongs to the workspace and application in the path (404 otherwise).
 */
export class RunService {
  readonly #planHooks: PlanHook[] = [];

  constructor(private readonly deps: RunServiceDeps) {}

  /** Adds a hook every run's plan passes through (in the order added) before the run is stored. */
  addPlanHook(hook: PlanHook): void {
    this.#planHooks.push(hook);
  }

  /**
   * Plans and stores a run of the application's revision (latest by default) in `environment`:
   * its workflow, completed by the plan hooks.
   */
  async create(workspace: string, application: string, input: { environment: string; revision?: number | undefined }, subject: Subject): Promise<RunView> {
    await this.deps.requireWorkspace(workspace);
    if (!this.deps.source) throw new UnavailableError('applications are not available on this server yet');
    const found = await this.deps.source.loadRevision(workspace, application, input.revision);
    if (!found) {
      throw new NotFoundError(
        input.revision === undefined
          ? `application ${application} not found`
          : `revision ${input.revision} of application ${application} not found`,
      );
    }
    let plan;
    let environment;
    try {
      plan = this.#completed(found.spec, planWorkflow(found.spec, input.environment));
      environment = resolveEnvironment(found.spec, input.environment).environment;
    } catch (error) {
      if (error instanceof PlanError) throw new InputError(`the workflow of ${application} cannot run in ${input.environment}`, error.problems.map((p) => ({ path: p.path, message: p.message })));
      if (error instanceof RenderError) throw new InputError(error.message, [{ path: 'environment', message: error.message }]);
      throw error;
    }
    const run = await this.deps.runs.create(
      { workspace, revision: found.revision, cluster: environment.cluster, namespace: environment.namespace, spec: found.spec, plan, createdBy: subject.username },
      this.deps.clock.now(),
    );
    this.deps.wake();
    return runView(run, true);
  }

  /**
   * Stores a run of a plan the caller built (an application's deletion, a rollback): no
   * planning from the spec (the plan hooks still complete it), the runner is woken at once.
   */
  async startPlanned(input: NewRun): Promise<RunView> {
    const run = await this.deps.runs.create({ ...input, plan: this.#completed(input.spec, input.plan) }, this.deps.clock.now());
    this.deps.wake();
    return runView(run, true);
  }

  #completed(spec: Application, plan: WorkflowPlan): WorkflowPlan {
    return this.#planHooks.reduce((current, hook) => hook(spec, current), plan);
  }

  /** Runs of an application, newest first. */
  async list(workspace: string, application: string, filter: Omit<RunFilter, 'application'>, page: PageRequest): Promise<Page<RunView>> {
    await this.deps.requireWorkspace(workspace);
    const result = await this.deps.runs.list(workspace, { ...filter, application }, page);
    return { ...result, items: result.items.map((run) => runView(run, false)) };
  }

  /**
   * Runs of every application in the workspaces the subject may see (`runs.list`), narrowed by
   * `query.workspace`, newest first.
   */
  async listAcross(subject: Subject, query: AllRunsQuery): Promise<Page<RunListItem>> {
    const scope = await this.deps.authorizer.scopeOf(subject, 'runs.list');
    let workspaces: readonly string[] | 'all' = scope.all ? 'all' : scope.workspaces;
    if (query.workspace !== undefined) {
      const visible = workspaces;
      workspaces = visible === 'all' ? query.workspace : query.workspace.filter((w) => visible.includes(w));
    }
    const { state, app, environment, workspace: _workspace, ...page } = query;
    const result = await this.deps.catalog.list(
      {
        workspaces,
        ...(state !== undefined ? { states: state } : {}),
        ...(app !== undefined ? { application: app } : {}),
        ...(environment !== undefined ? { environment } : {}),
      },
      page,
    );
    return { ...result, items: result.items.map(runListItem) };
  }

  /** One run with its steps. */
  async get(workspace: string, application: string, id: string): Promise<RunView> {
    return runView(await this.require(workspace, application, id), true);
  }

  /** The stored run, or 404 when it is not a run of this application of this workspace. */
  async require(workspace: string, application: string, id: string): Promise<StoredRun> {
    const run = await this.deps.runs.get(id);
    if (!run || run.workspace !== workspace || run.application !== application) throw new NotFoundError(`run ${id} not found`);
    return run;
  }

  /** Asks the run to stop: running steps are aborted, the others cancelled; 409 when it already ended. */
  async cancel(workspace: string, application: string, id: string, subject: Subject, reason?: string): Promise<RunView> {
    await this.require(workspace, application, id);
    const now = this.deps.clock.now();
    const result = await this.deps.runs.mutate(id, () => [{ type: 'cancel-requested', at: now, by: subject.username, ...(reason ? { reason } : {}) }], now);
    if (!result.changed && isRunFinished(result.run.snapshot)) throw new ConflictError(`run ${id} has already ended (${result.run.snapshot.state})`);
    this.deps.wake();
    return runView(result.run, true);
  }

  /**
   * Approves or rejects an approval step waiting for a decision. 403 when the step names its
   * approvers and the caller is not one; 409 when the step is not waiting for a decision.
   */
  async decide(workspace: string, application: string, id: string, stepName: string, approved: boolean, subject: Subject, reason?: string): Promise<RunView> {
    const run = await this.require(workspace, application, id);
    const step = findStep(run.snapshot, stepName);
    if (!step) throw new NotFoundError(`run ${id} has no step ${stepName}`);
    if (!mayDecide(step, subject.username)) {
      throw new NotAllowedError(`only ${(step.properties.approvers as string[]).join(', ')} may decide step ${stepName}`);
    }
    const now = this.deps.clock.now();
    const result = await this.deps.runs.mutate(
      id,
      () => [approved ? { type: 'approval-granted', step: stepName, at: now, by: subject.username } : { type: 'approval-rejected', step: stepName, at: now, by: subject.username, ...(reason ? { reason } : {}) }],
      now,
    );
    const decided = result.events.some((e) => e.type === 'approval-granted' || e.type === 'approval-rejected');
    if (!decided) {
      const current = findStep(result.run.snapshot, stepName)!;
      throw new ConflictError(`step ${stepName} is not waiting for a decision (it is ${current.state})`);
    }
    this.deps.wake();
    return runView(result.run, true);
  }
}
