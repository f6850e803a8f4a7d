/** What each simulated controller receives from the agent loop. */
import type { GitMirrors } from './git-mirror.js';
import type { KubeRest } from './kube-rest.js';

/** Shared services of one reconcile pass. */
export interface AgentContext {
  kube: KubeRest;
  mirrors: GitMirrors;
  /**
   * Fetches the repository (once per pass) with the credentials found for it — a repository
   * Secret in `namespace` (Argo CD), the `secretRef` (Flux), or the agent's options — and
   * returns the mirror's git dir.
   */
  fetchRepository(url: string, namespace: string, secretName?: string): Promise<string>;
  now(): Date;
}
