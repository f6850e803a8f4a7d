import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Capability, PlatformDeps } from '../app.js';
import type { DestinationPolicy } from '../repocheck/address-policy.js';
import type { CloneLimits } from '../repocheck/repo-files.js';
import { registerRepoCheckRoutes } from '../repocheck/routes.js';
import { EmbeddedGitProvider } from './embedded/embedded-provider.js';
import { RepositoryReadTokens } from './embedded/read-tokens.js';
import { GitEventHub } from './events.js';
import { GitHubHosts } from './github/github-hosts.js';
import { registerGitHubCredentialRoutes } from './github/credentials-route.js';
import { registerGitHubWebhookRoute } from './github/webhook-route.js';
import { gitMigrations, type GitTables } from './migration.js';
import { registerGitRoutes } from './routes.js';
import { RepositoryHosts } from './repository-hosts.js';
import { registerGitHttp } from './smart-http.js';
import { WorkspaceRepositories } from './workspace-repositories.js';

/** The embedded git host of a platform: `<dataDir>/git`, metadata in the store. */
export function embeddedGitOf(deps: PlatformDeps): {
  git: EmbeddedGitProvider;
  readTokens: RepositoryReadTokens;
} {
  const db = deps.store.db as unknown as Kysely<GitTables>;
  return {
    git: new EmbeddedGitProvider({
      db,
      root: path.join(deps.config.dataDir, 'git'),
      ...(deps.config.publicUrl ? { publicUrl: deps.config.publicUrl } : {}),
      now: deps.now,
    }),
    readTokens: new RepositoryReadTokens(db, deps.now),
  };
}

const hostsByPlatform = new WeakMap<PlatformDeps, { hosts: RepositoryHosts; events: GitEventHub }>();

function platformGit(deps: PlatformDeps): { hosts: RepositoryHosts; events: GitEventHub } {
  let found = hostsByPlatform.get(deps);
  if (!found) {
    const github = new GitHubHosts({
      secrets: deps.secrets,
      webUrl: deps.config.githubUrl ?? 'https://github.com',
      apiUrl: deps.config.githubApiUrl ?? 'https://api.github.com',
    });
    found = {
      hosts: new RepositoryHosts({ embedded: embeddedGitOf(deps).git, github }),
      events: new GitEventHub(deps.logger),
    };
    hostsByPlatform.set(deps, found);
  }
  return found;
}

/**
 * The repositories of a platform behind one provider, by repository key: embedded names and
 * `github:<owner>:<repo>` (GitHub, or GitHub Enterprise at `BERTH_GITHUB_URL` /
 * `BERTH_GITHUB_API_URL`, with the credentials platform admins set).
 */
export function repositoryHostsOf(deps: PlatformDeps): RepositoryHosts {
  return platformGit(deps).hosts;
}

/** The platform's hub of git host events (GitHub webhooks publish on it; GitOps listens). */
export function gitEventsOf(deps: PlatformDeps): GitEventHub {
  return platformGit(deps).events;
}

/**
 * Serves the embedded repositories read-only over git smart HTTP at `/git/<name>.git` — mount on
 * the ROOT instance (outside `/api/v1`), e.g. in `buildApp` before the capabilities.
 */
export async function mountGitHttp(app: FastifyInstance, deps: PlatformDeps): Promise<void> {
  const { git, readTokens } = embeddedGitOf(deps);
  await registerGitHttp(app, {
    root: git.root,
    workspaceOf: async (name) => {
      try {
        return (await git.getRepository(name)).workspace ?? null;
      } catch {
        return undefined;
      }
    },
    authenticate: (credentials) => deps.authentication.authenticate(credentials),
    authorizer: deps.authorizer,
    readTokens,
  });
}

/** Options of {@link createGitCapability}. */
export interface GitCapabilityOptions {
  /** Where webhook events go (default: the platform's hub, {@link gitEventsOf}, which GitOps listens to). */
  events?: GitEventHub;
  /** Which remote hosts validate-repo may clone from (admin allowlist). */
  repoCheckPolicy?: DestinationPolicy;
  repoCheckLimits?: CloneLimits;
}

/**
 * The git capability: embedded repositories and change requests
 * (`/workspaces/:workspace/git/repositories/…`), validate repo (`/workspaces/:workspace/repocheck`),
 * GitHub credentials (`/git/github/owners/:owner[/repositories/:repo]/credentials`) and webhooks
 * (`/git/github/webhooks`). Smart HTTP is mounted separately ({@link mountGitHttp}).
 */
export function createGitCapability(options: GitCapabilityOptions = {}): Capability {
  return {
    name: 'git',
    migrations: gitMigrations,
    registerRoot: (app, deps) => mountGitHttp(app, deps),
    async register(app, deps) {
      const { git, readTokens } = embeddedGitOf(deps);
      registerGitRoutes(app, {
        repositories: new WorkspaceRepositories({ git, readTokens, hosts: repositoryHostsOf(deps) }),
      });
      const policy = options.repoCheckPolicy ?? policyFromConfig(deps.config);
      registerRepoCheckRoutes(app, {
        embedded: git,
        ...(policy ? { policy } : {}),
        ...(options.repoCheckLimits ? { limits: options.repoCheckLimits } : {}),
      });
      registerGitHubCredentialRoutes(app, { secrets: deps.secrets });
      await registerGitHubWebhookRoute(app, {
        secrets: deps.secrets,
        events: options.events ?? gitEventsOf(deps),
      });
    },
  };
}

/**
 * The admin allowlist of validate-repo from the configuration, once `config.ts` has
 * `repoCheckAllow` (hosts/CIDRs) and `repoCheckAllowHttp`; until then none (public https only).
 */
function policyFromConfig(config: PlatformDeps['config']): DestinationPolicy | undefined {
  const extra = config;
  if (!extra.repoCheckAllow?.length) return undefined;
  return { allow: extra.repoCheckAllow, allowHttpForAllowlisted: extra.repoCheckAllowHttp === true };
}
