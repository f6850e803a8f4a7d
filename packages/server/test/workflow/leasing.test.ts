import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.js';
import { workflowMigration } from '../../src/workflow/migration.js';
import { RunStore } from '../../src/workflow/run-store.js';
import { eachDatabase } from '../support/databases.js';
import { createRuns, readExecutions, startWorker, stopWorker } from './processes.js';
import { until } from './support.js';

const postgres = eachDatabase().find((d) => d.dialect === 'postgres')!;

/** Two server processes on one PostgreSQL database share the steps and never run one twice. */
describe('workflow step leasing (two processes, PostgreSQL)', () => {
  let dir: string;
  let url: string;
  let store: Store;
  let runs: RunStore;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    const location = await postgres.create();
    url = location.databaseUrl!;
    dir = mkdtempSync(path.join(tmpdir(), 'berth-lease-'));
    store = await openStore(location, { migrations: [workflowMigration] });
    runs = new RunStore({ db: store.db, dialect: store.dialect });
  });
  afterAll(async () => {
    for (const worker of workers) await stopWorker(worker, 'SIGKILL');
    await store.close();
    await postgres.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN 40 runs and two runner processes THEN every step attempt is executed by exactly one process', async () => {
    const log = path.join(dir, 'executions.jsonl');
    const ids = await createRuns(runs, 40);
    const env = { DATABASE_URL: url, WORKER_LOG: log, WORKER_STEP_MS: '20', WORKER_LEASE_MS: '10000', WORKER_CONCURRENCY: '8' };
    workers.push(...(await Promise.all([startWorker(env), startWorker(env)])));
    await until(async () => {
      const open = await runs.db.selectFrom('workflow_runs').select('id').where('outcome', 'is', null).execute();
      return open.length === 0;
    }, 60_000);
    for (const worker of workers) await stopWorker(worker, 'SIGTERM');

    const starts = readExecutions(log).filter((e) => e.kind === 'start');
    const perAttempt = new Map<string, number>();
    for (const e of starts) {
      const key = `${e.run}/${e.step}#${e.attempt}`;
      perAttempt.set(key, (perAttempt.get(key) ?? 0) + 1);
    }
    expect([...perAttempt.values()].filter((n) => n > 1)).toEqual([]);
    expect(starts).toHaveLength(ids.length * 4);
    for (const id of ids) expect((await runs.get(id))!.snapshot.state).toBe('succeeded');
    // Both processes did part of the work.
    expect(new Set(starts.map((e) => e.holder)).size).toBe(2);
  });
});
