import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChangeRequestListItem } from '../api/types.js';
import { json, renderWithProviders } from '../test-render.js';
import { ChangeRequestsPage } from './ChangeRequestsPage.js';

const REPOS = '/api/v1/workspaces/demo/git/repositories';

function item(overrides: Partial<ChangeRequestListItem>): ChangeRequestListItem {
  return {
    repository: 'demo-apps',
    number: 1,
    title: 'A change',
    description: '',
    sourceBranch: 'topic',
    targetBranch: 'main',
    author: 'admin',
    state: 'open',
    sourceSha: 'a'.repeat(40),
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    checks: [],
    ...overrides,
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('ChangeRequestsPage', () => {
  it('GIVEN listed change requests THEN each row shows its checks and application from the list alone', async () => {
    const fetched: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        fetched.push(url);
        if (url.startsWith('/api/v1/workspaces?'))
          return json(200, { items: [{ name: 'demo', displayName: 'Demo' }] });
        if (url === REPOS) return json(200, { items: [{ name: 'demo-apps' }] });
        if (url === `${REPOS}/demo-apps/change-requests?state=open`)
          return json(200, {
            items: [
              item({
                number: 2,
                title: 'Deploy shop revision 2 to prod',
                app: { workspace: 'demo', name: 'shop', environment: 'prod' },
                checks: [
                  { name: 'berth/render', status: 'success' },
                  { name: 'berth/validate-repo', status: 'success' },
                ],
              }),
              item({ number: 1, title: 'Tidy the README', checks: [{ name: 'lint', status: 'failure' }] }),
            ],
          });
        return json(404, { detail: `no route ${url}` });
      }),
    );
    renderWithProviders(<ChangeRequestsPage />, { route: '/change-requests?workspace=demo' });
    const deploy = (await screen.findByText('Deploy shop revision 2 to prod')).closest('tr')!;
    expect(within(deploy).getByText('2 passing')).toBeTruthy();
    expect(within(deploy).getByTestId('cr-app').getAttribute('href')).toBe(
      '/apps/demo/shop?tab=environments&env=prod',
    );
    expect(within(deploy).getByTestId('cr-app').textContent).toBe('shop · prod');
    const tidy = screen.getByText('Tidy the README').closest('tr')!;
    expect(within(tidy).getByText('failing')).toBeTruthy();
    expect(within(tidy).queryByTestId('cr-app')).toBeNull();
    // No detail per row: the list said it all.
    expect(fetched.filter((u) => /\/change-requests\/\d+/.test(u))).toEqual([]);
  });
});
