/**
 * Workflow engine throughput: steps per second through the durable runner (claim with lease →
 * `step-started` stored → no-op executor → report stored → next steps ready), on SQLite and on
 * PostgreSQL. Run with `npm run bench -w packages/server` (BENCH_RUNS, BENCH_CONCURRENCY tune it).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Application, planWorkflow } from '@berth/core';
import pg from 'pg';
import pino from 'pino';
import { openStore, type StoreLocation } from '../src/store/open-store.js';
import { ExecutorRegistry } from '../src/workflow/executor-registry.js';
import { workflowMigration } from '../src/workflow/migration.js';
import { RunStore } from '../src/workflow/run-store.js';
import { WorkflowRunner } from '../src/workflow/runner.js';
import { StepQueue } from '../src/workflow/step-queue.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PG_URL = process.env.BERTH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const spec = {
  apiVersion: 'berth.dev/v1alpha1',
  kind: 'Application',
  metadata: { name: 'bench' },
  spec: {
    components: [{ name: 'web', type: 'webservice', image: 'nginx:1' }],
    workflow: {
      mode: 'dag',
      steps: [
        { name: 'a', type: 'deploy', components: ['web'] },
        { name: 'b', type: 'deploy', components: ['web'], dependsOn: ['a'] },
        { name: 'c', type: 'deploy', components: ['web'], dependsOn: ['a'] },
        { name: 'd', type: 'deploy', components: ['web'], dependsOn: ['b', 'c'] },
        { name: 'e', type: 'deploy', components: ['web'], dependsOn: ['d'] },
      ],
    },
  },
} as unknown as Application;
const plan = planWorkflow(spec, 'dev');

async function measure(location: StoreLocation): Promise<{ steps: number; seconds: number }> {
  const store = await openStore(location, { migrations: [workflowMigration] });
  try {
    const runs = new RunStore({ db: store.db, dialect: store.dialect });
    const noop = { type: 'deploy', execute: async () => ({ status: 'succeeded' as const }) };
    const runner = new WorkflowRunner({
      runs,
      queue: new StepQueue(runs),
      executors: new ExecutorRegistry([noop]),
      logger: pino({ level: 'silent' }),
      concurrency: CONCURRENCY,
      pollIntervalMs: 20,
    });
    for (let i = 0; i < RUNS; i++)
      await runs.create({ workspace: 'bench', revision: 1, cluster: 'c', namespace: 'n', spec, plan }, Date.now());
    const started = performance.now();
    runner.start();
    for (;;) {
      const open = await runs.db.selectFrom('workflow_runs').select('id').where('outcome', 'is', null).limit(1).execute();
      if (open.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const seconds = (performance.now() - started) / 1000;
    await runner.stop();
    return { steps: RUNS * plan.steps.length, seconds };
  } finally {
    await store.close();
  }
}

async function onPostgres<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `berth_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'berth-bench-'));
const results: Array<[string, { steps: number; seconds: number }]> = [];
try {
  results.push(['SQLite (file, WAL)', await measure({ dataDir: dir })]);
  results.push(['PostgreSQL', await onPostgres((databaseUrl) => measure({ databaseUrl, dataDir: dir }))]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nworkflow engine: ${RUNS} runs × ${plan.steps.length} steps (DAG), no-op executors, concurrency ${CONCURRENCY}`);
for (const [name, r] of results)
  console.log(`  ${name.padEnd(20)} ${String(r.steps).padStart(5)} steps in ${r.seconds.toFixed(2)} s = ${(r.steps / r.seconds).toFixed(0)} steps/s`);
console.log('\ncommand: npm run bench -w packages/server   (node --import tsx bench/workflow.bench.ts)\n');
