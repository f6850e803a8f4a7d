import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, renderWithProviders } from '../test-render.js';
import { AppLayout } from './AppLayout.js';

afterEach(() => vi.unstubAllGlobals());

function signedInAs(platformAdmin: boolean) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) =>
      url === '/api/v1/me'
        ? json(200, { username: platformAdmin ? 'admin' : 'ann', platformAdmin, credential: 'session', workspaces: [] })
        : json(404, { detail: `no route ${url}` }),
    ),
  );
}

describe('AppLayout navigation', () => {
  it('GIVEN a platform admin THEN “Git providers” is in the navigation', async () => {
    signedInAs(true);
    renderWithProviders(<AppLayout />);
    const link = await screen.findByRole('link', { name: 'Git providers' });
    expect(link.getAttribute('href')).toBe('/admin/git-providers');
  });

  it('GIVEN someone who is not a platform admin THEN “Git providers” is not offered', async () => {
    signedInAs(false);
    renderWithProviders(<AppLayout />);
    await screen.findByRole('link', { name: 'Audit log' });
    expect(screen.queryByRole('link', { name: 'Git providers' })).toBeNull();
  });
});
