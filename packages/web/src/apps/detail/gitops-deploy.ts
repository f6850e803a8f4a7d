/**
 * Deploying a gitops environment: the run's deploy step opens a change request on its first
 * poll and waits for it to be merged. {@link awaitDeployChangeRequest} finds that change
 * request, so the console can take the user to it.
 */
import { api } from '../../api/client.js';
import { paths } from '../../api/paths.js';
import type { GitOpsStatus, RunView } from '../../api/types.js';

/** The branch of the change request delivering `revision` (the server's `revisionBranch`). */
export function deployBranch(app: string, environment: string, revision: number): string {
  return `berth/${app}-${environment}-r${revision}`;
}

const FINAL = new Set(['succeeded', 'failed', 'refused', 'cancelled']);

/** A change request of a repository. */
export interface ChangeRequestRef {
  repo: string;
  number: number;
}

/**
 * Polls the environment's GitOps status until the run's change request is open; undefined when
 * the run ends, or gets past waiting for a merge (the branch already held the revision), or
 * `timeoutMs` passes first.
 */
export async function awaitDeployChangeRequest(options: {
  workspace: string;
  app: string;
  environment: string;
  run: Pick<RunView, 'id' | 'revision'>;
  pollMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}): Promise<ChangeRequestRef | undefined> {
  const { workspace, app, environment, run } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const branch = deployBranch(app, environment, run.revision);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const status = await api<GitOpsStatus>(paths.gitopsStatus(workspace, app), {
      query: { env: environment },
    });
    const open = status.openChangeRequests.find((cr) => cr.branch === branch);
    if (open) return { repo: status.repo, number: open.number };
    const current = await api<RunView>(paths.run(workspace, app, run.id));
    if (FINAL.has(current.state)) return undefined;
    if ((current.steps ?? []).some((s) => /\bto sync\b/.test(s.message ?? ''))) return undefined;
    if (Date.now() >= deadline) return undefined;
    await sleep(options.pollMs ?? 1000);
  }
}
