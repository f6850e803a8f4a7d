import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChangeRequestDetail, ChangeRequestListItem } from '../api/types.js';
import { json, renderWithProviders } from '../test-render.js';
import { ChangeRequestPage } from './ChangeRequestPage.js';
import { ChangeRequestsPage } from './ChangeRequestsPage.js';

const REPOS = '/api/v1/workspaces/demo/git/repositories';
const KEY = 'github:acme:shop-apps';
const ENCODED = 'github%3Aacme%3Ashop-apps';
const DETAIL = `${REPOS}/${ENCODED}/change-requests/12`;
const PULL_URL = 'https://github.com/acme/shop-apps/pull/12';

const pull = (overrides: Partial<ChangeRequestDetail> = {}): ChangeRequestDetail => ({
  repository: KEY,
  number: 12,
  title: 'Deploy shop revision 3 to prod',
  description: '',
  sourceBranch: 'berth/shop-prod-r3',
  targetBranch: 'main',
  author: 'berth-bot',
  state: 'open',
  sourceSha: 'c'.repeat(40),
  createdAt: '2025-02-01T00:00:00Z',
  updatedAt: '2025-02-01T00:00:00Z',
  url: PULL_URL,
  diff: [],
  comments: [],
  reviews: [],
  approvals: [],
  checks: [],
  mergeable: true,
  conflicts: [],
  fastForward: false,
  ...overrides,
});

/** The routes the pages call, for a workspace with one embedded and one GitHub repository. */
function serve(options: { detail?: Partial<ChangeRequestDetail>; review?: Response } = {}) {
  const fetched: Array<{ url: string; method: string }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      fetched.push({ url, method: init?.method ?? 'GET' });
      if (url === '/api/v1/me') return json(200, { username: 'admin', platformAdmin: true, credential: 'session', workspaces: [] });
      if (url === '/api/v1/workspaces/demo/permissions')
        return json(200, { actions: ['changes.review', 'changes.merge', 'changes.close', 'changes.comment'], denied: {} });
      if (url.startsWith('/api/v1/workspaces?')) return json(200, { items: [{ name: 'demo', displayName: 'Demo' }] });
      if (url === REPOS)
        return json(200, {
          items: [
            { name: 'demo-apps', provider: 'embedded', defaultBranch: 'main', description: '', cloneUrl: '/git/demo-apps.git' },
            { name: KEY, provider: 'github', description: '', cloneUrl: 'https://github.com/acme/shop-apps.git', url: 'https://github.com/acme/shop-apps' },
          ],
        });
      if (url === `${REPOS}/demo-apps/change-requests?state=open`) return json(200, { items: [] });
      if (url === `${REPOS}/${ENCODED}/change-requests?state=open`) {
        const { diff: _d, comments: _c, reviews: _r, approvals: _a, mergeable: _m, conflicts: _x, fastForward: _f, ...item } = pull();
        return json(200, { items: [{ ...item, checks: [] } satisfies ChangeRequestListItem] });
      }
      if (url === `${DETAIL}/reviews` && init?.method === 'POST') return options.review ?? json(201, {});
      if (url === DETAIL) return json(200, pull(options.detail));
      return json(404, { detail: `no route ${url}` });
    }),
  );
  return fetched;
}

afterEach(() => vi.unstubAllGlobals());

const at = { route: `/change-requests/demo/${ENCODED}/12`, path: '/change-requests/:workspace/:repo/:number' };

describe('GitHub change requests in the console', () => {
  it('GIVEN a GitHub repository THEN the picker tags it GitHub and its rows link with the key encoded', async () => {
    const fetched = serve();
    renderWithProviders(<ChangeRequestsPage />, { route: '/change-requests?workspace=demo' });
    const title = await screen.findByRole('link', { name: 'Deploy shop revision 3 to prod' });
    expect(title.getAttribute('href')).toBe(`/change-requests/demo/${ENCODED}/12`);
    const row = title.closest('tr')!;
    expect(within(row).getByTestId('repo-github').textContent).toBe('GitHub');
    expect(within(row).getByText('acme/shop-apps')).toBeTruthy();
    expect(fetched.map((f) => f.url)).toContain(`${REPOS}/${ENCODED}/change-requests?state=open`);
    fireEvent.mouseDown(screen.getByRole('combobox', { name: 'Repository' }));
    const picker = document.querySelector('[data-testid="cr-repository-filter"]')!;
    expect(picker).toBeTruthy();
    const contents = () => [...document.querySelectorAll('.ant-select-item-option-content')];
    await waitFor(() => expect(contents().map((o) => o.textContent)).toContain('demo-apps'));
    const options = contents();
    expect(options.map((o) => o.textContent)).toEqual(['All repositories', 'demo-apps', 'GitHubacme/shop-apps']);
    expect(options[2]!.querySelector('[data-testid="repo-github"] .anticon-github')).toBeTruthy();
  });

  it('GIVEN a GitHub pull request THEN it is read at its encoded path and links to GitHub', async () => {
    const fetched = serve();
    renderWithProviders(<ChangeRequestPage />, at);
    const open = await screen.findByRole('link', { name: /Open on GitHub/ });
    expect(open.getAttribute('href')).toBe(PULL_URL);
    expect(open.getAttribute('rel')).toContain('noopener');
    expect(fetched.map((f) => f.url)).toContain(DETAIL);
    expect(screen.getByTestId('cr-github-credentials').textContent).toContain('Berth’s GitHub credentials');
  });

  it('GIVEN GitHub has not computed mergeability THEN merge is disabled with GitHub’s reason, not “branch gone”', async () => {
    serve({ detail: { mergeable: null } });
    renderWithProviders(<ChangeRequestPage />, at);
    await screen.findByText('Deploy shop revision 3 to prod');
    await waitFor(() => expect((screen.getByTestId('cr-merge') as HTMLButtonElement).disabled).toBe(true));
    expect(screen.getByTestId('cr-merge').getAttribute('aria-description')).toBe(
      'GitHub is still working out whether this pull request can be merged into main: refresh in a moment.',
    );
  });

  it('GIVEN GitHub refuses the review (422) THEN review stays disabled with GitHub’s words', async () => {
    const refusal = 'GitHub refused the request on acme/shop-apps: 422 Unprocessable Entity: Can not approve your own pull request';
    serve({ review: json(422, { title: 'Invalid document', status: 422, detail: refusal }) });
    renderWithProviders(<ChangeRequestPage />, at);
    fireEvent.click(await screen.findByTestId('cr-approve'));
    await waitFor(() => expect((screen.getByTestId('cr-approve') as HTMLButtonElement).disabled).toBe(true));
    expect(screen.getByTestId('cr-request-changes').getAttribute('aria-description')).toBe(refusal);
    expect((screen.getByTestId('cr-merge') as HTMLButtonElement).disabled).toBe(false);
  });
});
