/**
 * The whole control plane (every capability of `capabilities.ts`, with test timings) on a fresh
 * database, its runner started, and helpers that speak only HTTP: wait for a run, read status.
 */
import { expect } from 'vitest';
import { createCapabilities } from '../../src/capabilities.js';
import type { TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A run as the API shows it (the fields the tests read). */
export interface RunBody {
  id: string;
  state: string;
  revision: number;
  environment: string;
  message?: string;
  steps: Array<{ name: string; type: string; state: string; message?: string }>;
}

/** The control plane under test. */
export interface ControlPlane {
  t: TestApp;
  /** `app.inject` as the platform admin; JSON bodies parsed. */
  api(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  /** Polls a run until `done(run)` (default: finished); fails the test after `timeoutMs`. */
  waitRun(ws: string, app: string, id: string, done?: (run: RunBody) => boolean, timeoutMs?: number): Promise<RunBody>;
  /** Polls `GET …/status` until `health`. */
  waitStatus(ws: string, app: string, env: string, health: string, timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
}

const FINISHED = new Set(['succeeded', 'failed', 'refused', 'cancelled']);

/** Starts the control plane with every capability and fast delivery timings. */
export async function startControlPlane(database: TestDatabase): Promise<ControlPlane> {
  const t = await startTestApp(database, {
    env: { BERTH_SANDBOX: 'off' },
    capabilities: createCapabilities({
      delivery: { degradedGraceMs: 4_000, pollMs: 150 },
      runner: { pollIntervalMs: 100 },
      status: { debounceMs: 20 },
    }),
  });
  await t.deps.lifecycle.started({ url: 'http://127.0.0.1' });
  const api: ControlPlane['api'] = async (method, url, body, headers = {}) => {
    const response = await t.request(t.adminToken, {
      method,
      url,
      ...(body !== undefined ? { body } : {}),
      headers: typeof body === 'string' ? { 'content-type': 'application/yaml', ...headers } : headers,
    });
    let parsed: unknown;
    try {
      parsed = response.body ? JSON.parse(response.body) : undefined;
    } catch {
      parsed = response.body;
    }
    return { status: response.statusCode, body: parsed, headers: response.headers };
  };
  const poll = async <T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    let last: T = await read();
    while (!ok(last)) {
      if (Date.now() > deadline) expect.fail(`${what} did not happen in ${timeoutMs} ms; last: ${JSON.stringify(last, null, 1).slice(0, 3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
      last = await read();
    }
    return last;
  };
  return {
    t,
    api,
    waitRun: (ws, app, id, done = (run) => FINISHED.has(run.state), timeoutMs = 60_000) =>
      poll(async () => (await api('GET', `/api/v1/workspaces/${ws}/apps/${app}/runs/${id}`)).body as RunBody, done, timeoutMs, `run ${id}`),
    waitStatus: (ws, app, env, health, timeoutMs = 30_000) =>
      poll(async () => (await api('GET', `/api/v1/workspaces/${ws}/apps/${app}/status?env=${env}`)).body, (s) => s?.health === health, timeoutMs, `${app} ${health}`),
    async close() {
      await t.deps.lifecycle.shutdown();
      await t.close();
    },
  };
}
