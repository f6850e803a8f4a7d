import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChangeRequestDetail } from '../api/types.js';
import { json, renderWithProviders } from '../test-render.js';
import { ChangeRequestPage } from './ChangeRequestPage.js';

const BASE = '/api/v1/workspaces/demo/git/repositories/demo-apps/change-requests/7';

function detail(overrides: Partial<ChangeRequestDetail> = {}): ChangeRequestDetail {
  return {
    repository: 'demo-apps',
    number: 7,
    title: 'Deploy shop revision 2 to prod',
    description: 'Deploys revision 2 of **shop**.\n\n```diff\n-replicas: 1\n+replicas: 2\n```',
    sourceBranch: 'berth/shop-prod-r2',
    targetBranch: 'main',
    author: 'admin',
    state: 'open',
    sourceSha: 'a'.repeat(40),
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    diff: [
      { path: 'apps/demo/shop/prod/kustomization.yaml', status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b\n' },
    ],
    comments: [],
    reviews: [],
    approvals: [],
    checks: [{ name: 'berth/render', status: 'success', summary: 'spec valid; 3 objects rendered' }],
    mergeable: true,
    conflicts: [],
    fastForward: true,
    ...overrides,
  };
}

const ALL_CHANGES = [
  'changes.list',
  'changes.read',
  'changes.review',
  'changes.merge',
  'changes.close',
  'changes.comment',
];

/** A fake of the few routes the page calls; records POSTs. */
function serve(routes: {
  me: object;
  review?: Response;
  merged?: boolean;
  permissions?: () => Response;
  detail?: Partial<ChangeRequestDetail>;
}) {
  const posts: Array<{ url: string; body: unknown }> = [];
  let merged = false;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/v1/me') return json(200, routes.me);
      if (url === '/api/v1/workspaces/demo/permissions')
        return routes.permissions?.() ?? json(200, { actions: ALL_CHANGES, denied: {} });
      if (init?.method === 'POST') {
        posts.push({ url, body: JSON.parse(String(init.body)) });
        if (url === `${BASE}/reviews`) return routes.review ?? json(201, {});
        if (url === `${BASE}/merge`) {
          merged = true;
          return json(200, {
            sha: 'b'.repeat(40),
            method: (JSON.parse(String(init.body)) as { method: string }).method,
          });
        }
      }
      if (url === BASE)
        return json(
          200,
          merged
            ? detail({ state: 'merged', mergeable: null, mergedBy: 'admin', mergeSha: 'b'.repeat(40) })
            : detail(routes.detail),
        );
      return json(404, { detail: `no route ${url}` });
    }),
  );
  return posts;
}

afterEach(() => vi.unstubAllGlobals());

const at = { route: '/change-requests/demo/demo-apps/7', path: '/change-requests/:workspace/:repo/:number' };

describe('ChangeRequestPage', () => {
  it('GIVEN a change request THEN it shows title, state, branches, description, checks and the diff per file', async () => {
    serve({ me: { username: 'admin', platformAdmin: true, credential: 'session', workspaces: [] } });
    renderWithProviders(<ChangeRequestPage />, at);
    await screen.findByText('Deploy shop revision 2 to prod');
    expect(screen.getByTestId('cr-state').textContent).toBe('open');
    expect(screen.getByText('berth/shop-prod-r2')).toBeTruthy();
    expect(screen.getByText('shop').tagName).toBe('STRONG');
    expect(screen.getByText('spec valid; 3 objects rendered')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Files changed (1)' }));
    expect(await screen.findByRole('table', { name: 'apps/demo/shop/prod/kustomization.yaml' })).toBeTruthy();
  });

  it('GIVEN the server refuses the review (403) THEN its message is shown and review buttons are disabled with it', async () => {
    const refusal = 'changes.review needs developer in workspace demo; ann is viewer';
    const posts = serve({
      me: {
        username: 'ann',
        platformAdmin: false,
        credential: 'session',
        workspaces: [{ workspace: 'demo', role: 'developer' }],
      },
      review: json(403, { title: 'Forbidden', status: 403, detail: refusal }),
    });
    renderWithProviders(<ChangeRequestPage />, at);
    fireEvent.click(await screen.findByTestId('cr-approve'));
    expect((await screen.findByTestId('cr-error')).textContent).toContain(refusal);
    expect(posts).toEqual([{ url: `${BASE}/reviews`, body: { state: 'approved' } }]);
    await waitFor(() => expect((screen.getByTestId('cr-approve') as HTMLButtonElement).disabled).toBe(true));
    expect(
      (screen.getByTestId('cr-request-changes') as HTMLButtonElement).getAttribute('aria-description'),
    ).toBe(refusal);
    expect((screen.getByTestId('cr-merge') as HTMLButtonElement).disabled).toBe(false);
  });

  it('GIVEN a viewer whose permissions cannot be read THEN the role still disables every write action', async () => {
    serve({
      me: {
        username: 'vic',
        platformAdmin: false,
        credential: 'session',
        workspaces: [{ workspace: 'demo', role: 'viewer' }],
      },
      permissions: () => json(500, { title: 'Internal Server Error', status: 500 }),
    });
    renderWithProviders(<ChangeRequestPage />, at);
    await screen.findByText('Deploy shop revision 2 to prod');
    await waitFor(() => expect((screen.getByTestId('cr-merge') as HTMLButtonElement).disabled).toBe(true));
    expect(screen.getByTestId('cr-blocked').textContent).toContain('viewer');
  });

  it('GIVEN permissions without merge and close THEN those are disabled up front with the reason; review stays', async () => {
    const posts = serve({
      me: {
        username: 'rita',
        platformAdmin: false,
        credential: 'session',
        workspaces: [{ workspace: 'demo', role: 'reviewer' }],
      },
      permissions: () =>
        json(200, {
          actions: ['changes.list', 'changes.read', 'changes.review', 'changes.comment'],
          denied: {
            'changes.merge': 'changes.merge needs owner in workspace demo; rita is reviewer',
            'changes.close': 'changes.close needs owner in workspace demo; rita is reviewer',
          },
        }),
    });
    renderWithProviders(<ChangeRequestPage />, at);
    await screen.findByText('Deploy shop revision 2 to prod');
    await waitFor(() => expect((screen.getByTestId('cr-merge') as HTMLButtonElement).disabled).toBe(true));
    expect(screen.getByTestId('cr-merge').getAttribute('aria-description')).toBe(
      'Not allowed: changes.merge needs owner in workspace demo; rita is reviewer.',
    );
    expect((screen.getByTestId('cr-close') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('cr-approve') as HTMLButtonElement).disabled).toBe(false);
    expect(posts).toEqual([]);
  });

  it('GIVEN a change request that delivers an application THEN it links back to it, without being told in the URL', async () => {
    serve({
      me: { username: 'admin', platformAdmin: true, credential: 'session', workspaces: [] },
      detail: { app: { workspace: 'demo', name: 'shop', environment: 'prod' } },
    });
    renderWithProviders(<ChangeRequestPage />, at);
    const back = await screen.findByRole('link', { name: 'Back to shop' });
    expect(back.getAttribute('href')).toBe('/apps/demo/shop?tab=environments&env=prod');
  });

  it('GIVEN a fast-forward is possible WHEN chosen THEN the merge asks for it', async () => {
    const posts = serve({
      me: { username: 'admin', platformAdmin: true, credential: 'session', workspaces: [] },
    });
    renderWithProviders(<ChangeRequestPage />, at);
    await screen.findByText('Deploy shop revision 2 to prod');
    fireEvent.mouseDown(screen.getByRole('combobox', { name: 'Merge method' }));
    fireEvent.click(await screen.findByTitle('Fast-forward'));
    fireEvent.click(await screen.findByTestId('cr-merge'));
    await screen.findByText(/^Merge #7 into main\?/); // the confirmation, before its OK is pressed
    fireEvent.click(screen.getAllByRole('button', { name: 'Merge' }).at(-1)!);
    await waitFor(() => expect(posts).toEqual([{ url: `${BASE}/merge`, body: { method: 'fast-forward' } }]));
  }, 15_000);

  it('GIVEN a merge WHEN confirmed THEN it posts the chosen method and the page refreshes to merged', async () => {
    const posts = serve({
      me: { username: 'admin', platformAdmin: true, credential: 'session', workspaces: [] },
    });
    renderWithProviders(<ChangeRequestPage />, at);
    fireEvent.click(await screen.findByTestId('cr-merge'));
    await screen.findByText(/^Merge #7 into main\?/);
    fireEvent.click(screen.getAllByRole('button', { name: 'Merge' }).at(-1)!);
    await waitFor(() => expect(screen.getByTestId('cr-state').textContent).toBe('merged'));
    expect(posts).toEqual([{ url: `${BASE}/merge`, body: { method: 'merge-commit' } }]);
    expect(screen.getByTestId('cr-merged').textContent).toContain('bbbbbbbbbbbb');
    expect((screen.getByTestId('cr-merge') as HTMLButtonElement).disabled).toBe(true);
  });
});
