/**
 * Waiting for a change request Berth opened to be merged. A merge a webhook reported is in the
 * store (`gitops_changes`, moved by the capability's GitHub listener); otherwise the host is
 * asked: the embedded host on every poll (local and cheap), GitHub at most every
 * `gitHubPollMs` (default 30 s, one call: the pull request alone), since webhooks get lost.
 */
import { gitHubRefOfKey } from '../git/github/github-address.js';
import type { ChangeRequestState } from '../git/provider.js';
import type { GitOpsDeps } from './deps.js';

/** What a waiting step keeps between polls about its change request. */
export interface MergeWatchState {
  repository?: string;
  number?: number;
  /** When the host was last asked (epoch ms). */
  checkedAt?: number;
  [key: string]: unknown;
}

/** What is known of the change request now. */
export interface MergeWatch {
  state: ChangeRequestState;
  mergeSha?: string;
  sourceBranch?: string;
  targetBranch?: string;
  /** Where the answer came from: the store (a webhook, or an earlier check), the host, or nowhere (GitHub, not yet due). */
  source: 'recorded' | 'host' | 'not-asked';
}

/** Default interval between GitHub state checks while no webhook arrives. */
export const GITHUB_POLL_MS = 30_000;

/** The change request's state (see file comment); `state.checkedAt` is updated when the host was asked. */
export async function watchMerge(
  deps: Pick<GitOpsDeps, 'git' | 'store' | 'changeRequestState'>,
  state: MergeWatchState & { repository: string; number: number },
  now: number,
  gitHubPollMs = GITHUB_POLL_MS,
): Promise<MergeWatch> {
  const row = await deps.store.changeByNumber(state.repository, state.number);
  if (row && (row.state === 'merged' || row.state === 'settled'))
    return { state: 'merged', ...(row.merge_sha ? { mergeSha: row.merge_sha } : {}), source: 'recorded' };
  if (row?.state === 'closed') return { state: 'closed', source: 'recorded' };
  if (gitHubRefOfKey(state.repository) && state.checkedAt !== undefined && now - state.checkedAt < gitHubPollMs)
    return { state: 'open', source: 'not-asked' };
  state.checkedAt = now;
  const read = deps.changeRequestState ?? ((repository: string, number: number) => deps.git.getChangeRequest(repository, number));
  const cr = await read(state.repository, state.number);
  if (row && cr.state !== 'open') await deps.store.setState(row.id, cr.state, cr.mergeSha);
  return {
    state: cr.state,
    ...(cr.mergeSha ? { mergeSha: cr.mergeSha } : {}),
    sourceBranch: cr.sourceBranch,
    targetBranch: cr.targetBranch,
    source: 'host',
  };
}
