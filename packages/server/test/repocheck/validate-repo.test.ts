import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedGitProvider } from '../../src/git/embedded/embedded-provider.js';
import { gitMigration, type GitTables } from '../../src/git/migration.js';
import type { FileChange } from '../../src/git/provider.js';
import { validateRepo } from '../../src/repocheck/validate-repo.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { GOOD_CHART } from './fixtures.js';

describe('validate repo (embedded repositories)', () => {
  let dir: string;
  let store: Store;
  let git: EmbeddedGitProvider;
  let branch = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'berth-repocheck-'));
    store = await openStore({ dataDir: dir, sqliteFile: ':memory:' }, { migrations: [gitMigration] });
    git = new EmbeddedGitProvider({
      db: store.db as unknown as Kysely<GitTables>,
      root: path.join(dir, 'git'),
    });
    await git.createRepository({ name: 'target', workspace: 'retail' });
    await git.commit('target', {
      branch: 'main',
      message: 'chart',
      author: { name: 'A', email: 'a@example.com' },
      changes: Object.entries(GOOD_CHART).map(([p, content]) => ({ path: p, content })),
    });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Commits `changes` over the good chart on a fresh branch and validates that branch. */
  async function validateWith(changes: FileChange[], environments = ['dev', 'prod'], extra: object = {}) {
    const ref = `case-${++branch}`;
    if (changes.length > 0)
      await git.commit('target', {
        branch: ref,
        message: 'case',
        author: { name: 'A', email: 'a@example.com' },
        changes,
      });
    return validateRepo(
      {
        repo: { embedded: 'target', ref: changes.length > 0 ? ref : 'main' },
        chartPath: 'charts/shop',
        environments,
        ...extra,
      },
      { embedded: git, workspace: 'retail' },
    );
  }

  it('passes a sound chart with its overlays and kustomizations', async () => {
    const result = await validateWith([], ['dev', 'prod'], { kustomizations: ['deploy/prod'] });
    expect(result).toEqual({ ok: true, problems: [] });
  });

  it('reports a broken Chart.yaml with its line', async () => {
    const result = await validateWith([
      {
        path: 'charts/shop/Chart.yaml',
        content:
          'apiVersion: v1\nname: shop\nversion: 1.4\ndependencies:\n  - name: redis\n    version: 1.0.0\n',
      },
    ]);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'charts/shop/Chart.yaml',
          line: 1,
          message: expect.stringContaining('apiVersion must be v2'),
        }),
        expect.objectContaining({
          file: 'charts/shop/Chart.yaml',
          line: 3,
          message: expect.stringContaining('not SemVer'),
        }),
        expect.objectContaining({
          file: 'charts/shop/Chart.yaml',
          line: 5,
          message: 'dependencies[0] is missing repository',
        }),
      ]),
    );
  });

  it('reports YAML syntax errors with their line, and a missing templates/ directory', async () => {
    const result = await validateWith([
      { path: 'charts/shop/values.yaml', content: 'replicaCount: 1\nimage:\n  tag: "1.4.0\n' },
      { path: 'charts/shop/templates/deployment.yaml', delete: true },
    ]);
    const syntax = result.problems.find((p) => p.file === 'charts/shop/values.yaml');
    expect(syntax).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('YAML syntax error'),
    });
    expect(syntax!.line).toBeGreaterThanOrEqual(3);
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        file: 'charts/shop/templates/',
        message: expect.stringContaining('no templates'),
      }),
    );
  });

  it('maps values that do not match the schema back to the file and line of the key', async () => {
    const result = await validateWith([
      {
        path: 'charts/shop/values.yaml',
        content:
          'replicaCount: many\nimage:\n  repository: ghcr.io/acme/shop\n  tag: "1.4.0"\n  pullPolicy: Always\n',
      },
      {
        path: 'charts/shop/overlays/prod/values.yaml',
        content: '# prod\nreplicaCount: 4\nimage:\n  tag: 5\n',
      },
    ]);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        {
          file: 'charts/shop/values.yaml',
          line: 1,
          column: 1,
          severity: 'error',
          message: 'replicaCount: must be integer (values.schema.json)',
        },
        expect.objectContaining({
          file: 'charts/shop/values.yaml',
          line: 5,
          message: expect.stringContaining('image.pullPolicy: is not allowed'),
        }),
        {
          file: 'charts/shop/overlays/prod/values.yaml',
          line: 4,
          column: 3,
          severity: 'error',
          message: 'image.tag: must be string (values.schema.json)',
        },
      ]),
    );
    // the base error is reported once, not again for every overlay
    expect(result.problems.filter((p) => p.message.startsWith('replicaCount'))).toHaveLength(1);
  });

  it('names the expected path of an overlay missing for a requested environment', async () => {
    const result = await validateWith([], ['dev', 'staging']);
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          file: 'charts/shop/overlays/staging/values.yaml',
          severity: 'error',
          message:
            'environment staging has no values overlay: expected charts/shop/overlays/staging/values.yaml',
        },
      ],
    });
  });

  it('reports a kustomization resource that does not exist, at its line', async () => {
    const result = await validateWith([{ path: 'deploy/base/service.yaml', delete: true }], [], {
      kustomizations: ['deploy/prod'],
    });
    expect(result.problems).toEqual([
      {
        file: 'deploy/base/kustomization.yaml',
        line: 3,
        column: 5,
        severity: 'error',
        message: 'resources[1]: service.yaml does not exist (looked for deploy/base/service.yaml)',
      },
    ]);
  });

  it('refuses an embedded repository of another workspace', async () => {
    await expect(
      validateRepo(
        { repo: { embedded: 'target' }, chartPath: 'charts/shop' },
        { embedded: git, workspace: 'other' },
      ),
    ).rejects.toMatchObject({ status: 404 });
  });
});
