/**
 * Sandbox benchmarks, all on loopback: pod create/s and get/s through the HTTP API, list latency
 * of 10,000 pods with and without a label selector (fetch + JSON.parse in this process, and to the
 * last byte without parsing), watch fan-out (100 watchers × 10,000 events),
 * then cluster-scale memory (1,000 nodes, 30,000 pods; `cluster.bench.ts` in a child process).
 * Prints a table of figures and the command that produced them.
 *
 *   npm run bench -w @berth/sandbox          (node --import tsx bench/api.bench.ts)
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../src/index.js';
import type { KubeObject } from '../src/store/types.js';

const CREATE_N = 2000;
const GET_N = 5000;
const CONCURRENCY = 16;
const LIST_PODS = 10_000;
const WATCHERS = 100;
const WATCH_EVENTS = 10_000;
const rows: [string, string][] = [];

const pod = (name: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
});
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Runs `n` calls of `fn(i)` with `CONCURRENCY` in flight; returns calls per second. */
async function rate(n: number, fn: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < n) await fn(next++);
  }));
  return n / ((performance.now() - t0) / 1000);
}

async function apiFigures(): Promise<void> {
  const sandbox = await startSandbox({ nodes: 0 });
  const headers = { authorization: `Bearer ${sandbox.adminToken}`, 'content-type': 'application/json' };
  const url = (path: string) => `${sandbox.url}${path}`;
  const nsType = sandbox.registry.byKind('v1', 'Namespace')!;
  const podType = sandbox.registry.byKind('v1', 'Pod')!;
  for (const name of ['bench', 'bench-list', 'bench-watch']) sandbox.store.create(nsType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  try {
    const creates = await rate(CREATE_N, async (i) => {
      const res = await fetch(url('/api/v1/namespaces/bench/pods'), { method: 'POST', headers, body: JSON.stringify(pod(`p-${i}`, { app: 'web' })) });
      if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    });
    rows.push([`pod create/s (HTTP POST, ${CONCURRENCY} in flight, ${fmt(CREATE_N)} pods)`, fmt(creates)]);
    const gets = await rate(GET_N, async (i) => {
      const res = await fetch(url(`/api/v1/namespaces/bench/pods/p-${i % CREATE_N}`), { headers });
      if (res.status !== 200) throw new Error(`get: ${res.status}`);
      await res.arrayBuffer();
    });
    rows.push([`pod get/s (HTTP GET, ${CONCURRENCY} in flight)`, fmt(gets)]);

    for (let i = 0; i < LIST_PODS; i++) sandbox.store.create(podType, { ...pod(`p-${i}`, { app: i % 100 === 0 ? 'needle' : 'hay', tier: 'web' }), metadata: { name: `p-${i}`, namespace: 'bench-list', labels: { app: i % 100 === 0 ? 'needle' : 'hay', tier: 'web' } } });
    for (const [label, query, expected] of [
      ['list 10,000 pods, no selector', '', LIST_PODS],
      ['list 10,000 pods, labelSelector app=needle (100 match)', '?labelSelector=app%3Dneedle', LIST_PODS / 100],
    ] as const) {
      const times: number[] = [];
      let size = 0;
      for (let r = 0; r < 3; r++) {
        const t0 = performance.now();
        const res = await fetch(url(`/api/v1/namespaces/bench-list/pods${query}`), { headers });
        const body = (await res.json()) as { items: unknown[] };
        times.push(performance.now() - t0);
        if (body.items.length !== expected) throw new Error(`list returned ${body.items.length}, expected ${expected}`);
        size = Number(res.headers.get('content-length') ?? 0);
      }
      rows.push([`${label} — median of 3${size ? `, ${fmt(size / 2 ** 20, 1)} MiB` : ''}`, `${fmt(median(times), 1)} ms`]);
    }
    // The same list read to its last byte without parsing: the server's and the transfer's share.
    const lastByte: number[] = [];
    for (let r = 0; r < 3; r++) lastByte.push(await timeToLastByte(url('/api/v1/namespaces/bench-list/pods'), headers.authorization));
    rows.push(['list 10,000 pods, no selector, to the last byte without JSON.parse — median of 3', `${fmt(median(lastByte), 1)} ms`]);

    rows.push([`watch fan-out: ${WATCHERS} watchers × ${fmt(WATCH_EVENTS)} ConfigMap events, until all received`, await watchFanOut(sandbox.url, headers.authorization, sandbox)]);
  } finally {
    await sandbox.stop();
  }
}

/** Milliseconds from sending a GET to the last byte of its body (read, not parsed). */
function timeToLastByte(target: string, authorization: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http
      .get(target, { headers: { authorization } }, (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(performance.now() - t0));
      })
      .on('error', reject);
  });
}

async function watchFanOut(base: string, authorization: string, sandbox: Awaited<ReturnType<typeof startSandbox>>): Promise<string> {
  const cmType = sandbox.registry.byKind('v1', 'ConfigMap')!;
  const rv = sandbox.store.currentResourceVersion();
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  let done = 0;
  let startedAt = 0;
  let allDone!: () => void;
  const finished = new Promise<void>((r) => (allDone = r));
  const requests: http.ClientRequest[] = [];
  await Promise.all(
    Array.from({ length: WATCHERS }, () => new Promise<void>((ready, fail) => {
      let seen = 0;
      const req = http.get(`${base}/api/v1/namespaces/bench-watch/configmaps?watch=true&resourceVersion=${rv}`, { agent, headers: { authorization } }, (res) => {
        if (res.statusCode !== 200) return fail(new Error(`watch: ${res.statusCode}`));
        ready();
        res.on('data', (chunk: Buffer) => {
          for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) seen++;
          if (seen === WATCH_EVENTS && ++done === WATCHERS) allDone();
        });
      });
      req.on('error', () => {});
      requests.push(req);
    })),
  );
  startedAt = performance.now();
  for (let i = 0; i < WATCH_EVENTS; i++) {
    sandbox.store.create(cmType, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'bench-watch' }, data: { key: `value-${i}` } });
    if (i % 250 === 249) await new Promise((r) => setImmediate(r));
  }
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000).unref());
  const outcome = await Promise.race([finished.then(() => 'ok' as const), timeout]);
  const ms = performance.now() - startedAt;
  for (const req of requests) req.destroy();
  agent.destroy();
  if (outcome === 'timeout') return `timed out after 60 s (${done}/${WATCHERS} watchers complete)`;
  return `${fmt(ms)} ms (${fmt((WATCHERS * WATCH_EVENTS) / (ms / 1000))} events delivered/s)`;
}

function clusterFigures(): void {
  const script = fileURLToPath(new URL('./cluster.bench.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], { encoding: 'utf8', timeout: 110_000, env: process.env });
  const line = child.stdout?.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    rows.push(['cluster: 1,000 nodes, 30,000 pods', `did not finish within 110 s (${child.signal ?? child.status}) ${child.stderr?.slice(-200) ?? ''}`]);
    return;
  }
  const f = JSON.parse(line) as Record<string, number>;
  rows.push([`RSS: ${fmt(f.nodes!)} nodes, ${fmt(f.created!)} of ${fmt(f.pods!)} pods created in 60 s (${fmt(f.running!)} Running, ${fmt(f.events!)} events), after GC`, `${fmt(f.rssMb!)} MiB (heap ${fmt(f.heapUsedMb!)} MiB; empty process ${fmt(f.baselineRssMb!)} MiB)`]);
  rows.push([`cluster: register ${fmt(f.nodes!)} nodes / create ${fmt(f.created!)} pods in the store / all Running`, `${fmt(f.nodesMs!)} ms / ${fmt(f.createMs!)} ms / ${fmt(f.settleMs!)} ms`]);
}

const t0 = performance.now();
await apiFigures();
if (!process.env.BENCH_SKIP_CLUSTER) clusterFigures();
const width = Math.max(...rows.map(([k]) => k.length));
console.log(`\n@berth/sandbox benchmarks — Node ${process.version}, ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'}), loopback`);
console.log(`${'figure'.padEnd(width)} | value`);
console.log(`${'-'.repeat(width)}-|-${'-'.repeat(24)}`);
for (const [k, v] of rows) console.log(`${k.padEnd(width)} | ${v}`);
console.log(`\ncommand: npm run bench -w @berth/sandbox   (node --import tsx bench/api.bench.ts; cluster part: node --expose-gc --import tsx bench/cluster.bench.ts)`);
console.log(`total ${fmt((performance.now() - t0) / 1000, 1)} s`);
process.exit(0);
