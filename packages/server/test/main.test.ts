import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'berth-main-'));

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Starts `npm start`'s command, waits for the URL, calls `/readyz`, sends SIGTERM. */
function startAndStop(env: Record<string, string>): Promise<Run & { ready: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
      cwd: root,
      env: { ...process.env, BERTH_PORT: '0', BERTH_LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    let ready = 0;
    child.stdout.on('data', async (chunk) => {
      stdout += String(chunk);
      const match = /Berth is running at (http:\/\/\S+)/.exec(stdout);
      if (match && ready === 0) {
        ready = -1;
        ready = (await fetch(`${match[1]}/readyz`)).status;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ stdout, stderr, code, ready }));
  });
}

describe('npm start', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('GIVEN a fresh data dir THEN it starts on SQLite, prints the URL and a one-time admin password once, and exits 0 on SIGTERM', async () => {
    const first = await startAndStop({ BERTH_DATA_DIR: dataDir });
    expect(first.code).toBe(0);
    expect(first.ready).toBe(200);
    expect(first.stdout).toMatch(/one-time password[^\n]*\n\n\s+[A-Za-z0-9]{20}\n/);
    expect(
      first.stdout
        .split('\n')
        .filter((l) => l.includes('"level"'))
        .join('\n'),
    ).not.toMatch(/one-time/);
    const second = await startAndStop({ BERTH_DATA_DIR: dataDir });
    expect(second.code).toBe(0);
    expect(second.stdout).not.toMatch(/one-time password/);
  }, 120_000);

  it('GIVEN an invalid variable THEN it stops with a message naming it, no stack trace, exit 1', async () => {
    const run = await startAndStop({ BERTH_DATA_DIR: dataDir, BERTH_PORT: 'http' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('BERTH_PORT must be an integer port between 0 and 65535 (got "http")');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
