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
import { registerGitHubCredentialRoutes } from './github/credentials-route.js';
import { registerGitHubWebhookRoute } from './github/webhook-route.js';
import { gitMigrations, type GitTables } from './migration.js';
import { registerGitRoutes } from './routes.js';
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
  /** Where webhook events go (share it with GitOps delivery). */
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
      registerGitRoutes(app, { repositories: new WorkspaceRepositories({ git, readTokens }) });
      const policy = options.repoCheckPolicy ?? policyFromConfig(deps.config);
      registerRepoCheckRoutes(app, {
        embedded: git,
        ...(policy ? { policy } : {}),
        ...(options.repoCheckLimits ? { limits: options.repoCheckLimits } : {}),
      });
      registerGitHubCredentialRoutes(app, { secrets: deps.secrets });
      await registerGitHubWebhookRoute(app, {
        secrets: deps.secrets,
        events: options.events ?? new GitEventHub(deps.logger),
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
