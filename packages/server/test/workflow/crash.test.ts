import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.js';
import { workflowMigration } from '../../src/workflow/migration.js';
import { RunStore } from '../../src/workflow/run-store.js';
import { createRuns, DIAMOND, readExecutions, startWorker, stopWorker } from './processes.js';
import { until } from './support.js';

/**
 * The engine survives SIGKILL: a runner process is killed twice in the middle of runs and
 * restarted; every run finishes, no finished step runs again, none is skipped, and dependents
 * start only after their dependencies finished.
 */
describe('workflow crash safety (SQLite, SIGKILL)', () => {
  let dir: string;
  let store: Store;
  let runs: RunStore;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'berth-crash-'));
    store = await openStore({ dataDir: dir }, { migrations: [workflowMigration] });
    runs = new RunStore({ db: store.db, dialect: store.dialect });
  });
  afterAll(async () => {
    if (child) await stopWorker(child, 'SIGKILL');
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN runs in flight WHEN the server is killed and restarted THEN every step runs to success exactly once after its last interruption', async () => {
    const log = path.join(dir, 'executions.jsonl');
    const env = { WORKER_DATA_DIR: dir, WORKER_LOG: log, WORKER_STEP_MS: '150', WORKER_LEASE_MS: '800', WORKER_CONCURRENCY: '4' };
    const ids = await createRuns(runs, 10);

    for (const pause of [700, 900]) {
      child = await startWorker(env);
      await new Promise((resolve) => setTimeout(resolve, pause));
      await stopWorker(child, 'SIGKILL');
    }
    child = await startWorker(env);
    await until(async () => {
      const open = await runs.db.selectFrom('workflow_runs').select('id').where('outcome', 'is', null).execute();
      return open.length === 0;
    }, 60_000);
    await stopWorker(child, 'SIGTERM');

    const executions = readExecutions(log);
    let interrupted = 0;
    for (const id of ids) {
      const run = (await runs.get(id))!;
      expect(run.snapshot.state).toBe('succeeded');
      const events = await runs.eventsAfter(id, 0, 10_000);
      for (const step of run.snapshot.steps) {
        expect(step.state).toBe('succeeded');
        interrupted += step.interruptions;
        const starts = executions.filter((e) => e.kind === 'start' && e.run === id && e.step === step.name);
        const attempts = starts.map((e) => e.attempt);
        // Each attempt executed at most once; the last one executed is the one that succeeded.
        expect(new Set(attempts).size).toBe(attempts.length);
        expect(Math.max(...attempts)).toBe(step.attempt);
        const succeeded = events.filter((e) => e.event.type === 'step-succeeded' && e.event.step === step.name);
        expect(succeeded).toHaveLength(1);
        // A dependent starts only after every dependency's successful attempt finished.
        const firstStart = executions.indexOf(starts[0]!);
        for (const dep of step.dependsOn) {
          const depAttempt = run.snapshot.steps.find((s) => s.name === dep)!.attempt;
          const depDone = executions.findIndex((e) => e.kind === 'done' && e.run === id && e.step === dep && e.attempt === depAttempt);
          expect(depDone).toBeGreaterThanOrEqual(0);
          expect(depDone).toBeLessThan(firstStart);
        }
      }
      expect(run.snapshot.steps).toHaveLength(DIAMOND.length);
    }
    // The kills did land in the middle of steps.
    expect(interrupted).toBeGreaterThan(0);
  });
});
