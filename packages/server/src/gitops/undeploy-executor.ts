/**
 * `undeploy` in a gitops environment (deleting an application starts one such run per deployed
 * environment): opens — or finds open — the change request removing the environment's directory,
 * reports `running` until it is merged (`failed` when it is closed unmerged), then deletes the
 * agent object (Argo CD Application / Flux Kustomization, whose finalizer makes the agent delete
 * what it synced) and waits until it and the objects the revision renders are gone. Then it
 * forgets the environment's deployments, and the application can be removed. Fails
 * `syncTimeoutMs` after the merge with a message naming the agent object.
 */
import { render } from '@berth/core';
import { refOf, type ClusterConnection } from '../kube/cluster-connection.js';
import type { StepExecution, StepExecutor, StepReport } from '../workflow/executor.js';
import { removeAgent } from './agent-install.js';
import { readAgentReport } from './agent-status.js';
import type { GitOpsExecutorOptions, WaitState } from './executors.js';
import { environmentOf, gitopsEnvironment } from './layout.js';
import { watchMerge } from './merge-watch.js';
import { NothingToChangeError } from './proposals.js';
import { agentName, minutes, short } from './wording.js';

/** How many of the objects the run's revision renders still exist (being deleted counts). */
async function remainingObjects(cluster: ClusterConnection, ctx: StepExecution): Promise<number> {
  let remaining = 0;
  for (const object of render(ctx.target.spec, ctx.target.environment).objects) {
    if (await cluster.get(refOf(object)).catch(() => undefined)) remaining++;
  }
  return remaining;
}

/** After the merge: remove the agent object, then wait until it and what it synced are gone. */
async function awaitRemoval(o: GitOpsExecutorOptions, ctx: StepExecution, state: WaitState): Promise<StepReport> {
  const { target } = ctx;
  const where = gitopsEnvironment(target.workspace, target.spec, environmentOf(target.spec, target.environment)!, o.deps.github?.webUrl);
  await removeAgent(o.deps, where); // once: it forgets the environment's agent target
  const cluster = await o.deps.clusters.get(where.cluster);
  const report = await readAgentReport(cluster, where);
  const remaining = await remainingObjects(cluster, ctx);
  const agent = agentName(where.agent);
  const object = `${report.object.kind} ${report.object.name} in namespace ${report.object.namespace}`;
  const label = state.number !== undefined ? `deletion change request #${state.number}` : 'the deletion';
  if (!report.present && remaining === 0) {
    await o.deployments?.forget(target.workspace, target.application, target.environment);
    return {
      status: 'succeeded',
      message: `${agent} deleted every object of ${target.application} from ${target.environment} (${target.cluster}/${target.namespace})`,
      output: { changeRequest: state.number, commit: state.mergeSha },
    };
  }
  const what = report.present ? `the ${object} still exists` : `${remaining} objects remain in namespace ${target.namespace}`;
  const waited = ctx.now() - (state.mergedAt ?? ctx.now());
  if (waited > (o.syncTimeoutMs ?? 600_000)) {
    return {
      status: 'failed',
      retryable: false,
      message: `${label} was merged as ${short(state.mergeSha)} but after ${minutes(waited)} ${what}; check the ${object}${report.message ? ` (${report.message})` : ''}`,
    };
  }
  return { status: 'running', pollAfterMs: o.pollMs ?? 2000, message: `waiting for ${agent} to delete what it synced: ${what}`, state };
}

/** The gitops `undeploy` executor (see file comment). */
export function gitopsUndeployExecutor(o: GitOpsExecutorOptions): StepExecutor {
  return {
    type: 'undeploy',
    async execute(ctx) {
      const { target } = ctx;
      const state: WaitState = { ...(ctx.state ?? {}) };
      if (state.number === undefined && state.mergedAt === undefined) {
        // Follow the change requests first, so one closed earlier is not found again as open.
        await o.service.settle().catch((error: unknown) => ctx.logger.warn({ err: error }, 'following gitops change requests failed'));
        try {
          const proposal = await o.service.remove({
            workspace: target.workspace,
            app: target.application,
            author: 'berth-workflow',
            environment: target.environment,
            spec: target.spec,
          });
          state.repository = proposal.repository;
          state.number = proposal.changeRequest.number;
          state.branch = proposal.branch;
          state.targetBranch = proposal.targetBranch;
        } catch (error) {
          if (!(error instanceof NothingToChangeError)) throw error;
          state.mergedAt = ctx.now(); // the directory is gone already: wait for the agent
        }
      }
      if (state.number !== undefined && state.mergeSha === undefined) {
        const cr = await watchMerge(o.deps, state as WaitState & { repository: string; number: number }, ctx.now(), o.gitHubPollMs);
        if (cr.state === 'closed')
          return {
            status: 'failed',
            retryable: false,
            message: `deletion change request #${state.number} was closed without merging: ${target.application} still runs in ${target.environment}; delete the application again to propose it anew`,
          };
        if (cr.state === 'open')
          return {
            status: 'running',
            pollAfterMs: o.pollMs ?? 2000,
            message: `waiting for deletion change request #${state.number}${state.branch ? ` (${String(state.branch)} → ${String(state.targetBranch)})` : ''} to be merged`,
            state,
          };
        state.mergeSha = cr.mergeSha;
        state.mergedAt = ctx.now();
      }
      return awaitRemoval(o, ctx, state);
    },
  };
}
