/** The gitops capability: its tables, routes, a follower of change requests, and `gitopsOf`. */
import { validateApplication } from '@berth/core';
import type { Kysely } from 'kysely';
import type { Capability, PlatformDeps } from '../app.js';
import { appsOf } from '../apps/capability.js';
import { clustersOf } from '../clusters/capability.js';
import { embeddedGitOf, gitEventsOf, repositoryHostsOf } from '../git/capability.js';
import { gitHubKey } from '../git/github/github-address.js';
import type { RepositoryInfo } from '../git/provider.js';
import type { ClusterRegistry } from '../kube/cluster-connection.js';
import { validateRepo } from '../repocheck/validate-repo.js';
import { listenCloneBase } from './clone-base.js';
import type { GitOpsDeps, LiveHealthSource } from './deps.js';
import { GitOpsService } from './gitops-service.js';
import { GitOpsStore } from './gitops-store.js';
import { gitopsMigration, type GitOpsTables } from './migration.js';
import { registerGitOpsRoutes } from './routes.js';

/** Options of {@link createGitOpsCapability}. */
export interface GitOpsCapabilityOptions {
  /** Cluster name → connection (default: the clusters capability's connections). */
  clusters?: ClusterRegistry;
  /**
   * The URL agents clone from (default: the repository's clone URL — on the public URL, or
   * without one on the address the server listens on, see `clone-base.ts`).
   */
  cloneUrl?: (repository: RepositoryInfo) => string;
  installCrds?: boolean;
  liveHealth?: LiveHealthSource;
  /** How often GitHub is asked about an open change request when no webhook said it was merged (default 30 s). */
  gitHubPollMs?: number;
  /** How often merged change requests are followed up (default 5 s; 0 disables). */
  settleIntervalMs?: number;
}

/** GitOps delivery's services of a platform. */
export interface GitOps {
  service: GitOpsService;
  deps: GitOpsDeps;
}

const byPlatform = new WeakMap<PlatformDeps, GitOps>();

/** The GitOps services of a platform, created on first use (workflow wiring calls it for the executors). */
export function gitopsOf(platform: PlatformDeps, options: GitOpsCapabilityOptions = {}): GitOps {
  let found = byPlatform.get(platform);
  if (!found) {
    const { git: embedded, readTokens } = embeddedGitOf(platform);
    const git = repositoryHostsOf(platform);
    const apps = appsOf(platform).service;
    const cloneBase = listenCloneBase(platform.config, platform.lifecycle);
    const deps: GitOpsDeps = {
      git,
      ...(git.github ? { github: git.github } : {}),
      changeRequestState: (repository, number) => git.changeRequestState(repository, number),
      readTokens,
      clusters: options.clusters ?? clustersOf(platform).connections,
      store: new GitOpsStore(platform.store.db as unknown as Kysely<GitOpsTables>, platform.now),
      async specs(workspace, app, revision) {
        const number = revision ?? (await apps.get(workspace, app)).revision;
        const detail = await apps.revision(workspace, app, number);
        const result = validateApplication(detail.spec);
        if (!result.application) throw new Error(`revision ${number} of ${app} no longer validates`);
        return { revision: number, spec: result.application };
      },
      cloneUrl:
        options.cloneUrl ??
        ((info) => (info.cloneUrl.startsWith('/') ? cloneBase() + info.cloneUrl : info.cloneUrl)),
      validateRepo: (input) => validateRepo(input, { embedded }),
      ...(options.installCrds !== undefined ? { installCrds: options.installCrds } : {}),
      ...(options.liveHealth ? { liveHealth: options.liveHealth } : {}),
      now: platform.now,
    };
    const service = new GitOpsService(deps, options.gitHubPollMs);
    found = { service, deps };
    byPlatform.set(platform, found);
    // A GitHub webhook saying a pull request was merged: waiting steps see it at once.
    gitEventsOf(platform).subscribe(async (event) => {
      if (event.type !== 'change-request-merged' || event.provider !== 'github' || !event.owner) return;
      await service.recordMerge(gitHubKey({ owner: event.owner, repo: event.repository }), event.number, event.mergeSha);
    });
  }
  return found;
}

/** The gitops capability wired with `options` (list it after clusters, apps and git). */
export function createGitOpsCapability(options: GitOpsCapabilityOptions = {}): Capability {
  return {
    name: 'gitops',
    migrations: [gitopsMigration],
    register(app, platform) {
      const { service } = gitopsOf(platform, options);
      registerGitOpsRoutes(app, { gitops: service });
      const every = options.settleIntervalMs ?? 5000;
      if (every > 0) {
        let timer: NodeJS.Timeout | undefined;
        platform.lifecycle.onStarted('gitops follower', () => {
          timer = setInterval(() => {
            service
              .settle()
              .catch((error: unknown) =>
                platform.logger.warn({ err: error }, 'following gitops change requests failed'),
              );
          }, every);
          timer.unref();
        });
        platform.lifecycle.onShutdown('gitops follower', () => clearInterval(timer));
      }
    },
  };
}

/** The gitops capability with default wiring. */
export const gitopsCapability: Capability = createGitOpsCapability();
