/**
 * The git provider port: everything Berth does with a git host (the embedded one, GitHub, later
 * GitLab) goes through {@link GitProvider}, so GitOps delivery runs unchanged against each.
 */

/** Who authored a commit. */
export interface GitIdentity {
  name: string;
  email: string;
}

/** A repository on the git host. `name` is the provider's name for it (`shop-apps`, `acme/shop-apps`). */
export interface RepositoryInfo {
  name: string;
  defaultBranch: string;
  description: string;
  /** Where `git clone` reaches it (embedded: Berth's smart HTTP URL path). */
  cloneUrl: string;
  /** The Berth workspace that owns it (embedded repositories). */
  workspace?: string;
  createdAt?: string;
}

/** Input of {@link GitProvider.createRepository}. */
export interface CreateRepositoryInput {
  name: string;
  defaultBranch?: string;
  description?: string;
  workspace?: string;
}

/** One entry of a tree listing (recursive: only blobs, with full paths). */
export interface TreeEntry {
  path: string;
  mode: string;
  sha: string;
}

/** A branch and the commit it points at. */
export interface BranchInfo {
  name: string;
  sha: string;
}

/** One file to write (text or bytes) or delete in a commit. */
export type FileChange =
  { path: string; content: string | Uint8Array; executable?: boolean } | { path: string; delete: true };

/** Input of {@link GitProvider.commit}. */
export interface CommitInput {
  /** The branch to commit on; created from `from` when it does not exist. */
  branch: string;
  /** Base of a new branch (a branch name or sha; default: the repository's default branch). */
  from?: string;
  message: string;
  author: GitIdentity;
  changes: readonly FileChange[];
  /** When given, the commit is refused (409) unless the branch still points here. */
  expectedHead?: string;
}

/** The commit a {@link GitProvider.commit} made. */
export interface CommitResult {
  sha: string;
  branch: string;
  /** The commit the branch pointed at before (or the base of a new branch). */
  parent: string;
}

/** The application environment a change request delivers (the `apps/<workspace>/<app>/<env>/` directory). */
export interface DeliveredApp {
  workspace: string;
  name: string;
  environment: string;
}

/** Lifecycle of a change request. */
export type ChangeRequestState = 'open' | 'merged' | 'closed';

/** How a change request is merged. */
export type MergeMethod = 'fast-forward' | 'merge-commit';

/** A change request (pull request) as listed. */
export interface ChangeRequest {
  repository: string;
  number: number;
  title: string;
  description: string;
  sourceBranch: string;
  targetBranch: string;
  author: string;
  state: ChangeRequestState;
  /** Current head of the source branch (at merge time once merged). */
  sourceSha: string;
  mergeSha?: string;
  mergedBy?: string;
  mergedAt?: string;
  closedAt?: string;
  createdAt: string;
  updatedAt: string;
  url?: string;
  /**
   * The application environment it delivers: recorded when Berth's GitOps opened it; in a detail
   * also derived from its files when they all sit in one `apps/<ws>/<app>/<env>/` directory.
   */
  app?: DeliveredApp;
  /** Its checks' names and states — in lists of providers that read them cheaply (embedded). */
  checks?: CheckState[];
}

/** How one file changed, with its unified diff. */
export interface FileDiff {
  path: string;
  oldPath?: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  /** Unified diff of this file (`diff --git …`), empty for binary files. */
  patch: string;
}

/** A comment on a change request. */
export interface ChangeRequestComment {
  id: string;
  author: string;
  body: string;
  createdAt: string;
}

/** A review verdict. */
export type ReviewState = 'approved' | 'changes-requested' | 'commented';

/** A reviewer's latest verdict. */
export interface ChangeRequestReview {
  reviewer: string;
  state: ReviewState;
  body: string;
  createdAt: string;
}

/** State of a check (e.g. the repository validation result). */
export type CheckStatus = 'pending' | 'success' | 'failure' | 'error';

/** A named check on a change request. */
export interface ChangeRequestCheck {
  name: string;
  status: CheckStatus;
  summary: string;
  updatedAt?: string;
}

/** A check as a list shows it. */
export type CheckState = Pick<ChangeRequestCheck, 'name' | 'status'>;

/** A change request with everything a reviewer looks at. */
export interface ChangeRequestDetail extends ChangeRequest {
  diff: FileDiff[];
  comments: ChangeRequestComment[];
  /** The latest review of each reviewer. */
  reviews: ChangeRequestReview[];
  /** Reviewers whose latest review approves. */
  approvals: string[];
  checks: ChangeRequestCheck[];
  /** `true` when it merges cleanly; `false` with `conflicts` when it does not; `null` unknown yet. */
  mergeable: boolean | null;
  /** Paths that conflict with the target branch. */
  conflicts: string[];
  /**
   * `true` when a fast-forward merge is possible (the target head is an ancestor of the source
   * head, which has something new); `false` when not; `null` when closed, merged or unknown.
   */
  fastForward: boolean | null;
}

/** Input of {@link GitProvider.openChangeRequest}. */
export interface OpenChangeRequestInput {
  title: string;
  description: string;
  sourceBranch: string;
  targetBranch?: string;
  author: string;
  /** The application environment it delivers (GitOps); providers that cannot record it ignore it. */
  app?: DeliveredApp;
}

/** What a merge produced. */
export interface MergeResult {
  /** The commit the target branch now points at (the merge commit, or the source head when fast-forwarded). */
  sha: string;
  method: MergeMethod;
}

/**
 * A git host. Methods throw the domain errors of `http/errors.ts`: `NotFoundError` for an
 * unknown repository, ref or change request, `ConflictError` for a stale `expectedHead`, a
 * conflicting or already closed change request.
 */
export interface GitProvider {
  /** `routed`: embedded and GitHub repositories behind one port, by repository key (`repository-hosts.ts`). */
  readonly kind: 'embedded' | 'github' | 'routed';
  createRepository(input: CreateRepositoryInput): Promise<RepositoryInfo>;
  listRepositories(): Promise<RepositoryInfo[]>;
  getRepository(name: string): Promise<RepositoryInfo>;

  /** Bytes of `path` at `ref`, or `undefined` when the file does not exist there. */
  readFile(repository: string, ref: string, path: string): Promise<Buffer | undefined>;
  /** Every file below `path` (default: the whole tree) at `ref`. */
  readTree(repository: string, ref: string, path?: string): Promise<TreeEntry[]>;

  listBranches(repository: string): Promise<BranchInfo[]>;
  /** The commit `branch` points at, or `undefined` when it does not exist. */
  headOf(repository: string, branch: string): Promise<string | undefined>;
  createBranch(repository: string, branch: string, from: string): Promise<BranchInfo>;
  deleteBranch(repository: string, branch: string): Promise<void>;
  commit(repository: string, input: CommitInput): Promise<CommitResult>;

  openChangeRequest(repository: string, input: OpenChangeRequestInput): Promise<ChangeRequest>;
  listChangeRequests(repository: string, filter?: { state?: ChangeRequestState }): Promise<ChangeRequest[]>;
  getChangeRequest(repository: string, number: number): Promise<ChangeRequestDetail>;
  comment(
    repository: string,
    number: number,
    input: { author: string; body: string },
  ): Promise<ChangeRequestComment>;
  review(
    repository: string,
    number: number,
    input: { reviewer: string; state: ReviewState; body?: string },
  ): Promise<ChangeRequestReview>;
  setCheck(repository: string, number: number, check: ChangeRequestCheck): Promise<ChangeRequestCheck>;
  merge(
    repository: string,
    number: number,
    input: { method?: MergeMethod; mergedBy: string; message?: string },
  ): Promise<MergeResult>;
  close(repository: string, number: number, input: { closedBy: string }): Promise<ChangeRequest>;
}
