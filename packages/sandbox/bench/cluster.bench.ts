/**
 * Cluster-scale memory: the store and the simulated controllers (real clock) with 1,000 nodes and
 * 30,000 pods created through the store with `nodeName` set, run until every pod is Running.
 * Prints one JSON line of figures; `api.bench.ts` runs it in a child process for a clean RSS.
 *
 *   node --expose-gc --import tsx bench/cluster.bench.ts
 */
import { startControllers } from '../src/controllers/index.js';
import { createResourceRegistry } from '../src/resources/registry.js';
import { createObjectStore } from '../src/store/memory-store.js';
import type { KubeObject } from '../src/store/types.js';

const NODES = Number(process.env.BENCH_NODES ?? 1000);
const PODS = Number(process.env.BENCH_PODS ?? 30_000);
/** Bounds, so the whole benchmark stays under 3 minutes: stop creating after 60 s, wait 15 s more. */
const CREATE_BUDGET_MS = 60_000;
const SETTLE_TIMEOUT_MS = 15_000;

const mb = (n: number): number => Math.round(n / 2 ** 20);
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const pause = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  gc();
  const baseline = process.memoryUsage();
  const registry = createResourceRegistry();
  const store = createObjectStore(registry);
  const nsType = registry.byKind('v1', 'Namespace')!;
  const podType = registry.byKind('v1', 'Pod')!;
  for (const name of ['default', 'kube-system', 'bench']) store.create(nsType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const t0 = performance.now();
  const cluster = startControllers(store, registry, { fleet: NODES, onError: () => {} });
  const nodesMs = performance.now() - t0;
  const t1 = performance.now();
  let created = 0;
  for (let i = 0; i < PODS && performance.now() - t1 < CREATE_BUDGET_MS; i++) {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, namespace: 'bench', labels: { app: `app-${i % 100}` } },
      spec: { nodeName: `node-${(i % NODES) + 1}`, containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
    };
    store.create(podType, pod);
    created++;
    if (i % 1000 === 999) {
      if (process.env.BENCH_VERBOSE) console.error(`created ${i + 1} in ${Math.round(performance.now() - t1)}ms`);
      await pause();
    }
  }
  const createMs = performance.now() - t1;
  let running = 0;
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    running = store.list(podType, { namespace: 'bench', fieldSelector: 'status.phase=Running' }).items.length;
    if (running >= created) break;
    if (process.env.BENCH_VERBOSE) console.error(`running ${running} at ${Math.round(performance.now() - t1)}ms`);
    await pause(500);
  }
  const settleMs = performance.now() - t1;
  gc();
  const m = process.memoryUsage();
  const events = store.list(registry.byKind('v1', 'Event')!).items.length;
  cluster.stop();
  console.log(
    JSON.stringify({ nodes: NODES, pods: PODS, created, running, events, nodesMs: Math.round(nodesMs), createMs: Math.round(createMs), settleMs: Math.round(settleMs), rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), baselineRssMb: mb(baseline.rss) }),
  );
  process.exit(0);
}

await main();
