/**
 * GitOps delivery of applications: submit a revision of an environment as a change request
 * into the application repository, delete, promote and roll back through change requests, and
 * report what the agent deployed.
 */
import { render, validateApplication, type Application } from '@berth/core';
import { parse } from 'yaml';
import { InputError, NotFoundError } from '../http/errors.js';
import type { ChangeRequestCheck } from '../git/provider.js';
import type { ValidateRepoInput } from '../repocheck/validate-repo.js';
import { branchOf, ensureAgent, ensureRepository, removeAgent } from './agent-install.js';
import { readAgentReport, type AgentReport } from './agent-status.js';
import type { GitOpsDeps } from './deps.js';
import { environmentOf, gitopsEnvironment, revisionBranch, type GitOpsEnvironment } from './layout.js';
import { directoryRevision, environmentFiles } from './manifest-files.js';
import { GITHUB_POLL_MS, watchMerge, type MergeWatchState } from './merge-watch.js';
import { propose, readDirectory, type ProposalResult } from './proposals.js';

/** Who asks, and about which application. */
export interface AppRequest {
  workspace: string;
  app: string;
  author: string;
}

/** A proposal's outcome, with where it lives. */
export interface GitOpsProposal extends ProposalResult {
  repository: string;
  path: string;
  branch: string;
  targetBranch: string;
}

/** `GET …/gitops?env=`. */
export interface GitOpsStatus {
  repo: string;
  path: string;
  branch: string;
  agent: GitOpsEnvironment['agent'];
  /** The head of the branch the agent follows. */
  mergedHead?: string;
  /** The application revision in the directory at the merged head. */
  mergedRevision?: number;
  deployedCommit?: string;
  inSync: boolean;
  syncStatus: string;
  health: string;
  message?: string;
  history: AgentReport['history'];
  agentObject: AgentReport['object'];
  openChangeRequests: Array<{ number: number; title: string; branch: string; url?: string }>;
  live?: unknown;
}

const CHECK_RENDER = 'berth/render';
const CHECK_VALIDATE = 'berth/validate-repo';

/** The service (see file comment). */
export class GitOpsService {
  /** When each open change request's host was last asked (GitHub: at most every `gitHubPollMs`). */
  readonly #watched = new Map<string, MergeWatchState & { repository: string; number: number }>();

  constructor(
    private readonly deps: GitOpsDeps,
    private readonly gitHubPollMs = GITHUB_POLL_MS,
  ) {}

  /**
   * Records a merge a git host reported (a GitHub webhook: `pull_request` closed + merged) for
   * the change request Berth opened, so waiting steps see it without asking the host.
   */
  async recordMerge(repository: string, number: number, mergeSha: string): Promise<number> {
    return this.deps.store.markMerged(repository, number, mergeSha);
  }

  async #target(workspace: string, spec: Application, environment: string): Promise<GitOpsEnvironment> {
    const env = environmentOf(spec, environment);
    if (!env) throw new InputError(`application ${spec.metadata.name} has no environment ${environment}`, [{ path: 'env', message: 'is not an environment of the application' }]);
    if (env.delivery !== 'gitops')
      throw new InputError(`environment ${environment} is delivered ${env.delivery ?? 'direct'}, not through gitops`, [
        { path: `spec.environments[${environment}].delivery`, message: 'set it to gitops' },
      ]);
    return gitopsEnvironment(workspace, spec, env, this.deps.github?.webUrl);
  }

  /** Opens (or finds) the change request delivering `revision` (default: the current one) to `environment`. */
  async submit(request: AppRequest & { environment: string; revision?: number; repoCheck?: ValidateRepoInput }): Promise<GitOpsProposal> {
    const { revision, spec } = await this.deps.specs(request.workspace, request.app, request.revision);
    const target = await this.#target(request.workspace, spec, request.environment);
    const repository = await ensureRepository(this.deps, target);
    const base = branchOf(target, repository);
    const rendered = render(spec, target.environment);
    const files = environmentFiles({ spec, objects: rendered.objects, revision, renderHash: rendered.hash, environment: target.environment });
    const branch = revisionBranch(target.app, target.environment, revision);
    const result = await propose(this.deps, {
      target,
      repository,
      base,
      branch,
      files,
      kind: 'deploy',
      revision,
      author: request.author,
      title: `Deploy ${target.app} revision ${revision} to ${target.environment}`,
      intro: `Deploys revision ${revision} of **${target.app}** (workspace ${target.workspace}) to environment **${target.environment}** — cluster ${target.cluster}, namespace ${target.namespace}. Render hash \`${rendered.hash.slice(0, 12)}\`.`,
    });
    if (result.created) {
      await this.#check(repository.name, result.changeRequest.number, {
        name: CHECK_RENDER,
        status: 'success',
        summary: `spec valid; ${rendered.objects.length} objects rendered for ${target.environment} (hash ${rendered.hash.slice(0, 12)})`,
      });
      if (request.repoCheck && this.deps.validateRepo) await this.#validate(repository.name, result.changeRequest.number, request.repoCheck);
    }
    await ensureAgent(this.deps, target, repository);
    return { ...result, repository: repository.name, path: target.path, branch, targetBranch: base };
  }

  async #check(repository: string, number: number, check: ChangeRequestCheck): Promise<void> {
    await this.deps.git.setCheck(repository, number, { ...check, updatedAt: this.deps.now().toISOString() });
  }

  async #validate(repository: string, number: number, input: ValidateRepoInput): Promise<void> {
    try {
      const verdict = await this.deps.validateRepo!(input);
      const problems = verdict.problems.map((p) => `${p.severity} ${p.file}${p.line ? `:${p.line}` : ''} ${p.message}`);
      await this.#check(repository, number, {
        name: CHECK_VALIDATE,
        status: verdict.ok ? 'success' : 'failure',
        summary: verdict.ok ? `the target repository is valid${problems.length ? ` (${problems.join('; ')})` : ''}` : problems.join('\n'),
      });
    } catch (error) {
      await this.#check(repository, number, { name: CHECK_VALIDATE, status: 'error', summary: (error as Error).message });
    }
  }

  /**
   * Opens (or finds open) a change request that removes the environment's directory (the agent
   * then deletes its objects). `spec` says where the environment lives (default: the current revision).
   */
  async remove(request: AppRequest & { environment: string; spec?: Application }): Promise<GitOpsProposal> {
    const spec = request.spec ?? (await this.deps.specs(request.workspace, request.app)).spec;
    const target = await this.#target(request.workspace, spec, request.environment);
    const repository = await ensureRepository(this.deps, target);
    const base = branchOf(target, repository);
    const open = (await this.deps.store.changes({ ...request, kind: 'delete', states: ['open'] }))[0];
    const branch = open?.branch ?? `berth/${target.app}-${target.environment}-delete-${this.deps.now().getTime().toString(36)}`;
    const result = await propose(this.deps, {
      target,
      repository,
      base,
      branch,
      files: new Map(),
      kind: 'delete',
      revision: 0,
      author: request.author,
      title: `Delete ${target.app} from ${target.environment}`,
      intro: `Removes \`${target.path}\`: once merged, Berth deletes the agent's object for **${target.app}** in ${target.environment} and the agent deletes what it synced from namespace ${target.namespace}.`,
    });
    return { ...result, repository: repository.name, path: target.path, branch, targetBranch: base };
  }

  /**
   * Proposes the revision `from` runs (its deployed commit, else its merged head) for `to`:
   * the spec in `from`'s directory, re-rendered for `to`.
   */
  async promote(request: AppRequest & { from: string; to: string }): Promise<GitOpsProposal> {
    const { spec: current } = await this.deps.specs(request.workspace, request.app);
    const source = await this.#target(request.workspace, current, request.from);
    const repository = await ensureRepository(this.deps, source);
    const report = await this.#report(source);
    const commit = report.deployedCommit ?? (await this.deps.git.headOf(repository.name, branchOf(source, repository)));
    if (!commit) throw new NotFoundError(`${request.from} has nothing deployed to promote`);
    const dir = await readDirectory(this.deps, repository.name, commit, source.path);
    const specText = dir.get('berth.yaml');
    const { revision } = directoryRevision(dir);
    if (!specText || revision === undefined) throw new NotFoundError(`${source.path} at ${commit.slice(0, 7)} holds no Berth revision`);
    const validated = validateApplication(parse(specText));
    if (!validated.application) throw new InputError(`the spec in ${source.path}/berth.yaml at ${commit.slice(0, 7)} no longer validates`);
    const spec = validated.application;
    const target = await this.#target(request.workspace, spec, request.to);
    const targetRepository = await ensureRepository(this.deps, target);
    const base = branchOf(target, targetRepository);
    const rendered = render(spec, target.environment);
    const branch = `${revisionBranch(target.app, target.environment, revision)}-from-${source.environment}`;
    const result = await propose(this.deps, {
      target,
      repository: targetRepository,
      base,
      branch,
      files: environmentFiles({ spec, objects: rendered.objects, revision, renderHash: rendered.hash, environment: target.environment }),
      kind: 'promote',
      revision,
      author: request.author,
      title: `Promote ${target.app} revision ${revision} from ${source.environment} to ${target.environment}`,
      intro: `Promotes revision ${revision} of **${target.app}**, deployed in ${source.environment} at commit \`${commit.slice(0, 7)}\`, to **${target.environment}** (re-rendered for ${target.environment}: cluster ${target.cluster}, namespace ${target.namespace}).`,
    });
    await ensureAgent(this.deps, target, targetRepository);
    return { ...result, repository: targetRepository.name, path: target.path, branch, targetBranch: base };
  }

  /** Proposes restoring the environment's directory as it was at `commit`. */
  async rollback(request: AppRequest & { environment: string; commit: string }): Promise<GitOpsProposal> {
    const { spec } = await this.deps.specs(request.workspace, request.app);
    const target = await this.#target(request.workspace, spec, request.environment);
    const repository = await ensureRepository(this.deps, target);
    const base = branchOf(target, repository);
    const files = await readDirectory(this.deps, repository.name, request.commit, target.path);
    if (files.size === 0) throw new InputError(`${target.path} does not exist at ${request.commit.slice(0, 12)}`, [{ path: 'commit', message: 'holds no directory of this environment' }]);
    const { revision } = directoryRevision(files);
    const short = request.commit.slice(0, 7);
    const result = await propose(this.deps, {
      target,
      repository,
      base,
      branch: `berth/${target.app}-${target.environment}-rollback-${short}-${this.deps.now().getTime().toString(36)}`,
      files,
      kind: 'rollback',
      revision: revision ?? 0,
      author: request.author,
      title: `Roll ${target.app} in ${target.environment} back to ${short}${revision ? ` (revision ${revision})` : ''}`,
      intro: `Restores \`${target.path}\` as it was at commit \`${short}\`${revision ? `, revision ${revision}` : ''}. The agent syncs it like any other change: no auto-sync to disable.`,
    });
    return { ...result, repository: repository.name, path: target.path, branch: result.changeRequest.sourceBranch, targetBranch: base };
  }

  async #report(target: GitOpsEnvironment): Promise<AgentReport> {
    const cluster = await this.deps.clusters.get(target.cluster);
    return readAgentReport(cluster, target);
  }

  /** The environment's repository, merged head, deployed commit, agent status and open change requests. */
  async status(request: { workspace: string; app: string; environment: string }): Promise<GitOpsStatus> {
    const { spec } = await this.deps.specs(request.workspace, request.app);
    const target = await this.#target(request.workspace, spec, request.environment);
    const repository = await ensureRepository(this.deps, target);
    const branch = branchOf(target, repository);
    const mergedHead = await this.deps.git.headOf(repository.name, branch);
    const mergedRevision = mergedHead
      ? directoryRevision(new Map([['kustomization.yaml', (await this.deps.git.readFile(repository.name, mergedHead, `${target.path}/kustomization.yaml`))?.toString('utf8') ?? '']])).revision
      : undefined;
    const report = await this.#report(target);
    const prefix = `berth/${target.app}-${target.environment}-`;
    const open = (await this.deps.git.listChangeRequests(repository.name, { state: 'open' })).filter((cr) => cr.sourceBranch.startsWith(prefix));
    const live = this.deps.liveHealth ? await this.deps.liveHealth(request).catch(() => undefined) : undefined;
    return {
      repo: repository.name,
      path: target.path,
      branch,
      agent: target.agent,
      ...(mergedHead ? { mergedHead } : {}),
      ...(mergedRevision !== undefined ? { mergedRevision } : {}),
      ...(report.deployedCommit ? { deployedCommit: report.deployedCommit } : {}),
      inSync: mergedHead !== undefined && report.deployedCommit === mergedHead && report.syncStatus === 'Synced',
      syncStatus: report.syncStatus,
      health: report.health,
      ...(report.message ? { message: report.message } : {}),
      history: report.history,
      agentObject: report.object,
      openChangeRequests: open.map((cr) => ({ number: cr.number, title: cr.title, branch: cr.sourceBranch, ...(cr.url ? { url: cr.url } : {}) })),
      ...(live !== undefined ? { live } : {}),
    };
  }

  /**
   * Follows the change requests Berth opened: records merges and closes, and once a deletion
   * is merged, deletes the environment's agent object (whose finalizer removes what it synced).
   * Returns how many deletions it settled. Called periodically and by the status route.
   */
  async settle(): Promise<number> {
    if (this.#watched.size > 1000) this.#watched.clear();
    let settled = 0;
    for (const kind of ['deploy', 'promote', 'rollback', 'delete'] as const) {
      for (const row of await this.deps.store.openOfKind(kind)) {
        if (row.state === 'open') {
          const watch = this.#watched.get(row.id) ?? { repository: row.repository, number: Number(row.number) };
          this.#watched.set(row.id, watch);
          const cr = await watchMerge(this.deps, watch, this.deps.now().getTime(), this.gitHubPollMs).catch(() => undefined);
          if (!cr || cr.state === 'open') continue;
          this.#watched.delete(row.id);
          if (cr.state !== 'merged') continue;
        }
        if (kind !== 'delete') {
          if (row.state === 'merged') await this.deps.store.setState(row.id, 'settled');
          continue;
        }
        await removeAgent(this.deps, { workspace: row.workspace, app: row.app, environment: row.environment });
        await this.deps.store.setState(row.id, 'settled');
        settled++;
      }
    }
    return settled;
  }
}
