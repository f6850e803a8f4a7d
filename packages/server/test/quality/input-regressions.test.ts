/**
 * Inputs the route-wide fuzz found to answer 5xx (or problems without field paths), on SQLite
 * and PostgreSQL. Run: npx vitest run packages/server/test/quality/input-regressions.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/http/pagination.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { wiredCapabilities } from './platform.js';

describe.each(eachDatabase())('input regressions on $dialect', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(database, { capabilities: wiredCapabilities, env: { BERTH_SANDBOX: 'off' } });
    await t.request(t.adminToken, { method: 'POST', url: '/api/v1/workspaces', body: { name: 'fz' } });
  }, 60_000);
  afterAll(async () => t?.close());

  const get = (url: string) => t.request(t.adminToken, { method: 'GET', url });
  const firstPath = (r: { json(): unknown }) => (r.json() as { errors: Array<{ path: string }> }).errors[0]!.path;

  it('GIVEN %00 in a list filter (GET /api/v1/apps?label=%00, was 500 on PostgreSQL) THEN 400 at query.label', async () => {
    const r = await get('/api/v1/apps?label=%00');
    expect(r.statusCode).toBe(400);
    expect(firstPath(r)).toBe('query.label');
    expect((await get('/api/v1/apps?environment=a%00b')).statusCode).toBe(400);
    expect((await get('/api/v1/audit?actor=%00')).statusCode).toBe(400);
  });

  it('GIVEN %00 in a path parameter (DELETE /api/v1/tokens/%00, GET …/git/repositories/%00) THEN 400 at params.*', async () => {
    const r = await t.request(t.adminToken, { method: 'DELETE', url: '/api/v1/tokens/%00' });
    expect(r.statusCode).toBe(400);
    expect(firstPath(r)).toBe('params.id');
    const repo = await get('/api/v1/workspaces/fz/git/repositories/config%00');
    expect(repo.statusCode).toBe(400);
    expect(firstPath(repo)).toBe('params.repo');
  });

  it('GIVEN NUL in a body string (login, token name, workspace) THEN 400 with the field path', async () => {
    const login = await t.request(undefined, { method: 'POST', url: '/api/v1/auth/login', body: { username: 'ad\u0000min', password: 'x' } });
    expect(login.statusCode).toBe(400);
    expect(firstPath(login)).toBe('username');
    const token = await t.request(t.adminToken, { method: 'POST', url: '/api/v1/tokens', body: { name: 'ci\u0000' } });
    expect(token.statusCode).toBe(400);
    expect(firstPath(token)).toBe('name');
  });

  it('GIVEN a continue token that decodes to NUL text THEN 400 at query.continue', async () => {
    const r = await get(`/api/v1/workspaces?continue=${encodeCursor('\u0000', 'x')}`);
    expect(r.statusCode).toBe(400);
    expect(firstPath(r)).toBe('query.continue');
  });

  it('GIVEN invalid or empty JSON with content-type application/json THEN 400 with errors[].path = body', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', payload: '{"name": ', headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' } });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(firstPath(r)).toBe('body');
  });

  it('GIVEN a GitHub webhook whose body is the JSON `null` THEN 401, not 500 (open: src/git/github/webhook-route.ts reads null.repository)', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/git/github/webhooks', payload: 'null', headers: { 'content-type': 'application/json' } });
    expect(r.statusCode).toBe(401);
  });
});
