/**
 * `GET /api/v1/apps?limit=50` (authorized: a non-admin user who is developer in all 10
 * workspaces, 1,000 applications on SQLite) vs a bare Fastify route returning the same 50-item
 * page as static JSON — side by side, over real HTTP on loopback, with a small keep-alive load
 * generator (autocannon is not installed): CONNECTIONS concurrent requests for SECONDS each.
 *
 * Run: npm run bench -w packages/server   (or: node --import tsx bench/apps-list.bench.ts)
 * Tune: BENCH_CONNECTIONS (10), BENCH_SECONDS (5), BENCH_APPS (1000), BENCH_WORKSPACES (10).
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { Pool } from 'undici';
import { eachDatabase } from '../test/support/databases.js';
import { startTestApp } from '../test/support/test-app.js';
import { appsCapability } from '../src/apps/capability.js';
import { clustersCapability } from '../src/clusters/capability.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const APPS = Number(process.env.BENCH_APPS ?? 1000);
const WORKSPACES = Number(process.env.BENCH_WORKSPACES ?? 10);

function appYaml(name: string): string {
  return `apiVersion: berth.dev/v1alpha1
kind: Application
metadata:
  name: ${name}
  labels: { team: bench }
spec:
  components:
    - name: web
      type: webservice
      image: ghcr.io/acme/${name}:1.0.0
      ports: [{ port: 8080, expose: true }]
  environments:
    - { name: dev, cluster: sandbox, namespace: ${name}-dev }
`;
}

/** Requests/s of `path` on `app` with CONNECTIONS keep-alive connections for SECONDS. */
async function load(app: FastifyInstance, path: string, headers: Record<string, string>): Promise<{ rps: number; errors: number; p50: number; p99: number }> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONNECTIONS, pipelining: 1 });
  const latencies: number[] = [];
  let done = 0;
  let errors = 0;
  const until = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      const r = await pool.request({ method: 'GET', path, headers });
      await r.body.text();
      latencies.push(performance.now() - started);
      if (r.statusCode === 200) done++;
      else errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: done / seconds, errors, p50: at(0.5), p99: at(0.99) };
}

const t = await startTestApp(eachDatabase()[0]!, { capabilities: [clustersCapability, appsCapability], env: { BERTH_SANDBOX: 'off' } });
const bare = Fastify();
try {
  const admin = (method: string, url: string, body?: unknown, headers?: Record<string, string>) =>
    t.request(t.adminToken, { method, url, body, ...(headers ? { headers } : {}) });
  const token = await t.userToken('reader');
  for (let w = 0; w < WORKSPACES; w++) {
    await admin('POST', '/api/v1/workspaces', { name: `team-${w}` });
    await admin('PUT', `/api/v1/workspaces/team-${w}/members/reader`, { role: 'developer' });
  }
  // Apps name a cluster that need not exist for the list; register none (no network in the loop).
  let created = 0;
  for (let i = 0; i < APPS; i++) {
    const r = await admin('POST', `/api/v1/workspaces/team-${i % WORKSPACES}/apps`, appYaml(`app-${i}`), { 'content-type': 'application/yaml' });
    if (r.statusCode === 201) created++;
    else if (i === 0) throw new Error(`could not create an application: ${r.statusCode} ${r.body}`);
  }
  const headers = { authorization: `Bearer ${token}` };
  const page = await t.request(token, { method: 'GET', url: '/api/v1/apps?limit=50' });
  const items = (page.json() as { items: unknown[] }).items;
  if (page.statusCode !== 200 || items.length !== 50) throw new Error(`unexpected page: ${page.statusCode} ${page.body.slice(0, 200)}`);
  const staticPage = page.body;
  bare.get('/page', async (_request, reply) => reply.type('application/json').send(staticPage));

  const berth = await load(t.app, '/api/v1/apps?limit=50', headers);
  const baseline = await load(bare, '/page', {});
  console.log(`\napps list: ${created} applications in ${WORKSPACES} workspaces, a developer of all of them, page of 50 (${staticPage.length} bytes), ${CONNECTIONS} connections × ${SECONDS} s each, SQLite`);
  const line = (name: string, r: typeof berth) =>
    console.log(`  ${name.padEnd(34)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms${r.errors ? `   ${r.errors} non-200` : ''}`);
  line('Berth GET /api/v1/apps?limit=50', berth);
  line('bare Fastify, static 50-item page', baseline);
  console.log(`  ratio (Berth / bare)               ${(berth.rps / baseline.rps).toFixed(3)}  (bare is ${(baseline.rps / berth.rps).toFixed(1)}× faster)`);
  console.log('\ncommand: npm run bench -w packages/server   (node --import tsx bench/apps-list.bench.ts)\n');
} finally {
  await bare.close();
  await t.close();
}
