import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, renderWithProviders } from '../../test-render.js';
import { RepoCheck } from './RepoCheck.js';

const input = {
  repo: { url: 'https://charts.example/shop.git' },
  chartPath: 'charts/shop',
  environments: ['dev'],
};

afterEach(() => vi.unstubAllGlobals());

describe('RepoCheck', () => {
  it('GIVEN problems WHEN validated THEN each shows with file:line and message', async () => {
    const fetch = vi.fn(async () =>
      json(200, {
        ok: false,
        problems: [
          {
            file: 'charts/shop/overlays/dev/values.yaml',
            line: 3,
            column: 1,
            message: 'replicas must be integer',
            severity: 'error',
          },
          { file: 'charts/shop/values.yaml', message: 'values.yaml is missing', severity: 'warning' },
        ],
      }),
    );
    vi.stubGlobal('fetch', fetch);
    renderWithProviders(<RepoCheck workspace="demo" component="shop" input={input} />);
    fireEvent.click(screen.getByRole('button', { name: 'Validate the chart repository of shop' }));
    const problems = await screen.findAllByTestId('repo-check-problem');
    expect(problems.map((p) => p.textContent)).toEqual([
      'errorcharts/shop/overlays/dev/values.yaml:3:1replicas must be integer',
      'warningcharts/shop/values.yamlvalues.yaml is missing',
    ]);
    expect(fetch).toHaveBeenCalledWith(
      '/api/v1/workspaces/demo/repocheck',
      expect.objectContaining({ method: 'POST', body: JSON.stringify(input) }),
    );
  });

  it('GIVEN a sound repository THEN it says so', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(200, { ok: true, problems: [] })),
    );
    renderWithProviders(<RepoCheck workspace="demo" component="shop" input={input} />);
    fireEvent.click(screen.getByTestId('validate-repo-shop'));
    expect((await screen.findByTestId('repo-check-result')).textContent).toContain('The repository is sound');
  });

  it('GIVEN the server refuses the URL (400) THEN its message is shown', async () => {
    const refusal = 'repo.url: 127.0.0.1 is a loopback address; Berth does not clone from private networks';
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(400, { status: 400, detail: refusal })),
    );
    renderWithProviders(<RepoCheck workspace="demo" component="shop" input={input} />);
    fireEvent.click(screen.getByTestId('validate-repo-shop'));
    expect((await screen.findByTestId('repo-check-error')).textContent).toContain(refusal);
  });

  it('GIVEN no repository yet THEN the button is disabled and says what is missing', () => {
    renderWithProviders(<RepoCheck workspace="demo" component="shop" input={undefined} />);
    expect((screen.getByTestId('validate-repo-shop') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Set the chart repository and path first.')).toBeTruthy();
  });
});
