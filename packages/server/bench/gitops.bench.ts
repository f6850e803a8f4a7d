/**
 * GitOps delivery benchmark, on the embedded git provider, a sandbox cluster and the simulated
 * GitOps agent (Argo CD flavour):
 *  1. submit → open change request, for 100 applications (render, commit, open, checks, agent objects);
 *  2. merge → the agent reports the merged commit Synced + Healthy, for the same 100;
 *  3. size of the application repository after 1,000 revisions of one application (each a
 *     commit of its rendered directory on the branch, as a merged change request leaves it).
 *
 * Run: npx tsx packages/server/bench/gitops.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { render } from '@berth/core';
import { loadApplication } from '@berth/core';
import { embeddedGitOf } from '../src/git/capability.js';
import { environmentFiles } from '../src/gitops/manifest-files.js';
import { appPath } from '../src/gitops/layout.js';
import { shopYaml, startGitOpsLoop } from '../test/gitops/gitops-fixture.js';

const APPS = Number(process.env.APPS ?? 100);
const REVISIONS = Number(process.env.REVISIONS ?? 1000);
const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

const loop = await startGitOpsLoop({ agentIntervalMs: 500 });
console.log(`GitOps benchmark (${APPS} applications, ${REVISIONS} revisions; embedded git, sandbox, simulated Argo CD agent polling every 500 ms)`);
try {
  const { t, gitops } = loop;
  await t.deps.workspaces.create({ name: 'retail', description: '' });
  const api = '/api/v1/workspaces/retail';
  for (let i = 0; i < APPS; i++) {
    const created = await t.request(t.adminToken, { method: 'POST', url: `${api}/apps`, body: { spec: shopYaml(`ghcr.io/acme/app:${i}`, 1, `app-${i}`) } });
    if (created.statusCode !== 201) throw new Error(created.body);
  }

  // 1. submit → open change request
  const submitMs: number[] = [];
  const numbers: number[] = [];
  const submitStart = performance.now();
  for (let i = 0; i < APPS; i++) {
    const started = performance.now();
    const response = await t.request(t.adminToken, { method: 'POST', url: `${api}/apps/app-${i}/gitops/submit`, body: { env: 'dev' } });
    if (response.statusCode !== 201) throw new Error(response.body);
    submitMs.push(performance.now() - started);
    numbers.push(response.json().changeRequest.number);
  }
  const submitTotal = performance.now() - submitStart;
  console.log(`  submit → open change request:   p50 ${fmt(pct(submitMs, 50))}  p95 ${fmt(pct(submitMs, 95))}  max ${fmt(Math.max(...submitMs))}  total ${fmt(submitTotal)} (sequential)`);

  // 2. merge → synced
  const mergedAt: number[] = [];
  const mergeSha: string[] = [];
  for (let i = 0; i < APPS; i++) {
    mergeSha.push((await gitops.deps.git.merge('retail-apps', numbers[i]!, { mergedBy: 'bench' })).sha);
    mergedAt.push(performance.now());
  }
  const syncMs: number[] = new Array(APPS).fill(NaN);
  const head = await gitops.deps.git.headOf('retail-apps', 'main');
  const deadline = performance.now() + 180_000;
  while (syncMs.some(Number.isNaN) && performance.now() < deadline) {
    for (let i = 0; i < APPS; i++) {
      if (!Number.isNaN(syncMs[i]!)) continue;
      const s = await gitops.service.status({ workspace: 'retail', app: `app-${i}`, environment: 'dev' });
      if (s.syncStatus === 'Synced' && s.health === 'Healthy' && (s.deployedCommit === mergeSha[i] || s.deployedCommit === head)) syncMs[i] = performance.now() - mergedAt[i]!;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const synced = syncMs.filter((v) => !Number.isNaN(v));
  console.log(`  merge → Synced + Healthy:        p50 ${fmt(pct(synced, 50))}  p95 ${fmt(pct(synced, 95))}  max ${fmt(Math.max(...synced))}  (${synced.length}/${APPS} synced; agent passes ${loop.agent.passes})`);

  // 3. repository size after REVISIONS revisions of one application (agent stopped: it would only compete for CPU)
  await loop.agent.stop();
  const { git } = embeddedGitOf(t.deps);
  await git.createRepository({ name: 'size-apps', workspace: 'retail' });
  const dir = git.directoryOf('size-apps');
  const sizeOf = () => Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
  const emptySize = sizeOf();
  const revStart = performance.now();
  for (let r = 1; r <= REVISIONS; r++) {
    const spec = loadApplication(shopYaml(`ghcr.io/acme/shop:1.${r}.0`, 1 + (r % 3), 'shop')).application!;
    const rendered = render(spec, 'dev');
    const files = environmentFiles({ spec, objects: rendered.objects, revision: r, renderHash: rendered.hash, environment: 'dev' });
    await git.commit('size-apps', {
      branch: 'main',
      message: `Deploy shop revision ${r} to dev`,
      author: { name: 'bench', email: 'bench@example.com' },
      changes: [...files].map(([name, content]) => ({ path: `${appPath('retail', 'shop', 'dev')}/${name}`, content })),
    });
  }
  const revTotal = performance.now() - revStart;
  const looseSize = sizeOf();
  execFileSync('git', ['--git-dir', dir, 'gc', '--quiet', '--aggressive', '--prune=now']);
  const packedSize = sizeOf();

  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MiB`;
  console.log(`  repository after ${REVISIONS} revisions: ${mb(looseSize)} loose (from ${mb(emptySize)}), ${mb(packedSize)} after git gc; ${fmt(revTotal / REVISIONS)} per revision commit`);
  console.log('  command: npx tsx packages/server/bench/gitops.bench.ts   (APPS=…, REVISIONS=… to change the sizes)');
} finally {
  await loop.stop();
}
