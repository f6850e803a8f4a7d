import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../test-render.js';
import { awaitDeployChangeRequest } from './gitops-deploy.js';

const STATUS = '/api/v1/workspaces/demo/apps/shop/gitops?env=prod';
const RUN = '/api/v1/workspaces/demo/apps/shop/runs/r1';

function status(open: Array<{ number: number; branch: string }>) {
  return { repo: 'demo-apps', openChangeRequests: open.map((o) => ({ ...o, title: 't' })) };
}

/** Answers each URL with the next of its responses (the last one repeats). */
function serve(answers: Record<string, object[]>) {
  const seen: Record<string, number> = {};
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const list = answers[url] ?? [];
      const i = Math.min(seen[url] ?? 0, list.length - 1);
      seen[url] = (seen[url] ?? 0) + 1;
      return list.length ? json(200, list[i]) : json(404, { detail: url });
    }),
  );
}

const base = {
  workspace: 'demo',
  app: 'shop',
  environment: 'prod',
  run: { id: 'r1', revision: 3 },
  sleep: async () => {},
};

afterEach(() => vi.unstubAllGlobals());

describe('awaitDeployChangeRequest', () => {
  it('GIVEN the run opens its change request on a later poll THEN it is found by the revision’s branch, not another one', async () => {
    serve({
      [STATUS]: [
        status([{ number: 4, branch: 'berth/shop-prod-r2' }]),
        status([
          { number: 4, branch: 'berth/shop-prod-r2' },
          { number: 5, branch: 'berth/shop-prod-r3' },
        ]),
      ],
      [RUN]: [{ id: 'r1', state: 'running', steps: [{ name: 'deploy', state: 'running' }] }],
    });
    await expect(awaitDeployChangeRequest(base)).resolves.toEqual({ repo: 'demo-apps', number: 5 });
  });

  it('GIVEN the branch already held the revision (the step waits for the sync) THEN there is no change request to show', async () => {
    serve({
      [STATUS]: [status([])],
      [RUN]: [
        {
          id: 'r1',
          state: 'running',
          steps: [
            {
              name: 'deploy',
              state: 'running',
              message: 'waiting for Argo CD to sync 1a2b3c4 (now -, OutOfSync, Missing)',
            },
          ],
        },
      ],
    });
    await expect(awaitDeployChangeRequest(base)).resolves.toBeUndefined();
  });

  it('GIVEN the run failed first THEN it stops looking', async () => {
    serve({ [STATUS]: [status([])], [RUN]: [{ id: 'r1', state: 'failed', steps: [] }] });
    await expect(awaitDeployChangeRequest(base)).resolves.toBeUndefined();
  });
});
