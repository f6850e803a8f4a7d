import { InputError, NotFoundError } from '../http/errors.js';
import type { Subject } from '../iam/authorizer.js';
import type { EmbeddedGitProvider } from './embedded/embedded-provider.js';
import type { ReadTokenInfo, RepositoryReadTokens } from './embedded/read-tokens.js';
import type {
  BranchInfo,
  ChangeRequest,
  ChangeRequestCheck,
  ChangeRequestComment,
  ChangeRequestDetail,
  ChangeRequestReview,
  ChangeRequestState,
  CheckState,
  GitProvider,
  MergeMethod,
  MergeResult,
  RepositoryInfo,
  ReviewState,
} from './provider.js';
import type { RepositoryHosts } from './repository-hosts.js';
import { gitHubKey, gitHubWebUrl } from './github/github-address.js';

/** A repository in a workspace's list: which host it is on and, for GitHub, its web page. */
export type RepositoryListItem = Omit<RepositoryInfo, 'defaultBranch'> & {
  defaultBranch?: string;
  provider: 'embedded' | 'github';
  url?: string;
};

/**
 * The git hosts as a workspace sees them: the embedded repositories the workspace owns (others
 * are 404) and, with `hosts`, the GitHub repositories it was granted, addressed as
 * `github:<owner>:<repo>` (not granted → 403, no credentials → 422, both saying who fixes it
 * and how); change requests acted on as the signed-in user (on GitHub: as Berth's credentials).
 */
export class WorkspaceRepositories {
  readonly #git: GitProvider;

  constructor(
    private readonly deps: { git: EmbeddedGitProvider; readTokens: RepositoryReadTokens; hosts?: RepositoryHosts },
  ) {
    this.#git = deps.hosts ?? deps.git;
  }

  async #own(workspace: string, name: string): Promise<RepositoryInfo> {
    const github = this.deps.hosts?.gitHubRef(name);
    if (github) {
      if (!this.deps.hosts?.github) throw new NotFoundError(`repository ${name} not found in workspace ${workspace}`);
      await this.deps.hosts.github.authorize(workspace, github);
      return this.deps.hosts.getRepository(name);
    }
    let info: RepositoryInfo;
    try {
      info = await this.deps.git.getRepository(name);
    } catch (error) {
      if (error instanceof NotFoundError)
        throw new NotFoundError(`repository ${name} not found in workspace ${workspace}`);
      throw error;
    }
    if (info.workspace !== workspace)
      throw new NotFoundError(`repository ${name} not found in workspace ${workspace}`);
    return info;
  }

  /**
   * The workspace's embedded repositories, then the GitHub repositories whose own credentials
   * record grants it (an owner-wide grant names no repository; listing those would mean asking
   * GitHub). GitHub is not called: their items carry no default branch.
   */
  async list(workspace: string): Promise<RepositoryListItem[]> {
    const embedded = (await this.deps.git.listRepositories())
      .filter((r) => r.workspace === workspace)
      .map((r): RepositoryListItem => ({ ...r, provider: 'embedded' }));
    const github = this.deps.hosts?.github;
    if (!github) return embedded;
    const granted = (await github.grantedRepositories(workspace)).map(
      (ref): RepositoryListItem => ({
        name: gitHubKey(ref),
        provider: 'github',
        description: '',
        cloneUrl: github.cloneUrl(ref),
        url: gitHubWebUrl(ref, github.webUrl),
      }),
    );
    return [...embedded, ...granted];
  }

  create(workspace: string, input: { name: string; description?: string; defaultBranch?: string }) {
    return this.deps.git.createRepository({ ...input, workspace });
  }

  get(workspace: string, name: string): Promise<RepositoryInfo> {
    return this.#own(workspace, name);
  }

  async branches(workspace: string, name: string): Promise<BranchInfo[]> {
    await this.#own(workspace, name);
    return this.#git.listBranches(name);
  }

  #embeddedOnly(name: string): void {
    if (this.deps.hosts?.gitHubRef(name))
      throw new InputError(`read tokens are for embedded repositories; ${name} is on GitHub, whose agents use its credentials`, [
        { path: 'repo', message: 'is not an embedded repository' },
      ]);
  }

  async createReadToken(
    workspace: string,
    name: string,
    tokenName: string,
  ): Promise<ReadTokenInfo & { token: string }> {
    this.#embeddedOnly(name);
    await this.#own(workspace, name);
    return this.deps.readTokens.create(name, tokenName);
  }

  async readTokens(workspace: string, name: string): Promise<ReadTokenInfo[]> {
    this.#embeddedOnly(name);
    await this.#own(workspace, name);
    return this.deps.readTokens.list(name);
  }

  async revokeReadToken(workspace: string, name: string, id: string): Promise<void> {
    this.#embeddedOnly(name);
    await this.#own(workspace, name);
    await this.deps.readTokens.revoke(name, id);
  }

  async open(
    workspace: string,
    name: string,
    subject: Subject,
    input: { title: string; description: string; sourceBranch: string; targetBranch?: string },
  ): Promise<ChangeRequest> {
    await this.#own(workspace, name);
    return this.#git.openChangeRequest(name, { ...input, author: subject.username });
  }

  async changeRequests(
    workspace: string,
    name: string,
    state?: ChangeRequestState,
  ): Promise<Array<ChangeRequest & { checks: CheckState[] }>> {
    await this.#own(workspace, name);
    const items = await this.#git.listChangeRequests(name, state ? { state } : {});
    return items.map((cr) => ({ ...cr, checks: cr.checks ?? [] }));
  }

  async changeRequest(workspace: string, name: string, number: number): Promise<ChangeRequestDetail> {
    await this.#own(workspace, name);
    return this.#git.getChangeRequest(name, number);
  }

  async comment(
    workspace: string,
    name: string,
    number: number,
    subject: Subject,
    body: string,
  ): Promise<ChangeRequestComment> {
    await this.#own(workspace, name);
    return this.#git.comment(name, number, { author: subject.username, body });
  }

  async review(
    workspace: string,
    name: string,
    number: number,
    subject: Subject,
    input: { state: ReviewState; body?: string },
  ): Promise<ChangeRequestReview> {
    await this.#own(workspace, name);
    return this.#git.review(name, number, { reviewer: subject.username, ...input });
  }

  async setCheck(
    workspace: string,
    name: string,
    number: number,
    check: ChangeRequestCheck,
  ): Promise<ChangeRequestCheck> {
    await this.#own(workspace, name);
    return this.#git.setCheck(name, number, check);
  }

  async merge(
    workspace: string,
    name: string,
    number: number,
    subject: Subject,
    input: { method: MergeMethod; message?: string },
  ): Promise<MergeResult> {
    await this.#own(workspace, name);
    return this.#git.merge(name, number, { ...input, mergedBy: subject.username });
  }

  async close(workspace: string, name: string, number: number, subject: Subject): Promise<ChangeRequest> {
    await this.#own(workspace, name);
    return this.#git.close(name, number, { closedBy: subject.username });
  }
}
