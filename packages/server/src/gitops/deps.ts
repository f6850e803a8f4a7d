/** What GitOps delivery needs, passed explicitly. */
import type { Application } from '@berth/core';
import type { RepositoryReadTokens } from '../git/embedded/read-tokens.js';
import type { GitHubHosts } from '../git/github/github-hosts.js';
import type { ChangeRequest, GitProvider, RepositoryInfo } from '../git/provider.js';
import type { ClusterRegistry } from '../kube/cluster-connection.js';
import type { ValidateRepoInput, ValidateRepoResult } from '../repocheck/validate-repo.js';
import type { GitOpsStore } from './gitops-store.js';

/** A revision of an application's spec (the current one when `revision` is absent). */
export type SpecSource = (workspace: string, app: string, revision?: number) => Promise<{ revision: number; spec: Application }>;

/** Live health of an application environment from the status capability, when wired. */
export type LiveHealthSource = (ref: { workspace: string; app: string; environment: string }) => Promise<unknown>;

/** The services of GitOps delivery. */
export interface GitOpsDeps {
  /**
   * The git hosts of application repositories, by repository key: an embedded repository's
   * name, or `github:<owner>:<repo>` (the platform wires `RepositoryHosts`; tests may pass the
   * embedded provider alone).
   */
  git: GitProvider;
  /** GitHub (credentials, grants, clone URLs), when environments may name GitHub repositories. */
  github?: GitHubHosts;
  /** A change request's state in one cheap call (GitHub: the pull request alone); default `git.getChangeRequest`. */
  changeRequestState?: (repository: string, number: number) => Promise<ChangeRequest>;
  /** Read tokens for agents pulling embedded repositories. */
  readTokens?: RepositoryReadTokens;
  clusters: ClusterRegistry;
  specs: SpecSource;
  store: GitOpsStore;
  /** The URL agents clone a repository from (default: its `cloneUrl`). */
  cloneUrl?: (repository: RepositoryInfo) => string;
  /** Validate repo, whose result becomes the `berth/validate-repo` check of the change request. */
  validateRepo?: (input: ValidateRepoInput) => Promise<ValidateRepoResult>;
  /** Install minimal Argo CD / Flux CRDs when a cluster does not serve them (default true). */
  installCrds?: boolean;
  liveHealth?: LiveHealthSource;
  now: () => Date;
}
