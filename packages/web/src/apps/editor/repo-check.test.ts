import { describe, expect, it } from 'vitest';
import { problemPlace, repoCheckInput } from './repo-check.js';

describe('repoCheckInput', () => {
  it('GIVEN an https chart repository THEN it is checked by URL at its revision, for every environment once', () => {
    expect(
      repoCheckInput(
        { repoURL: ' https://github.com/acme/charts.git ', path: 'charts/shop', targetRevision: 'v1.4' },
        ['dev', 'prod', 'dev', ''],
      ),
    ).toEqual({
      repo: { url: 'https://github.com/acme/charts.git', ref: 'v1.4' },
      chartPath: 'charts/shop',
      environments: ['dev', 'prod'],
    });
  });

  it('GIVEN a bare name THEN it is an embedded repository of the workspace, at its default branch', () => {
    expect(repoCheckInput({ repoURL: 'shop-charts', path: '.' }, [])).toEqual({
      repo: { embedded: 'shop-charts' },
      chartPath: '.',
      environments: [],
    });
  });

  it('GIVEN no repository or no path THEN there is nothing to check yet', () => {
    expect(repoCheckInput(undefined, ['dev'])).toBeUndefined();
    expect(repoCheckInput({ repoURL: 'https://x/y.git', path: ' ' }, ['dev'])).toBeUndefined();
  });

  it('says where a problem is as file:line:column, as far as known', () => {
    expect(problemPlace({ file: 'charts/shop/values.yaml', line: 4, column: 3 })).toBe(
      'charts/shop/values.yaml:4:3',
    );
    expect(problemPlace({ file: 'charts/shop/Chart.yaml' })).toBe('charts/shop/Chart.yaml');
  });
});
