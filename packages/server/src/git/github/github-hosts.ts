import { NotAllowedError } from '../../http/errors.js';
import type { SecretStore } from '../../secrets/secret-store.js';
import { GitHubCredentialStore, listGitHubCredentials } from './credentials.js';
import {
  credentialRoutes,
  gitHubCloneUrl,
  type GitHubRepositoryRef,
} from './github-address.js';
import { missingCredentials } from './github-errors.js';
import { GitHubProvider } from './github-provider.js';

/** What an agent (Argo CD, Flux) clones a GitHub repository with. */
export type GitHubAgentCredentials =
  | { kind: 'token'; token: string }
  | { kind: 'app'; appId: number; installationId: number; privateKey: string };

/** Where GitHub is: the web base (repository URLs) and the REST API base. */
export interface GitHubEndpoints {
  webUrl: string;
  apiUrl: string;
}

/**
 * GitHub as a platform uses it: one {@link GitHubProvider} per owner, authenticated with the
 * credentials platform admins set (per repository, else per owner), and the tenancy rule — a
 * workspace may deliver to a repository only when its credentials record grants it.
 */
export class GitHubHosts {
  readonly #stores = new Map<string, GitHubCredentialStore>();
  readonly #providers = new Map<string, GitHubProvider>();

  constructor(private readonly deps: { secrets: SecretStore } & GitHubEndpoints) {}

  /** The web base (`https://github.com`, or GitHub Enterprise's). */
  get webUrl(): string {
    return this.deps.webUrl;
  }

  /** The credentials of an owner's repositories. */
  credentialsOf(owner: string): GitHubCredentialStore {
    let store = this.#stores.get(owner);
    if (!store) {
      store = new GitHubCredentialStore({ secrets: this.deps.secrets, owner, baseUrl: this.deps.apiUrl });
      this.#stores.set(owner, store);
    }
    return store;
  }

  /** The provider of an owner's repositories (repository names without the owner). */
  providerOf(owner: string): GitHubProvider {
    let provider = this.#providers.get(owner);
    if (!provider) {
      const store = this.credentialsOf(owner);
      provider = new GitHubProvider({ owner, octokitFor: (repository) => store.octokitFor(repository) });
      this.#providers.set(owner, provider);
    }
    return provider;
  }

  /**
   * Refuses unless `workspace` may deliver to the repository: no credentials → 422 saying who
   * adds them and how; credentials that do not grant the workspace → 403 saying the same.
   */
  async authorize(workspace: string, ref: GitHubRepositoryRef): Promise<void> {
    const granted = await this.credentialsOf(ref.owner).grantedWorkspaces(ref.repo);
    if (granted === undefined) throw missingCredentials(ref);
    if (granted.includes(workspace)) return;
    const routes = credentialRoutes(ref);
    throw new NotAllowedError(
      `workspace ${workspace} may not use GitHub repository ${ref.owner}/${ref.repo}: a platform admin grants it by adding "${workspace}" to "workspaces" of its credentials with PUT ${routes.repository} (or of the owner's, PUT ${routes.owner}, when the repository has no record of its own)`,
    );
  }

  /**
   * The repositories whose own credentials record grants `workspace` (owner-wide grants name no
   * repository, so they cannot be listed without asking GitHub), sorted.
   */
  async grantedRepositories(workspace: string): Promise<GitHubRepositoryRef[]> {
    return (await listGitHubCredentials(this.deps.secrets)).flatMap((record) =>
      record.repository !== undefined && record.workspaces.includes(workspace)
        ? [{ owner: record.owner, repo: record.repository }]
        : [],
    );
  }

  /** The URL agents clone the repository from. */
  cloneUrl(ref: GitHubRepositoryRef): string {
    return gitHubCloneUrl(ref, this.deps.webUrl);
  }

  /** GitHub Enterprise's API base for agents' GitHub App exchange (undefined for github.com). */
  get enterpriseApiUrl(): string | undefined {
    return this.deps.apiUrl === 'https://api.github.com' ? undefined : this.deps.apiUrl;
  }

  /** The credentials an agent clones the repository with (the ones Berth uses). */
  async agentCredentials(ref: GitHubRepositoryRef): Promise<GitHubAgentCredentials> {
    const credentials = await this.credentialsOf(ref.owner).get(ref.repo);
    if (!credentials) throw missingCredentials(ref);
    if ('token' in credentials) return { kind: 'token', token: credentials.token };
    return { kind: 'app', ...credentials.app };
  }
}
