/**
 * A workflow runner in its own process, for the crash and leasing tests:
 * `node --import tsx worker-process.ts` with
 * - `WORKER_DATA_DIR` (SQLite) or `DATABASE_URL` (PostgreSQL),
 * - `WORKER_LOG`: a file every execution is appended to (fsync'd) as JSON lines,
 * - `WORKER_STEP_MS`: how long a fake step takes (real time, randomised ±50 %),
 * - `WORKER_LEASE_MS`, `WORKER_CONCURRENCY`.
 * Prints `ready` once running; SIGTERM stops gracefully (leases released).
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import pino from 'pino';
import { openStore } from '../../src/store/open-store.js';
import type { StepExecution, StepReport } from '../../src/workflow/executor.js';
import { ExecutorRegistry } from '../../src/workflow/executor-registry.js';
import { workflowMigration } from '../../src/workflow/migration.js';
import { RunStore } from '../../src/workflow/run-store.js';
import { WorkflowRunner } from '../../src/workflow/runner.js';
import { StepQueue } from '../../src/workflow/step-queue.js';

const env = process.env;
const log = env.WORKER_LOG!;
const stepMs = Number(env.WORKER_STEP_MS ?? 100);

function record(entry: Record<string, unknown>): void {
  const fd = openSync(log, 'a');
  try {
    writeSync(fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const store = await openStore(
  env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, dataDir: env.WORKER_DATA_DIR ?? '/tmp' } : { dataDir: env.WORKER_DATA_DIR! },
  { migrations: [workflowMigration] },
);
const runs = new RunStore({ db: store.db, dialect: store.dialect });
const holder = `worker-${process.pid}`;
const fake = (type: string) => ({
  type,
  async execute(context: StepExecution): Promise<StepReport> {
    record({ kind: 'start', run: context.runId, step: context.step, attempt: context.attempt, holder });
    const ms = stepMs * (0.5 + Math.random());
    await new Promise((resolve) => setTimeout(resolve, ms));
    record({ kind: 'done', run: context.runId, step: context.step, attempt: context.attempt, holder });
    return { status: 'succeeded' };
  },
});
const runner = new WorkflowRunner({
  runs,
  queue: new StepQueue(runs),
  executors: new ExecutorRegistry([fake('deploy'), fake('job')]),
  logger: pino({ level: env.WORKER_LOG_LEVEL ?? 'silent' }),
  holder,
  leaseMs: Number(env.WORKER_LEASE_MS ?? 1_000),
  pollIntervalMs: 50,
  concurrency: Number(env.WORKER_CONCURRENCY ?? 4),
});
runner.start();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void runner.stop().then(async () => {
    await store.close();
    process.exit(0);
  });
});
