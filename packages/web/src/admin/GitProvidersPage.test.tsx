import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GitHubCredentialsRecord } from '../api/types.js';
import { json, renderWithProviders } from '../test-render.js';
import { GitProvidersPage } from './GitProvidersPage.js';

const ADMIN = { username: 'admin', platformAdmin: true, credential: 'session', workspaces: [] };
const LIST = '/api/v1/git/github/credentials';
const REPO = '/api/v1/git/github/owners/acme/repositories/shop-apps/credentials';
const KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsecretkeymaterial\n-----END RSA PRIVATE KEY-----';

/** A fake of the routes the page calls; records PUTs; `put` answers them. */
function serve(options: { me?: object; records?: GitHubCredentialsRecord[]; put?: (body: unknown) => Response }) {
  const puts: Array<{ url: string; body: unknown }> = [];
  const fetched: string[] = [];
  let records = options.records ?? [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      fetched.push(url);
      if (url === '/api/v1/me') return json(200, options.me ?? ADMIN);
      if (url.startsWith('/api/v1/workspaces?'))
        return json(200, { items: [{ name: 'retail', displayName: 'Retail' }, { name: 'ops', displayName: 'Ops' }] });
      if (url === LIST) return json(200, { items: records });
      if (init?.method === 'PUT') {
        const body = JSON.parse(String(init.body)) as { app?: { appId: number; installationId: number }; workspaces: string[] };
        puts.push({ url, body });
        const answer = options.put?.(body);
        if (answer) return answer;
        const record: GitHubCredentialsRecord = {
          owner: 'acme',
          repository: 'shop-apps',
          kind: 'app',
          appId: body.app?.appId ?? 0,
          installationId: body.app?.installationId ?? 0,
          webhookSecret: false,
          workspaces: body.workspaces,
        };
        records = [record];
        return json(200, record);
      }
      return json(404, { detail: `no route ${url}` });
    }),
  );
  return { puts, fetched };
}

afterEach(() => vi.unstubAllGlobals());

async function fillAppCredentials() {
  fireEvent.change(await screen.findByLabelText('Owner'), { target: { value: 'acme' } });
  fireEvent.change(screen.getByLabelText('Repository'), { target: { value: 'shop-apps' } });
  fireEvent.click(screen.getByLabelText('GitHub App'));
  fireEvent.change(await screen.findByLabelText('App ID'), { target: { value: '123456' } });
  fireEvent.change(screen.getByLabelText('Installation ID'), { target: { value: '4242' } });
  fireEvent.change(screen.getByLabelText('Private key (PEM)'), { target: { value: KEY } });
  fireEvent.mouseDown(screen.getByLabelText('Workspaces'));
  fireEvent.click(await screen.findByTitle('Retail'));
}

describe('GitProvidersPage', () => {
  it('GIVEN app credentials WHEN saved THEN the PUT carries them, and the key is cleared and never shown', async () => {
    const { puts } = serve({});
    renderWithProviders(<GitProvidersPage />);
    await screen.findByText('No GitHub credentials yet. Add a token or a GitHub App below.');
    await fillAppCredentials();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(puts).toEqual([
        {
          url: REPO,
          body: { app: { appId: 123456, installationId: 4242, privateKey: KEY }, workspaces: ['retail'] },
        },
      ]),
    );
    const row = (await within(screen.getByTestId('gp-list')).findByText('GitHub App 123456 · installation 4242')).closest('tr')!;
    expect(within(row).getByText('shop-apps')).toBeTruthy();
    expect(within(row).getByText('retail')).toBeTruthy();
    await waitFor(() => expect((screen.queryByLabelText('Private key (PEM)') as HTMLTextAreaElement | null)?.value ?? '').toBe(''));
    expect(document.body.innerHTML).not.toContain('secretkeymaterial');
  }, 20_000);

  it('GIVEN the server refuses the key (400 naming app.privateKey) THEN its message shows under the key field', async () => {
    const refusal = 'must be an RSA private key (PEM): this is an EC key';
    serve({
      put: () =>
        json(400, {
          title: 'Bad Request',
          status: 400,
          detail: 'the request body is invalid',
          errors: [{ path: 'app.privateKey', message: refusal }],
        }),
    });
    renderWithProviders(<GitProvidersPage />);
    await fillAppCredentials();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const shown = await screen.findByText(refusal);
    // Next to the field: in the same form item as the key's textarea.
    const item = shown.closest('.ant-form-item')!;
    expect(within(item as HTMLElement).getByLabelText('Private key (PEM)')).toBeTruthy();
    expect(screen.queryByTestId('gp-error')).toBeNull();
  }, 20_000);

  it('GIVEN stored records THEN the list shows kind, grants and whether a webhook secret is set — nothing secret', async () => {
    serve({
      records: [
        { owner: 'acme', kind: 'token', webhookSecret: true, workspaces: ['retail', 'ops'] },
        // A field the API never sends; were it there, the page must still not show it.
        { owner: 'globex', repository: 'web', kind: 'app', appId: 7, installationId: 8, webhookSecret: false, workspaces: [], token: 'ghp_leak' } as GitHubCredentialsRecord,
      ],
    });
    renderWithProviders(<GitProvidersPage />);
    const list = await screen.findByTestId('gp-list');
    const acme = (await within(list).findByText('acme')).closest('tr')!;
    expect(within(acme).getByText('all repositories')).toBeTruthy();
    expect(within(acme).getByText('Token')).toBeTruthy();
    expect(within(acme).getByText('set')).toBeTruthy();
    expect(within(list).getByText('GitHub App 7 · installation 8')).toBeTruthy();
    expect(document.body.innerHTML).not.toContain('ghp_leak');
  });

  it('GIVEN someone who is not a platform admin THEN the page says so and asks for no credentials', async () => {
    const { fetched } = serve({ me: { ...ADMIN, username: 'ann', platformAdmin: false } });
    renderWithProviders(<GitProvidersPage />);
    await screen.findByTestId('gp-admins-only');
    expect(fetched).not.toContain(LIST);
  });
});
