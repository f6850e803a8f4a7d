import { describe, expect, it } from 'vitest';
import { joinRepoPath } from './problems.js';
import { mergeValues } from './values-schema.js';

describe('mergeValues (Helm coalescing)', () => {
  it('merges maps deeply, replaces lists and scalars, and removes keys set to null', () => {
    const base = { image: { repository: 'r', tag: '1' }, args: ['a', 'b'], debug: true, replicas: 1 };
    const overlay = { image: { tag: '2' }, args: ['c'], debug: null, replicas: 3 };
    expect(mergeValues(base, overlay)).toEqual({
      image: { repository: 'r', tag: '2' },
      args: ['c'],
      replicas: 3,
    });
    expect(base.image.tag).toBe('1');
  });
});

describe('joinRepoPath', () => {
  it('normalizes paths and refuses those that leave the repository', () => {
    expect(joinRepoPath('deploy/prod', '../base')).toBe('deploy/base');
    expect(joinRepoPath('.', 'charts/shop/', 'Chart.yaml')).toBe('charts/shop/Chart.yaml');
    expect(joinRepoPath('deploy', '../../etc/passwd')).toBeUndefined();
  });
});
