/**
 * `/metrics` is for platform admins and for a Prometheus scraper holding `BERTH_METRICS_TOKEN`;
 * the probes stay public; the scrape token never reaches a log line.
 *
 * Run: npx vitest run packages/server/test/metrics.test.ts
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../src/observe/logger.js';
import { eachDatabase } from './support/databases.js';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

const SCRAPE_TOKEN = randomBytes(32).toString('hex');

describe('/metrics authorization', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    t = await startTestApp(eachDatabase()[0]!, {
      env: { BERTH_METRICS_TOKEN: SCRAPE_TOKEN },
      logger: pino(loggerOptions('trace'), sink),
    });
  });
  afterAll(async () => t.close());

  const scrape = (headers: Record<string, string> = {}) =>
    t.request(undefined, { method: 'GET', url: '/metrics', headers });

  it('GIVEN no credentials, a wrong or empty bearer, or the token in another scheme THEN 401 problem+json', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${randomBytes(32).toString('hex')}` },
      { authorization: `Bearer ${SCRAPE_TOKEN.slice(0, -1)}` },
      { authorization: 'Bearer ' },
      { authorization: `Basic ${SCRAPE_TOKEN}` },
    ];
    for (const [i, headers] of attempts.entries()) {
      const r = await scrape(headers);
      expect(r.statusCode, `attempt ${i}`).toBe(401);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.body).not.toContain('berth_process_cpu');
    }
  });

  it('GIVEN the scrape token as a bearer THEN 200 with the Prometheus text', async () => {
    const r = await scrape({ authorization: `Bearer ${SCRAPE_TOKEN}` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(r.body).toContain('berth_process_cpu_user_seconds_total');
  });

  it('GIVEN a platform admin (access token or session) THEN 200; a signed-in non-admin THEN 403', async () => {
    expect((await t.request(t.adminToken, { method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    const cookie = await t.login('admin', ADMIN_PASSWORD);
    expect((await scrape({ cookie })).statusCode).toBe(200);
    const plain = await t.request(await t.userToken('metrics-viewer'), { method: 'GET', url: '/metrics' });
    expect(plain.statusCode).toBe(403);
    expect(plain.json()).toMatchObject({ status: 403, detail: expect.stringMatching(/platform admin/) });
  });

  it('GIVEN the scrape token THEN it only opens /metrics, not the API', async () => {
    const r = await t.request(SCRAPE_TOKEN, { method: 'GET', url: '/api/v1/me' });
    expect(r.statusCode).toBe(401);
  });

  it('GIVEN /healthz and /readyz THEN they stay public', async () => {
    expect((await t.request(undefined, { method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t.request(undefined, { method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('GIVEN requests with the token and the configuration logged THEN no log line holds the token', async () => {
    await scrape({ authorization: `Bearer ${SCRAPE_TOKEN}` });
    await scrape({ authorization: `Bearer ${SCRAPE_TOKEN}x` });
    t.deps.logger.info({ config: t.deps.config }, 'configuration');
    t.deps.logger.info({ metricsToken: t.deps.config.metricsToken }, 'token at the top level');
    const log = lines.join('');
    expect(log).toContain('"url":"/metrics"'); // the requests were logged (at trace/info)
    expect(log).toContain('[redacted]');
    expect(log).not.toContain(SCRAPE_TOKEN);
  });
});

describe('/metrics without BERTH_METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(eachDatabase()[0]!);
  });
  afterAll(async () => t.close());

  it('GIVEN no scrape token configured THEN no bearer but an admin credential opens /metrics', async () => {
    for (const authorization of ['Bearer ', 'Bearer undefined', `Bearer ${'x'.repeat(64)}`]) {
      expect(
        (await t.request(undefined, { method: 'GET', url: '/metrics', headers: { authorization } }))
          .statusCode,
      ).toBe(401);
    }
    expect((await t.request(t.adminToken, { method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });
});
