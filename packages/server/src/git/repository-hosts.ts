/**
 * Embedded and GitHub repositories behind one {@link GitProvider}, addressed by repository key:
 * an embedded repository's name (`retail-apps`), or `github:<owner>:<repo>` for a GitHub
 * repository (`github/github-address.ts`). Results name repositories by key too, and a GitHub
 * repository's `cloneUrl` is its URL on the configured GitHub (Enterprise) web base. Berth never
 * creates a GitHub repository. Tenancy (which workspace may use which GitHub repository) is
 * the caller's: {@link GitHubHosts.authorize}.
 */
import { GitHubRepositoryUnusableError } from './github/github-errors.js';
import { gitHubRefOfKey, gitHubWebUrl, type GitHubRepositoryRef } from './github/github-address.js';
import type { GitHubHosts } from './github/github-hosts.js';
import type { GitHubProvider } from './github/github-provider.js';
import type {
  ChangeRequest,
  ChangeRequestState,
  CommitInput,
  CreateRepositoryInput,
  GitProvider,
  MergeMethod,
  OpenChangeRequestInput,
  RepositoryInfo,
  ReviewState,
  ChangeRequestCheck,
} from './provider.js';

/** Where a repository key leads. */
type Resolved = { provider: GitProvider; name: string; github?: GitHubRepositoryRef; gitHub?: GitHubProvider };

/** The router (see file comment). */
export class RepositoryHosts implements GitProvider {
  readonly kind = 'routed' as const;

  constructor(private readonly deps: { embedded: GitProvider; github?: GitHubHosts }) {}

  /** The GitHub repository of a key, or undefined for an embedded one. */
  gitHubRef(key: string): GitHubRepositoryRef | undefined {
    return gitHubRefOfKey(key);
  }

  /** The GitHub hosts, when wired. */
  get github(): GitHubHosts | undefined {
    return this.deps.github;
  }

  #resolve(key: string): Resolved {
    const ref = gitHubRefOfKey(key);
    if (!ref) return { provider: this.deps.embedded, name: key };
    if (!this.deps.github)
      throw new GitHubRepositoryUnusableError(`GitHub repositories are not enabled on this Berth (${key})`);
    const gitHub = this.deps.github.providerOf(ref.owner);
    return { provider: gitHub, name: ref.repo, github: ref, gitHub };
  }

  #info(key: string, r: Resolved, info: RepositoryInfo): RepositoryInfo {
    return r.github ? { ...info, name: key, cloneUrl: this.deps.github!.cloneUrl(r.github) } : info;
  }

  #cr<T extends ChangeRequest>(key: string, cr: T): T {
    return { ...cr, repository: key };
  }

  async createRepository(input: CreateRepositoryInput): Promise<RepositoryInfo> {
    const ref = gitHubRefOfKey(input.name);
    if (ref)
      throw new GitHubRepositoryUnusableError(
        `Berth does not create GitHub repositories: create ${gitHubWebUrl(ref, this.deps.github?.webUrl)} on GitHub`,
      );
    return this.deps.embedded.createRepository(input);
  }

  listRepositories(): Promise<RepositoryInfo[]> {
    return this.deps.embedded.listRepositories();
  }

  async getRepository(key: string): Promise<RepositoryInfo> {
    const r = this.#resolve(key);
    return this.#info(key, r, await r.provider.getRepository(r.name));
  }

  readFile(key: string, ref: string, path: string) {
    const r = this.#resolve(key);
    return r.provider.readFile(r.name, ref, path);
  }

  readTree(key: string, ref: string, path?: string) {
    const r = this.#resolve(key);
    return r.provider.readTree(r.name, ref, path);
  }

  listBranches(key: string) {
    const r = this.#resolve(key);
    return r.provider.listBranches(r.name);
  }

  headOf(key: string, branch: string) {
    const r = this.#resolve(key);
    return r.provider.headOf(r.name, branch);
  }

  createBranch(key: string, branch: string, from: string) {
    const r = this.#resolve(key);
    return r.provider.createBranch(r.name, branch, from);
  }

  deleteBranch(key: string, branch: string) {
    const r = this.#resolve(key);
    return r.provider.deleteBranch(r.name, branch);
  }

  commit(key: string, input: CommitInput) {
    const r = this.#resolve(key);
    return r.provider.commit(r.name, input);
  }

  async openChangeRequest(key: string, input: OpenChangeRequestInput) {
    const r = this.#resolve(key);
    return this.#cr(key, await r.provider.openChangeRequest(r.name, input));
  }

  async listChangeRequests(key: string, filter?: { state?: ChangeRequestState }) {
    const r = this.#resolve(key);
    return (await r.provider.listChangeRequests(r.name, filter)).map((cr) => this.#cr(key, cr));
  }

  async getChangeRequest(key: string, number: number) {
    const r = this.#resolve(key);
    return this.#cr(key, await r.provider.getChangeRequest(r.name, number));
  }

  /** A change request's state, head and merge commit — one call on GitHub (no diff, reviews, checks). */
  async changeRequestState(key: string, number: number): Promise<ChangeRequest> {
    const r = this.#resolve(key);
    if (r.gitHub) return this.#cr(key, await r.gitHub.pullRequest(r.name, number));
    return this.#cr(key, await r.provider.getChangeRequest(r.name, number));
  }

  comment(key: string, number: number, input: { author: string; body: string }) {
    const r = this.#resolve(key);
    return r.provider.comment(r.name, number, input);
  }

  review(key: string, number: number, input: { reviewer: string; state: ReviewState; body?: string }) {
    const r = this.#resolve(key);
    return r.provider.review(r.name, number, input);
  }

  setCheck(key: string, number: number, check: ChangeRequestCheck) {
    const r = this.#resolve(key);
    return r.provider.setCheck(r.name, number, check);
  }

  merge(key: string, number: number, input: { method?: MergeMethod; mergedBy: string; message?: string }) {
    const r = this.#resolve(key);
    return r.provider.merge(r.name, number, input);
  }

  async close(key: string, number: number, input: { closedBy: string }) {
    const r = this.#resolve(key);
    return this.#cr(key, await r.provider.close(r.name, number, input));
  }
}
