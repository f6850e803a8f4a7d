/** How gitops step messages write commits, durations and agents. */
import type { GitOpsAgentKind } from './layout.js';

/** The short form of a commit (`nothing` when there is none). */
export const short = (sha: string | undefined): string => (sha ? sha.slice(0, 7) : 'nothing');

/** `12m`, or `40s` under a minute. */
export const minutes = (ms: number): string => (ms >= 60_000 ? `${Math.round(ms / 60_000)}m` : `${Math.round(ms / 1000)}s`);

/** `Argo CD` or `Flux`. */
export const agentName = (agent: GitOpsAgentKind): string => (agent === 'argocd' ? 'Argo CD' : 'Flux');
