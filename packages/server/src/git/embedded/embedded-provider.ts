import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { ConflictError, InputError, NotFoundError } from '../../http/errors.js';
import type { GitChangeRequestsTable, GitRepositoriesTable, GitTables } from '../migration.js';
import { deliveredAppOf } from '../delivered-app.js';
import type {
  BranchInfo,
  ChangeRequest,
  ChangeRequestCheck,
  ChangeRequestComment,
  ChangeRequestDetail,
  ChangeRequestReview,
  CommitInput,
  CommitResult,
  CheckState,
  CreateRepositoryInput,
  GitIdentity,
  GitProvider,
  MergeMethod,
  MergeResult,
  OpenChangeRequestInput,
  RepositoryInfo,
  ReviewState,
  TreeEntry,
} from '../provider.js';
import { BareRepository, checkBranchName } from './bare-repository.js';
import { ChangeRequestStore } from './change-request-store.js';

/** Names of embedded repositories: lower-case DNS-like, e.g. `shop-apps`. */
export const REPOSITORY_NAME = /^[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?$/;

/** What the embedded provider needs. */
export interface EmbeddedGitDeps {
  db: Kysely<GitTables>;
  /** Directory holding `<name>.git` bare repositories (`<dataDir>/git`). */
  root: string;
  /** Identity of commits Berth makes itself (merge commits, the initial commit). */
  committer?: GitIdentity;
  /** Base URL clone URLs start with (the public URL); default: a path only. */
  publicUrl?: string;
  now?: () => Date;
}

const BERTH: GitIdentity = { name: 'Berth', email: 'berth@localhost' };

/**
 * The embedded git host: bare repositories under `<dataDir>/git/<name>.git`, served read-only
 * by smart HTTP, with change requests (comments, reviews, checks, merge, conflicts) in the store.
 */
export class EmbeddedGitProvider implements GitProvider {
  readonly kind = 'embedded' as const;
  readonly #store: ChangeRequestStore;
  readonly #now: () => Date;
  readonly #committer: GitIdentity;

  constructor(private readonly deps: EmbeddedGitDeps) {
    this.#now = deps.now ?? (() => new Date());
    this.#store = new ChangeRequestStore(deps.db, this.#now);
    this.#committer = deps.committer ?? BERTH;
  }

  /** The directory of repository `name` (whether or not it exists). */
  directoryOf(name: string): string {
    if (!REPOSITORY_NAME.test(name) || name.endsWith('.git'))
      throw new NotFoundError(`repository ${name} not found`);
    return path.join(this.deps.root, `${name}.git`);
  }

  /** The git root directory served over smart HTTP. */
  get root(): string {
    return this.deps.root;
  }

  async #repo(name: string): Promise<{ row: GitRepositoriesTable; bare: BareRepository }> {
    const row = await this.#store.repository(name);
    return { row, bare: new BareRepository(this.directoryOf(name)) };
  }

  #info(row: GitRepositoriesTable): RepositoryInfo {
    return {
      name: row.name,
      defaultBranch: row.default_branch,
      description: row.description,
      cloneUrl: `${(this.deps.publicUrl ?? '').replace(/\/$/, '')}/git/${row.name}.git`,
      ...(row.workspace ? { workspace: row.workspace } : {}),
      createdAt: row.created_at,
    };
  }

  async createRepository(input: CreateRepositoryInput): Promise<RepositoryInfo> {
    if (!REPOSITORY_NAME.test(input.name) || input.name.endsWith('.git'))
      throw new InputError(`"${input.name}" is not a valid repository name`, [
        { path: 'name', message: 'lower-case letters, digits, ".", "_" and "-", at most 63 characters' },
      ]);
    const defaultBranch = await checkBranchName(input.defaultBranch ?? 'main');
    const dir = this.directoryOf(input.name);
    if (existsSync(dir)) throw new ConflictError(`repository ${input.name} already exists`);
    const row = await this.#store.insertRepository({
      name: input.name,
      workspace: input.workspace ?? null,
      default_branch: defaultBranch,
      description: input.description ?? '',
    });
    try {
      await new BareRepository(dir).init(defaultBranch, this.#committer, this.#now());
    } catch (error) {
      await this.#store.deleteRepository(input.name);
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return this.#info(row);
  }

  async listRepositories(): Promise<RepositoryInfo[]> {
    return (await this.#store.listRepositories()).map((row) => this.#info(row));
  }

  async getRepository(name: string): Promise<RepositoryInfo> {
    return this.#info((await this.#repo(name)).row);
  }

  async readFile(repository: string, ref: string, file: string): Promise<Buffer | undefined> {
    return (await this.#repo(repository)).bare.readFile(ref, file);
  }

  async readTree(repository: string, ref: string, dir?: string): Promise<TreeEntry[]> {
    return (await this.#repo(repository)).bare.readTree(ref, dir);
  }

  async listBranches(repository: string): Promise<BranchInfo[]> {
    return (await this.#repo(repository)).bare.branches();
  }

  async headOf(repository: string, branch: string): Promise<string | undefined> {
    return (await this.#repo(repository)).bare.headOf(branch);
  }

  async createBranch(repository: string, branch: string, from: string): Promise<BranchInfo> {
    const { bare } = await this.#repo(repository);
    await checkBranchName(branch);
    const sha = await bare.resolve(from);
    if (!sha) throw new NotFoundError(`ref ${from} not found in ${repository}`);
    await bare.updateBranch(branch, sha, undefined);
    return { name: branch, sha };
  }

  async deleteBranch(repository: string, branch: string): Promise<void> {
    await (await this.#repo(repository)).bare.deleteBranch(branch);
  }

  async commit(repository: string, input: CommitInput): Promise<CommitResult> {
    const { row, bare } = await this.#repo(repository);
    await checkBranchName(input.branch);
    const current = await bare.headOf(input.branch);
    if (input.expectedHead !== undefined && current !== input.expectedHead)
      throw new ConflictError(`branch ${input.branch} is not at ${input.expectedHead.slice(0, 12)} any more`);
    let parent = current;
    if (!parent) {
      const from = input.from ?? row.default_branch;
      parent = await bare.resolve(from);
      if (!parent) throw new NotFoundError(`ref ${from} not found in ${repository}`);
    }
    const sha = await bare.commitTree(parent, input.changes, input.message, input.author, this.#now());
    await bare.updateBranch(input.branch, sha, current);
    return { sha, branch: input.branch, parent };
  }

  async openChangeRequest(repository: string, input: OpenChangeRequestInput): Promise<ChangeRequest> {
    const { row, bare } = await this.#repo(repository);
    const target = input.targetBranch ?? row.default_branch;
    const source = await bare.headOf(input.sourceBranch);
    if (!source) throw new NotFoundError(`branch ${input.sourceBranch} not found in ${repository}`);
    if (!(await bare.headOf(target))) throw new NotFoundError(`branch ${target} not found in ${repository}`);
    if (input.sourceBranch === target) throw new InputError('the source and target branches are the same');
    const open = await this.#store.listChangeRequests(repository, 'open');
    const duplicate = open.find(
      (cr) => cr.source_branch === input.sourceBranch && cr.target_branch === target,
    );
    if (duplicate)
      throw new ConflictError(
        `change request #${duplicate.number} is already open for ${input.sourceBranch}`,
      );
    const created = await this.#store.insertChangeRequest({
      repository,
      title: input.title,
      description: input.description,
      source_branch: input.sourceBranch,
      target_branch: target,
      author: input.author,
      state: 'open',
      source_sha: source,
      target_sha: null,
      merge_sha: null,
      merged_by: null,
      merged_at: null,
      closed_at: null,
      app_workspace: input.app?.workspace ?? null,
      app_name: input.app?.name ?? null,
      app_environment: input.app?.environment ?? null,
    });
    return toChangeRequest(created);
  }

  /** Change requests newest first, each with its checks' names and states. */
  async listChangeRequests(
    repository: string,
    filter: { state?: ChangeRequest['state'] } = {},
  ): Promise<Array<ChangeRequest & { checks: CheckState[] }>> {
    await this.#repo(repository);
    const rows = await this.#store.listChangeRequests(repository, filter.state);
    const checks = await this.#store.checkStates(repository, filter.state);
    return rows.map((row) => ({ ...toChangeRequest(row), checks: checks.get(row.id) ?? [] }));
  }

  async getChangeRequest(repository: string, number: number): Promise<ChangeRequestDetail> {
    const { bare } = await this.#repo(repository);
    const row = await this.#store.changeRequest(repository, number);
    let sourceSha = row.source_sha;
    let targetSha = row.target_sha ?? undefined;
    let conflicts: string[] = [];
    let mergeable: boolean | null = null;
    let fastForward: boolean | null = null;
    if (row.state === 'open') {
      sourceSha = (await bare.headOf(row.source_branch)) ?? row.source_sha;
      targetSha = await bare.headOf(row.target_branch);
      if (targetSha) {
        conflicts = (await bare.trialMerge(targetSha, sourceSha)).conflicts;
        mergeable = conflicts.length === 0;
        fastForward = targetSha !== sourceSha && (await bare.isAncestor(targetSha, sourceSha));
      }
    }
    const base = targetSha ? await bare.mergeBase(targetSha, sourceSha) : sourceSha;
    const diff = await bare.diff(base, sourceSha);
    const { comments, reviews } = await this.#store.notes(row.id);
    const cr = toChangeRequest({ ...row, source_sha: sourceSha });
    const app = cr.app ?? deliveredAppOf(diff);
    return {
      ...cr,
      ...(app ? { app } : {}),
      diff,
      comments,
      reviews,
      approvals: reviews.filter((r) => r.state === 'approved').map((r) => r.reviewer),
      checks: await this.#store.checks(row.id),
      mergeable,
      conflicts,
      fastForward,
    };
  }

  async comment(repository: string, number: number, input: { author: string; body: string }) {
    const row = await this.#store.changeRequest(repository, number);
    const note = await this.#store.addNote(row.id, { kind: 'comment', ...input });
    return {
      id: note.id,
      author: input.author,
      body: input.body,
      createdAt: note.createdAt,
    } satisfies ChangeRequestComment;
  }

  async review(
    repository: string,
    number: number,
    input: { reviewer: string; state: ReviewState; body?: string },
  ): Promise<ChangeRequestReview> {
    const row = await this.#store.changeRequest(repository, number);
    if (row.state !== 'open') throw new ConflictError(`change request #${number} is ${row.state}`);
    const body = input.body ?? '';
    const note = await this.#store.addNote(row.id, {
      kind: 'review',
      author: input.reviewer,
      body,
      reviewState: input.state,
    });
    return { reviewer: input.reviewer, state: input.state, body, createdAt: note.createdAt };
  }

  async setCheck(repository: string, number: number, check: ChangeRequestCheck): Promise<ChangeRequestCheck> {
    const row = await this.#store.changeRequest(repository, number);
    return this.#store.putCheck(row.id, check);
  }

  async merge(
    repository: string,
    number: number,
    input: { method?: MergeMethod; mergedBy: string; message?: string },
  ): Promise<MergeResult> {
    const { bare } = await this.#repo(repository);
    const row = await this.#store.changeRequest(repository, number);
    if (row.state !== 'open') throw new ConflictError(`change request #${number} is already ${row.state}`);
    const source = await bare.headOf(row.source_branch);
    if (!source) throw new ConflictError(`branch ${row.source_branch} no longer exists`);
    const target = await bare.headOf(row.target_branch);
    if (!target) throw new ConflictError(`branch ${row.target_branch} no longer exists`);
    if (await bare.isAncestor(source, target))
      throw new ConflictError(`${row.source_branch} has nothing that ${row.target_branch} does not have`);
    const method = input.method ?? 'merge-commit';
    let sha: string;
    if (method === 'fast-forward') {
      if (!(await bare.isAncestor(target, source)))
        throw new ConflictError(
          `${row.target_branch} moved since ${row.source_branch} branched off: it cannot be fast-forwarded; merge with a merge commit`,
        );
      sha = source;
    } else {
      const trial = await bare.trialMerge(target, source);
      if (trial.conflicts.length > 0)
        throw new ConflictError(
          `change request #${number} conflicts with ${row.target_branch} in ${trial.conflicts.join(', ')}`,
          trial.conflicts.map((p) => ({ path: p, message: 'changed on both branches' })),
        );
      const message =
        input.message ?? `Merge change request #${number} from ${row.source_branch}\n\n${row.title}`;
      sha = await bare.commitOf(trial.tree, [target, source], message, this.#committer, this.#now());
    }
    await bare.updateBranch(row.target_branch, sha, target);
    await this.#store.updateOpen(row.id, {
      state: 'merged',
      source_sha: source,
      target_sha: target,
      merge_sha: sha,
      merged_by: input.mergedBy,
      merged_at: this.#now().toISOString(),
    });
    return { sha, method };
  }

  async close(repository: string, number: number, _input: { closedBy: string }): Promise<ChangeRequest> {
    const { bare } = await this.#repo(repository);
    const row = await this.#store.changeRequest(repository, number);
    if (row.state !== 'open') throw new ConflictError(`change request #${number} is already ${row.state}`);
    const source = (await bare.headOf(row.source_branch)) ?? row.source_sha;
    const target = (await bare.headOf(row.target_branch)) ?? null;
    const at = this.#now().toISOString();
    await this.#store.updateOpen(row.id, {
      state: 'closed',
      closed_at: at,
      source_sha: source,
      target_sha: target,
    });
    return toChangeRequest({ ...row, state: 'closed', closed_at: at, source_sha: source, updated_at: at });
  }
}

function toChangeRequest(row: GitChangeRequestsTable): ChangeRequest {
  return {
    repository: row.repository,
    number: Number(row.number),
    title: row.title,
    description: row.description,
    sourceBranch: row.source_branch,
    targetBranch: row.target_branch,
    author: row.author,
    state: row.state as ChangeRequest['state'],
    sourceSha: row.source_sha,
    ...(row.merge_sha ? { mergeSha: row.merge_sha } : {}),
    ...(row.merged_by ? { mergedBy: row.merged_by } : {}),
    ...(row.merged_at ? { mergedAt: row.merged_at } : {}),
    ...(row.closed_at ? { closedAt: row.closed_at } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.app_workspace && row.app_name && row.app_environment
      ? { app: { workspace: row.app_workspace, name: row.app_name, environment: row.app_environment } }
      : {}),
  };
}
