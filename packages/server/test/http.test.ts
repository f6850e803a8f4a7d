import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capability } from '../src/app.js';
import { buildApp } from '../src/app.js';
import { loggerOptions } from '../src/observe/logger.js';
import { eachDatabase } from './support/databases.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const failing: Capability = {
  name: 'failing',
  register(app) {
    app.get('/boom', { config: { authorize: { public: true } } }, async () => {
      throw new Error('connection string postgres://user:hunter2@db failed');
    });
  },
};

describe('HTTP plumbing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(eachDatabase()[0]!, {
      capabilities: [failing],
      env: { BERTH_MAX_BODY_BYTES: '2048' },
    });
  });
  afterAll(async () => t.close());

  it('GIVEN a running server THEN /healthz and /readyz answer 200 and /metrics (for an admin) has default and request metrics', async () => {
    expect((await t.request(undefined, { method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.request(undefined, { method: 'GET', url: '/readyz' })).json()).toEqual({
      status: 'ready',
    });
    const metrics = await t.request(t.adminToken, { method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toContain('berth_process_cpu_user_seconds_total');
    expect(metrics.body).toMatch(
      /berth_http_request_duration_seconds_count\{method="GET",route="\/readyz",status="200"\} 1/,
    );
  });

  it('GIVEN the store is down THEN /readyz answers 503', async () => {
    const original = t.deps.store.ping;
    t.deps.store.ping = async () => false;
    try {
      expect((await t.request(undefined, { method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    } finally {
      t.deps.store.ping = original;
    }
  });

  it('GIVEN an x-request-id THEN the response echoes it; without one a new id is made', async () => {
    const given = await t.request(undefined, {
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await t.request(undefined, { method: 'GET', url: '/healthz' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GIVEN a body over BERTH_MAX_BODY_BYTES THEN 413 problem', async () => {
    const r = await t.request(t.adminToken, {
      method: 'POST',
      url: '/api/v1/workspaces',
      body: { name: 'big', description: 'x'.repeat(5000) },
    });
    expect(r.statusCode).toBe(413);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json()).toMatchObject({ status: 413, title: 'Payload too large' });
  });

  it('GIVEN a handler that crashes THEN 500 problem that hides the internals', async () => {
    const r = await t.request(undefined, { method: 'GET', url: '/api/v1/boom' });
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toContain('hunter2');
    expect(r.json()).toMatchObject({ status: 500, title: 'Internal server error' });
  });

  it('GIVEN an unknown route or malformed JSON THEN problem+json', async () => {
    expect((await t.request(undefined, { method: 'GET', url: '/api/v1/nope' })).json()).toMatchObject({
      status: 404,
    });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: '{"username":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('GIVEN the OpenAPI document THEN it lists the API routes with their schemas, and the docs page is served', async () => {
    const doc = (await t.request(undefined, { method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/workspaces',
        '/api/v1/workspaces/{workspace}',
        '/api/v1/auth/login',
        '/api/v1/audit',
      ]),
    );
    expect(
      doc.paths['/api/v1/workspaces'].post.requestBody.content['application/json'].schema.properties.name,
    ).toBeDefined();
    expect((await t.request(undefined, { method: 'GET', url: '/api/docs/' })).statusCode).toBe(200);
  });

  it('GIVEN a route without an authorize declaration THEN the app refuses to start', async () => {
    const careless: Capability = {
      name: 'careless',
      register(app) {
        app.get('/open-by-accident', async () => 'oops');
      },
    };
    await expect(buildApp(t.deps, [careless])).rejects.toThrow(
      /route GET \/api\/v1\/open-by-accident declares no authorization/,
    );
  });

  it('GIVEN credentials in a logged object THEN pino writes them redacted', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = pino(loggerOptions('info'), sink);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer berth_pat_x', cookie: 'berth_session=y' } },
        body: { password: 'p4ss', kubeconfig: 'k' },
      },
      'hello',
    );
    expect(lines.join('')).not.toMatch(/berth_pat_x|berth_session=y|p4ss|"k"/);
    expect(lines.join('')).toContain('[redacted]');
  });
});
