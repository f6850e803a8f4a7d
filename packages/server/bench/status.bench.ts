/**
 * Status change in the sandbox → SSE event at a client, with N applications watched (one SSE
 * stream open per application), vs the raw watch latency (a client-node informer on the same
 * kind). Each application is one Service; a change flips it ClusterIP → LoadBalancer (Healthy →
 * Progressing) or back, which changes the assessment.
 *
 *   node --import tsx packages/server/bench/status.bench.ts [apps=1000] [samples=200]
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '@berth/sandbox';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { deliveryCapability } from '../src/delivery/capability.js';
import { DeploymentHistory } from '../src/delivery/deployments.js';
import { connectToCluster, type KubeObject } from '../src/kube/index.js';
import { createPlatform } from '../src/platform.js';
import { createStatusCapability } from '../src/status/capability.js';
import { openSse } from '../test/status/sse-client.js';

const APPS = Number(process.argv[2] ?? 1000);
const SAMPLES = Number(process.argv[3] ?? 200);
const NS = 'bench';

function service(i: number, type: 'ClusterIP' | 'LoadBalancer'): KubeObject {
  const labels = { 'app.kubernetes.io/managed-by': 'berth', 'berth.dev/app': `app-${i}`, 'berth.dev/component': 'web', 'berth.dev/environment': 'dev' };
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: `app-${i}`, namespace: NS, labels }, spec: { type, selector: { x: `app-${i}` }, ports: [{ port: 80 }] } };
}

const sandbox = await startSandbox({ nodes: 1 });
const cluster = connectToCluster(sandbox.kubeconfig);
const config = loadConfig({ BERTH_DATA_DIR: await mkdtemp(join(tmpdir(), 'berth-bench-')), BERTH_MASTER_KEY: randomBytes(32).toString('base64'), BERTH_LOG_LEVEL: 'silent' });
const capabilities = [deliveryCapability, createStatusCapability({ clusters: { get: async () => cluster, forget: () => undefined }, debounceMs: 20 })];
const deps = await createPlatform(config, { logger: pino({ level: 'silent' }), capabilities, scrypt: { N: 1024, r: 8, p: 1 } });
await deps.users.bootstrapAdmin('admin-password-1');
const admin = await deps.store.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
const token = (await deps.authentication.createToken({ userId: admin.id, username: 'admin', platformAdmin: true, credential: 'token' }, { name: 'bench' })).token;
const app = await buildApp(deps, capabilities);
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

await cluster.ensureNamespace(NS);
const history = new DeploymentHistory(deps);
const types = new Array<'ClusterIP' | 'LoadBalancer'>(APPS).fill('ClusterIP');
for (let i = 0; i < APPS; i += 50) {
  const batch = Array.from({ length: Math.min(50, APPS - i) }, (_, k) => i + k);
  await cluster.apply(batch.map((n) => service(n, 'ClusterIP')));
  await Promise.all(batch.map((n) => history.record({ workspace: 'bench', app: `app-${n}`, environment: 'dev', cluster: 'sandbox', namespace: NS, revision: 1, renderHash: 'h', runId: `r-${n}`, components: ['web'] })));
}

// raw watch
const raw = cluster.watch({ apiVersion: 'v1', kind: 'Service' }, { namespace: NS });
const rawWaiters = new Map<string, (at: number) => void>();
raw.on('update', (o) => rawWaiters.get(o.metadata.name)?.(performance.now()));
await raw.start();

// one SSE stream per application
const sseWaiters = new Map<number, (at: number) => void>();
const controller = new AbortController();
const opened: Promise<unknown>[] = [];
for (let i = 0; i < APPS; i++) {
  let first = true;
  opened.push(
    openSse(`${base}/api/v1/workspaces/bench/apps/app-${i}/status/stream?env=dev`, { authorization: `Bearer ${token}` }, (e) => {
      if (e.event !== 'status') return;
      if (first) return void (first = false);
      sseWaiters.get(i)?.(e.at);
    }, controller.signal),
  );
  if (i % 100 === 99) await Promise.all(opened.splice(0));
}
await Promise.all(opened);
await new Promise((r) => setTimeout(r, 1000));

const rawLatency: number[] = [];
const sseLatency: number[] = [];
for (let s = 0; s < SAMPLES; s++) {
  const i = (s * 7919) % APPS;
  types[i] = types[i] === 'ClusterIP' ? 'LoadBalancer' : 'ClusterIP';
  const rawArrived = new Promise<number>((resolve) => rawWaiters.set(`app-${i}`, resolve));
  const sseArrived = new Promise<number>((resolve) => sseWaiters.set(i, resolve));
  const t0 = performance.now();
  await cluster.apply([service(i, types[i]!)]);
  const [r, e] = await Promise.all([rawArrived, sseArrived]);
  rawWaiters.delete(`app-${i}`);
  sseWaiters.delete(i);
  rawLatency.push(r - t0);
  sseLatency.push(e - t0);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
console.log(`status change → client, ${APPS} applications watched (${APPS} SSE streams open), ${SAMPLES} changes, debounce 20 ms`);
console.log(`  raw watch (client-node informer)  p50 ${pct(rawLatency, 50).toFixed(1)} ms  p99 ${pct(rawLatency, 99).toFixed(1)} ms`);
console.log(`  berth SSE status event            p50 ${pct(sseLatency, 50).toFixed(1)} ms  p99 ${pct(sseLatency, 99).toFixed(1)} ms`);
console.log(`command: node --import tsx packages/server/bench/status.bench.ts ${APPS} ${SAMPLES}`);
controller.abort();
raw.stop();
await app.close();
await deps.store.close();
cluster.close();
await sandbox.stop();
process.exit(0);
