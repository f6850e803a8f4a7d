/**
 * Workflow integration of GitOps delivery. In a gitops environment a `deploy` step (and `job`,
 * `rollback`: they deliver a revision too) opens — or finds — the change request of the run's
 * revision on its first poll, reports `running` until it is merged (`failed` when it is closed
 * unmerged), then until the agent reports the merged commit synced and healthy, or fails after
 * `syncTimeoutMs` with a message that says where to look. `wait-healthy` waits for the agent
 * only. None of them records the revision: the run's `finalize` step does, once every step
 * succeeded (finalize-executor.ts); `undeploy` proposes the deletion, waits for its merge and
 * for the agent to delete what it synced (undeploy-executor.ts).
 * {@link deliveryModeDispatch} picks this or the direct executor by the environment's mode.
 */
import type { DeploymentHistory } from '../delivery/deployments.js';
import type { DeliveryTarget, StepExecution, StepExecutor, StepReport } from '../workflow/executor.js';
import { readAgentReport } from './agent-status.js';
import type { GitOpsDeps } from './deps.js';
import { gitopsFinalizeExecutor } from './finalize-executor.js';
import type { GitOpsService } from './gitops-service.js';
import { gitHubRefOfKey } from '../git/github/github-address.js';
import { environmentOf, gitopsEnvironment, type GitOpsEnvironment } from './layout.js';
import { directoryRevision } from './manifest-files.js';
import { GITHUB_POLL_MS, watchMerge } from './merge-watch.js';
import { NothingToChangeError } from './proposals.js';
import { gitopsUndeployExecutor } from './undeploy-executor.js';
import { agentName as nameOfAgent, minutes, short } from './wording.js';

/** Options of {@link gitopsExecutors}. */
export interface GitOpsExecutorOptions {
  service: GitOpsService;
  deps: GitOpsDeps;
  /**
   * Where the `finalize` step records a delivered revision (so the status capability shows its
   * live health, and deleting the application undeploys it), and `undeploy` forgets it.
   */
  deployments?: DeploymentHistory;
  /** How long after the merge the agent may take to report the merged commit — or to delete what it synced (default 10 min). */
  syncTimeoutMs?: number;
  /** Poll interval while waiting (default 2 s). */
  pollMs?: number;
  /** How often GitHub is asked whether a change request was merged when no webhook said so (default 30 s). */
  gitHubPollMs?: number;
}

/** True when the run's environment is delivered through gitops. */
export function isGitOpsTarget(target: DeliveryTarget): boolean {
  return environmentOf(target.spec, target.environment)?.delivery === 'gitops';
}

/** What a step waiting for a change request and the agent keeps between polls. */
export interface WaitState {
  repository?: string;
  number?: number;
  mergeSha?: string;
  mergedAt?: number;
  [key: string]: unknown;
}

/** The application revision the environment's directory holds at `commit` (0 when unknown). */
async function revisionAt(o: GitOpsExecutorOptions, repository: string, commit: string, path: string): Promise<number> {
  const text = (await o.deps.git.readFile(repository, commit, `${path}/kustomization.yaml`))?.toString('utf8') ?? '';
  return directoryRevision(new Map([['kustomization.yaml', text]])).revision ?? 0;
}

/**
 * The head of the branch the agent follows: asked on every poll of an embedded repository, at
 * most every `gitHubPollMs` of a GitHub one (kept in the step's state in between).
 */
async function branchHead(o: GitOpsExecutorOptions, ctx: StepExecution, state: WaitState, target: GitOpsEnvironment): Promise<string | undefined> {
  const key = state.repository ?? target.repository;
  const github = gitHubRefOfKey(key) !== undefined;
  const checkedAt = typeof state.headCheckedAt === 'number' ? state.headCheckedAt : undefined;
  if (github && checkedAt !== undefined && ctx.now() - checkedAt < (o.gitHubPollMs ?? GITHUB_POLL_MS))
    return typeof state.head === 'string' ? state.head : undefined;
  const repository = await o.deps.git.getRepository(key);
  const head = await o.deps.git.headOf(key, target.branch ?? repository.defaultBranch);
  if (github) {
    state.headCheckedAt = ctx.now();
    if (head) state.head = head;
  }
  return head;
}

/** Waits for the agent to report `expected` (or the branch head) synced and healthy. */
async function awaitSync(o: GitOpsExecutorOptions, ctx: StepExecution, state: WaitState, label: string): Promise<StepReport> {
  const env = environmentOf(ctx.target.spec, ctx.target.environment)!;
  const target = gitopsEnvironment(ctx.target.workspace, ctx.target.spec, env, o.deps.github?.webUrl);
  const cluster = await o.deps.clusters.get(target.cluster);
  const report = await readAgentReport(cluster, target);
  const deployed = report.deployedCommit;
  const head = deployed !== undefined && deployed === state.mergeSha ? deployed : await branchHead(o, ctx, state, target);
  const expected = state.mergeSha ?? head;
  const agentName = nameOfAgent(target.agent);
  const arrived =
    deployed !== undefined &&
    (deployed === expected || (deployed === head && (await revisionAt(o, state.repository ?? target.repository, head, target.path)) >= ctx.target.revision));
  if (arrived && report.syncStatus === 'Synced' && report.health === 'Healthy') {
    return { status: 'succeeded', message: `${agentName} synced ${short(deployed)}: Healthy`, output: { commit: deployed, changeRequest: state.number } };
  }
  const waited = ctx.now() - (state.mergedAt ?? ctx.now());
  const timeout = o.syncTimeoutMs ?? 600_000;
  if (waited > timeout) {
    const where = `${report.object.kind} ${report.object.name} in namespace ${report.object.namespace}`;
    const what = deployed === expected ? `reports ${short(deployed)} ${report.syncStatus}/${report.health}` : `still reports ${short(deployed)}`;
    return {
      status: 'failed',
      retryable: false,
      message: `${label} was merged as ${short(expected)} but ${agentName} ${what} after ${minutes(waited)}; check the ${where}${report.message ? ` (${report.message})` : ''}`,
    };
  }
  return {
    status: 'running',
    pollAfterMs: o.pollMs ?? 2000,
    message: `waiting for ${agentName} to sync ${short(expected)} (now ${short(deployed)}, ${report.syncStatus}, ${report.health})`,
    state,
  };
}

/** Delivers the run's revision through a change request (see file comment). */
function deliverRevision(o: GitOpsExecutorOptions, type: string): StepExecutor {
  return {
    type,
    async execute(ctx) {
      const state: WaitState = { ...(ctx.state ?? {}) };
      if (state.number === undefined && state.mergedAt === undefined) {
        try {
          const proposal = await o.service.submit({
            workspace: ctx.target.workspace,
            app: ctx.target.application,
            author: 'berth-workflow',
            environment: ctx.target.environment,
            revision: ctx.target.revision,
          });
          state.repository = proposal.repository;
          state.number = proposal.changeRequest.number;
          state.branch = proposal.branch;
          state.targetBranch = proposal.targetBranch;
        } catch (error) {
          if (!(error instanceof NothingToChangeError)) throw error;
          state.mergedAt = ctx.now(); // the branch already holds this revision: wait for the agent
        }
      }
      if (state.number !== undefined && state.mergeSha === undefined) {
        // Mutates state.checkedAt, kept between polls: GitHub is asked at most every gitHubPollMs.
        const cr = await watchMerge(o.deps, state as WaitState & { repository: string; number: number }, ctx.now(), o.gitHubPollMs);
        if (cr.state === 'closed')
          return { status: 'failed', retryable: false, message: `change request #${state.number} was closed without merging` };
        if (cr.state === 'open')
          return {
            status: 'running',
            pollAfterMs: o.pollMs ?? 2000,
            message: `waiting for change request #${state.number}${state.branch ? ` (${String(state.branch)} → ${String(state.targetBranch)})` : ''} to be merged`,
            state,
          };
        state.mergeSha = cr.mergeSha;
        state.mergedAt = ctx.now();
      }
      return awaitSync(o, ctx, state, state.number !== undefined ? `change request #${state.number}` : 'the revision');
    },
  };
}

/** The gitops executors: deploy, job, rollback, wait-healthy, finalize, undeploy. */
export function gitopsExecutors(o: GitOpsExecutorOptions): StepExecutor[] {
  return [
    gitopsFinalizeExecutor(o),
    gitopsUndeployExecutor(o),
    deliverRevision(o, 'deploy'),
    deliverRevision(o, 'job'),
    deliverRevision(o, 'rollback'),
    {
      type: 'wait-healthy',
      execute: (ctx) => awaitSync(o, ctx, { ...(ctx.state ?? {}), mergedAt: ctx.startedAt }, 'the branch head'),
    },
  ];
}

/** One executor per job type that runs `gitops` in gitops environments and `direct` otherwise. */
export function deliveryModeDispatch(direct: StepExecutor, gitops: StepExecutor): StepExecutor {
  if (direct.type !== gitops.type) throw new Error(`cannot dispatch ${direct.type} to ${gitops.type}`);
  return { type: direct.type, execute: (ctx) => (isGitOpsTarget(ctx.target) ? gitops : direct).execute(ctx) };
}

/** The direct executors, each wrapped in {@link deliveryModeDispatch} when a gitops executor of its type exists. */
export function dispatchByDeliveryMode(direct: readonly StepExecutor[], gitops: readonly StepExecutor[]): StepExecutor[] {
  const byType = new Map(gitops.map((e) => [e.type, e]));
  return direct.map((e) => (byType.has(e.type) ? deliveryModeDispatch(e, byType.get(e.type)!) : e));
}
