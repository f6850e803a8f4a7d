import type { Octokit } from '@octokit/rest';
import { ConflictError, NotFoundError } from '../../http/errors.js';
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
  CreateRepositoryInput,
  GitProvider,
  MergeMethod,
  MergeResult,
  OpenChangeRequestInput,
  RepositoryInfo,
  ReviewState,
  TreeEntry,
} from '../provider.js';
import {
  mapError,
  type RepoData,
  reviewStateOf,
  toChangeRequest,
  toFileDiff,
  toRepository,
} from './github-mapping.js';

/** What the GitHub provider needs. */
export interface GitHubProviderDeps {
  /** The organization (or user) owning the repositories. */
  owner: string;
  ownerType?: 'org' | 'user';
  /** An Octokit authenticated for `repository` (its own credentials), or for the owner when omitted. */
  octokitFor(repository?: string): Promise<Octokit>;
}

const SHA = /^[0-9a-f]{40}$/;

/**
 * GitHub behind the git provider port: branches and commits through the Git data API (blobs,
 * trees, commits, refs), pull requests as change requests, reviews, commit statuses as checks,
 * merge (a fast-forward is a ref update; a merge commit is GitHub's merge). GitHub does not
 * name conflicting paths: a conflicting pull request reports `mergeable: false` with no paths.
 */
export class GitHubProvider implements GitProvider {
  readonly kind = 'github' as const;

  constructor(private readonly deps: GitHubProviderDeps) {}

  async #call<T>(repository: string | undefined, fn: (o: Octokit, owner: string) => Promise<T>): Promise<T> {
    const octokit = await this.deps.octokitFor(repository);
    try {
      return await fn(octokit, this.deps.owner);
    } catch (error) {
      throw mapError(error, repository, this.deps.owner);
    }
  }

  async createRepository(input: CreateRepositoryInput): Promise<RepositoryInfo> {
    const { data } = await this.#call(undefined, (o, owner) =>
      this.deps.ownerType === 'user'
        ? o.rest.repos.createForAuthenticatedUser({
            name: input.name,
            description: input.description ?? '',
            auto_init: true,
            private: true,
          })
        : o.rest.repos.createInOrg({
            org: owner,
            name: input.name,
            description: input.description ?? '',
            auto_init: true,
            visibility: 'private',
          }),
    );
    return toRepository(data);
  }

  async listRepositories(): Promise<RepositoryInfo[]> {
    const repos: RepoData[] = await this.#call(undefined, async (o, owner) =>
      this.deps.ownerType === 'user'
        ? await o.paginate(o.rest.repos.listForAuthenticatedUser, { per_page: 100 })
        : await o.paginate(o.rest.repos.listForOrg, { org: owner, per_page: 100 }),
    );
    return repos.map(toRepository);
  }

  async getRepository(name: string): Promise<RepositoryInfo> {
    const { data } = await this.#call(name, (o, owner) => o.rest.repos.get({ owner, repo: name }));
    return toRepository(data);
  }

  async readFile(repository: string, ref: string, path: string): Promise<Buffer | undefined> {
    try {
      const { data } = await this.#call(repository, (o, owner) =>
        o.rest.repos.getContent({ owner, repo: repository, path, ref }),
      );
      if (Array.isArray(data) || data.type !== 'file') return undefined;
      if (data.encoding === 'base64' && data.content !== undefined)
        return Buffer.from(data.content, 'base64');
      const blob = await this.#call(repository, (o, owner) =>
        o.rest.git.getBlob({ owner, repo: repository, file_sha: data.sha }),
      );
      return Buffer.from(blob.data.content, blob.data.encoding === 'base64' ? 'base64' : 'utf8');
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async readTree(repository: string, ref: string, path?: string): Promise<TreeEntry[]> {
    const { data } = await this.#call(repository, (o, owner) =>
      o.rest.git.getTree({ owner, repo: repository, tree_sha: ref, recursive: 'true' }),
    );
    const prefix = path ? `${path.replace(/\/+$/, '')}/` : '';
    return data.tree
      .filter((e) => e.type === 'blob' && e.path !== undefined && e.path.startsWith(prefix))
      .map((e) => ({ path: e.path!, mode: e.mode ?? '100644', sha: e.sha! }));
  }

  async listBranches(repository: string): Promise<BranchInfo[]> {
    const branches = await this.#call(repository, (o, owner) =>
      o.paginate(o.rest.repos.listBranches, { owner, repo: repository, per_page: 100 }),
    );
    return branches.map((b) => ({ name: b.name, sha: b.commit.sha }));
  }

  async headOf(repository: string, branch: string): Promise<string | undefined> {
    try {
      const { data } = await this.#call(repository, (o, owner) =>
        o.rest.git.getRef({ owner, repo: repository, ref: `heads/${branch}` }),
      );
      return data.object.sha;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async #resolve(repository: string, ref: string): Promise<string> {
    if (SHA.test(ref)) return ref;
    const sha = await this.headOf(repository, ref);
    if (!sha) throw new NotFoundError(`branch ${ref} not found in ${repository}`);
    return sha;
  }

  async createBranch(repository: string, branch: string, from: string): Promise<BranchInfo> {
    const sha = await this.#resolve(repository, from);
    await this.#call(repository, (o, owner) =>
      o.rest.git.createRef({ owner, repo: repository, ref: `refs/heads/${branch}`, sha }),
    );
    return { name: branch, sha };
  }

  async deleteBranch(repository: string, branch: string): Promise<void> {
    await this.#call(repository, (o, owner) =>
      o.rest.git.deleteRef({ owner, repo: repository, ref: `heads/${branch}` }),
    );
  }

  async commit(repository: string, input: CommitInput): Promise<CommitResult> {
    const current = await this.headOf(repository, input.branch);
    if (input.expectedHead !== undefined && current !== input.expectedHead)
      throw new ConflictError(`branch ${input.branch} is not at ${input.expectedHead.slice(0, 12)} any more`);
    const parent =
      current ??
      (await this.#resolve(repository, input.from ?? (await this.getRepository(repository)).defaultBranch));
    return this.#call(repository, async (o, owner) => {
      const repo = repository;
      const base = await o.rest.git.getCommit({ owner, repo, commit_sha: parent });
      const tree = [];
      for (const change of input.changes) {
        if ('delete' in change) {
          tree.push({ path: change.path, mode: '100644' as const, type: 'blob' as const, sha: null });
          continue;
        }
        const content = Buffer.from(change.content).toString('base64');
        const blob = await o.rest.git.createBlob({ owner, repo, content, encoding: 'base64' });
        tree.push({
          path: change.path,
          mode: change.executable ? ('100755' as const) : ('100644' as const),
          type: 'blob' as const,
          sha: blob.data.sha,
        });
      }
      const newTree = await o.rest.git.createTree({ owner, repo, base_tree: base.data.tree.sha, tree });
      const commit = await o.rest.git.createCommit({
        owner,
        repo,
        message: input.message,
        tree: newTree.data.sha,
        parents: [parent],
        author: { name: input.author.name, email: input.author.email },
      });
      const sha = commit.data.sha;
      if (current)
        await o.rest.git.updateRef({ owner, repo, ref: `heads/${input.branch}`, sha, force: false });
      else await o.rest.git.createRef({ owner, repo, ref: `refs/heads/${input.branch}`, sha });
      return { sha, branch: input.branch, parent };
    });
  }

  async openChangeRequest(repository: string, input: OpenChangeRequestInput): Promise<ChangeRequest> {
    const base = input.targetBranch ?? (await this.getRepository(repository)).defaultBranch;
    const { data } = await this.#call(repository, (o, owner) =>
      o.rest.pulls.create({
        owner,
        repo: repository,
        title: input.title,
        body: input.description,
        head: input.sourceBranch,
        base,
      }),
    );
    return toChangeRequest(repository, data);
  }

  async listChangeRequests(
    repository: string,
    filter: { state?: ChangeRequest['state'] } = {},
  ): Promise<ChangeRequest[]> {
    const state = filter.state === 'open' ? 'open' : filter.state ? 'closed' : 'all';
    const pulls = await this.#call(repository, (o, owner) =>
      o.paginate(o.rest.pulls.list, { owner, repo: repository, state, per_page: 100 }),
    );
    return pulls
      .map((p) => toChangeRequest(repository, p))
      .filter((cr) => !filter.state || cr.state === filter.state);
  }

  /** The pull request alone (one call): state, head, merge commit — for waiting on a merge. */
  async pullRequest(repository: string, number: number): Promise<ChangeRequest> {
    const { data } = await this.#call(repository, (o, owner) =>
      o.rest.pulls.get({ owner, repo: repository, pull_number: number }),
    );
    return toChangeRequest(repository, data);
  }

  async getChangeRequest(repository: string, number: number): Promise<ChangeRequestDetail> {
    return this.#call(repository, async (o, owner) => {
      const repo = repository;
      const pull = (await o.rest.pulls.get({ owner, repo, pull_number: number })).data;
      const files = await o.paginate(o.rest.pulls.listFiles, {
        owner,
        repo,
        pull_number: number,
        per_page: 100,
      });
      const comments = await o.paginate(o.rest.issues.listComments, {
        owner,
        repo,
        issue_number: number,
        per_page: 100,
      });
      const reviews = await o.paginate(o.rest.pulls.listReviews, {
        owner,
        repo,
        pull_number: number,
        per_page: 100,
      });
      const status = (await o.rest.repos.getCombinedStatusForRef({ owner, repo, ref: pull.head.sha })).data;
      const latest = new Map<string, ChangeRequestReview>();
      for (const r of reviews) {
        const state = reviewStateOf(r.state);
        if (!state || !r.user) continue;
        if (state === 'commented' && latest.has(r.user.login)) continue;
        latest.set(r.user.login, {
          reviewer: r.user.login,
          state,
          body: r.body ?? '',
          createdAt: r.submitted_at ?? '',
        });
      }
      const cr = toChangeRequest(repository, pull);
      const open = cr.state === 'open';
      const diff = files.map(toFileDiff);
      const app = deliveredAppOf(diff);
      return {
        ...cr,
        ...(app ? { app } : {}),
        diff,
        comments: comments.map((c): ChangeRequestComment => ({
          id: String(c.id),
          author: c.user?.login ?? 'unknown',
          body: c.body ?? '',
          createdAt: c.created_at,
        })),
        reviews: [...latest.values()],
        approvals: [...latest.values()].filter((r) => r.state === 'approved').map((r) => r.reviewer),
        checks: status.statuses.map((s) => ({
          name: s.context,
          status: s.state as ChangeRequestCheck['status'],
          summary: s.description ?? '',
          updatedAt: s.updated_at,
        })),
        mergeable: open ? (pull.mergeable ?? null) : null,
        conflicts: [],
        fastForward: open ? await this.#fastForward(o, owner, repo, pull.base.ref, pull.head.sha) : null,
      };
    });
  }

  /** Whether `base` can be fast-forwarded to `head` (compare says `ahead`); null when GitHub does not say. */
  async #fastForward(
    o: Octokit,
    owner: string,
    repo: string,
    base: string,
    head: string,
  ): Promise<boolean | null> {
    try {
      const compare = await o.rest.repos.compareCommits({ owner, repo, base, head, per_page: 1 });
      return compare.data.status === 'ahead';
    } catch {
      return null;
    }
  }

  async comment(
    repository: string,
    number: number,
    input: { author: string; body: string },
  ): Promise<ChangeRequestComment> {
    const { data } = await this.#call(repository, (o, owner) =>
      o.rest.issues.createComment({ owner, repo: repository, issue_number: number, body: input.body }),
    );
    return {
      id: String(data.id),
      author: data.user?.login ?? input.author,
      body: data.body ?? '',
      createdAt: data.created_at,
    };
  }

  async review(
    repository: string,
    number: number,
    input: { reviewer: string; state: ReviewState; body?: string },
  ) {
    const event =
      input.state === 'approved'
        ? 'APPROVE'
        : input.state === 'changes-requested'
          ? 'REQUEST_CHANGES'
          : 'COMMENT';
    const { data } = await this.#call(repository, (o, owner) =>
      o.rest.pulls.createReview({
        owner,
        repo: repository,
        pull_number: number,
        event,
        ...(input.body ? { body: input.body } : {}),
      }),
    );
    return {
      reviewer: data.user?.login ?? input.reviewer,
      state: input.state,
      body: data.body ?? '',
      createdAt: data.submitted_at ?? '',
    };
  }

  async setCheck(repository: string, number: number, check: ChangeRequestCheck): Promise<ChangeRequestCheck> {
    return this.#call(repository, async (o, owner) => {
      const pull = (await o.rest.pulls.get({ owner, repo: repository, pull_number: number })).data;
      const { data } = await o.rest.repos.createCommitStatus({
        owner,
        repo: repository,
        sha: pull.head.sha,
        state: check.status,
        context: check.name,
        description: check.summary.slice(0, 140),
      });
      return { ...check, updatedAt: data.updated_at };
    });
  }

  async merge(
    repository: string,
    number: number,
    input: { method?: MergeMethod; mergedBy: string; message?: string },
  ): Promise<MergeResult> {
    const method = input.method ?? 'merge-commit';
    return this.#call(repository, async (o, owner) => {
      const repo = repository;
      const pull = (await o.rest.pulls.get({ owner, repo, pull_number: number })).data;
      if (pull.state !== 'open')
        throw new ConflictError(`pull request #${number} is already ${pull.merged ? 'merged' : 'closed'}`);
      if (method === 'fast-forward') {
        const compare = await o.rest.repos.compareCommits({
          owner,
          repo,
          base: pull.base.ref,
          head: pull.head.sha,
        });
        if (compare.data.status !== 'ahead')
          throw new ConflictError(
            `${pull.base.ref} moved since ${pull.head.ref} branched off: it cannot be fast-forwarded; merge with a merge commit`,
          );
        await o.rest.git.updateRef({
          owner,
          repo,
          ref: `heads/${pull.base.ref}`,
          sha: pull.head.sha,
          force: false,
        });
        return { sha: pull.head.sha, method };
      }
      if (pull.mergeable === false)
        throw new ConflictError(`pull request #${number} conflicts with ${pull.base.ref}`);
      const { data } = await o.rest.pulls.merge({
        owner,
        repo,
        pull_number: number,
        merge_method: 'merge',
        sha: pull.head.sha,
        ...(input.message ? { commit_title: input.message.split('\n')[0] } : {}),
      });
      return { sha: data.sha, method };
    });
  }

  async close(repository: string, number: number, _input: { closedBy: string }): Promise<ChangeRequest> {
    const { data } = await this.#call(repository, (o, owner) =>
      o.rest.pulls.update({ owner, repo: repository, pull_number: number, state: 'closed' }),
    );
    return toChangeRequest(repository, data);
  }
}
