/**
 * `startGitOpsAgentSimulation`: a SIMULATION of a GitOps agent — Argo CD's application
 * controller and Flux's source and kustomize controllers, reduced to what a test needs — for
 * any Kubernetes API server (the sandbox, or a real one). It polls Applications, GitRepositories
 * and Kustomizations, clones their repositories with the git CLI, applies what the repository
 * says, prunes, and writes their status the way the real controllers do. It is not Argo CD or
 * Flux: no Helm, no kustomize build (only `resources:` files), no hooks, waves or drift diffing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARGO_APPLICATION, reconcileArgoApplication } from './argocd.js';
import type { AgentContext } from './context.js';
import { FLUX_GIT_REPOSITORY, FLUX_KUSTOMIZATION, reconcileGitRepository, reconcileKustomization, type FluxArtifact } from './flux.js';
import { GitMirrors, type GitCredentials } from './git-mirror.js';
import { KubeRest, type KubeJson } from './kube-rest.js';

/** Label of Argo CD repository Secrets. */
export const ARGO_SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

/** Options of {@link startGitOpsAgentSimulation}. */
export interface GitOpsAgentOptions {
  /** The API server (e.g. `sandbox.url`) and a bearer token (e.g. `sandbox.adminToken`). */
  kube: { url: string; token?: string };
  /** Credentials by repository URL prefix, used when the cluster holds no Secret for it. */
  gitCredentials?: Record<string, GitCredentials>;
  /** Time between passes (default 1000 ms). */
  intervalMs?: number;
  /** Which agents to simulate (default both). */
  agents?: ReadonlyArray<'argocd' | 'flux'>;
  /** Where mirrors live (default a fresh temporary directory, removed by `stop`). */
  cacheDir?: string;
  /** Called with errors of a pass (default: ignored; the next pass retries). */
  onError?: (error: Error) => void;
  now?: () => Date;
}

/** A running simulation. */
export interface GitOpsAgentSimulation {
  /** Run one pass now (resolves when it finished); passes never overlap. */
  reconcileNow(): Promise<void>;
  /** How many passes completed. */
  readonly passes: number;
  stop(): Promise<void>;
}

const decode = (value: unknown) => (typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : undefined);

/** Starts the simulation (see file comment); the first pass runs at once. */
export async function startGitOpsAgentSimulation(options: GitOpsAgentOptions): Promise<GitOpsAgentSimulation> {
  const kube = new KubeRest(options.kube);
  const ownCache = options.cacheDir === undefined;
  const cacheDir = options.cacheDir ?? (await mkdtemp(join(tmpdir(), 'gitops-agent-sim-')));
  const mirrors = new GitMirrors(cacheDir);
  const agents = new Set(options.agents ?? ['argocd', 'flux']);
  const now = options.now ?? (() => new Date());
  let passes = 0;
  let stopped = false;
  let running: Promise<void> | undefined;

  async function credentialsFor(url: string, namespace: string, secretName?: string): Promise<GitCredentials | undefined> {
    if (secretName) {
      const secret = await kube.get('v1', 'Secret', secretName, namespace);
      const data = (secret?.data ?? {}) as Record<string, string>;
      const username = decode(data.username);
      const password = decode(data.password);
      if (username !== undefined && password !== undefined) return { username, password };
    } else if (namespace) {
      const secrets = await kube.list('v1', 'Secret', namespace);
      for (const s of secrets) {
        if (s.metadata.labels?.[ARGO_SECRET_TYPE_LABEL] !== 'repository') continue;
        const data = (s.data ?? {}) as Record<string, string>;
        const secretUrl = decode(data.url);
        if (secretUrl && url.startsWith(secretUrl.replace(/\/$/, ''))) {
          const username = decode(data.username) ?? 'git';
          const password = decode(data.password);
          if (password !== undefined) return { username, password };
        }
      }
    }
    const prefix = Object.keys(options.gitCredentials ?? {}).find((p) => url.startsWith(p));
    return prefix ? options.gitCredentials![prefix] : undefined;
  }

  async function pass(): Promise<void> {
    const fetched = new Map<string, Promise<string>>();
    const ctx: AgentContext = {
      kube,
      mirrors,
      now,
      fetchRepository(url, namespace, secretName) {
        let pending = fetched.get(url);
        if (!pending) {
          pending = credentialsFor(url, namespace, secretName).then((c) => mirrors.refresh(url, c));
          fetched.set(url, pending);
        }
        return pending;
      },
    };
    const each = async (items: KubeJson[], act: (item: KubeJson) => Promise<void>) => {
      await Promise.all(
        items.map((item) => act(item).catch((error: unknown) => options.onError?.(error as Error))),
      );
    };
    if (agents.has('argocd')) {
      const apps = await kube.list(ARGO_APPLICATION.apiVersion, ARGO_APPLICATION.kind);
      await each(apps, (app) => reconcileArgoApplication(ctx, app));
    }
    if (agents.has('flux')) {
      const artifacts = new Map<string, FluxArtifact | undefined>();
      const repos = await kube.list(FLUX_GIT_REPOSITORY.apiVersion, FLUX_GIT_REPOSITORY.kind);
      await each(repos, async (repo) => {
        artifacts.set(`${repo.metadata.namespace}/${repo.metadata.name}`, await reconcileGitRepository(ctx, repo));
      });
      const kustomizations = await kube.list(FLUX_KUSTOMIZATION.apiVersion, FLUX_KUSTOMIZATION.kind);
      await each(kustomizations, (ks) => reconcileKustomization(ctx, ks, artifacts));
    }
    passes++;
  }

  function reconcileNow(): Promise<void> {
    if (!running) {
      running = pass()
        .catch((error: unknown) => options.onError?.(error as Error))
        .finally(() => {
          running = undefined;
        });
    }
    return running;
  }

  const interval = options.intervalMs ?? 1000;
  let timer: NodeJS.Timeout | undefined;
  const loop = async () => {
    if (stopped) return;
    await reconcileNow();
    if (!stopped) timer = setTimeout(() => void loop(), interval);
  };
  void loop();

  return {
    reconcileNow,
    get passes() {
      return passes;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      if (ownCache) await rm(cacheDir, { recursive: true, force: true });
    },
  };
}
