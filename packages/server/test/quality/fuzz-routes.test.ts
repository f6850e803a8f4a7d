/**
 * Every route of the API (from the live OpenAPI document, plus the hidden ones) under generated
 * input: bodies (arbitrary JSON, wrong types, huge strings, deep nesting, YAML garbage), query
 * strings and path parameters (unicode, `..`, `%00`, very long), as the platform admin, over
 * real HTTP. Never a 5xx; every error is problem+json, 400/422 list `errors[].path`; no body
 * carries a stack trace.
 *
 * Run: npx vitest run packages/server/test/quality/fuzz-routes.test.ts  (FUZZ_RUNS=30 per route)
 */
import { startSandbox, type Sandbox } from '@berth/sandbox';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wiredCapabilities as capabilities } from './platform.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createWorkspaceFixture, type WorkspaceFixture } from './fixtures.js';
import { type Exchange, loopbackClient, type RawRequest } from './http-client.js';
import { fuzzBody, pathSegment, queryString } from './inputs.js';
import { fillPath, HIDDEN_ROUTES, leaksInternals, readRouteCatalog, type RouteOperation } from './route-catalog.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
/** Set FUZZ_POSTGRES=0 to fuzz on SQLite only. */
const DATABASES = eachDatabase().filter((d) => d.dialect === 'sqlite' || process.env.FUZZ_POSTGRES !== '0');

/**
 * Answers Fastify gives before routing, in its own JSON shape (not problem+json): a malformed
 * URL (`%ZZ`, `%C0%AF`, `a%00b` in the path → 400 FST_ERR_BAD_URL), a path parameter over 100
 * characters (414 FST_ERR_MAX_PARAM_LENGTH) and Node's 431 for request
 * heads over 16 KB. Open bug (src/app.ts: `frameworkErrors` / `clientErrorHandler`), pinned by
 * the `it.fails` below; the route-wide property still requires them to be 4xx.
 */
function isFrameworkAnswer(r: Exchange): boolean {
  return r.status === 431 || /FST_ERR_BAD_URL|FST_ERR_MAX_PARAM_LENGTH/.test(r.body);
}

/** Why a response breaks the contract, or undefined. Git smart HTTP answers git clients in text. */
export function contractViolation(r: Exchange, url = ''): string | undefined {
  if (r.status >= 500) return `status ${r.status}`;
  if (leaksInternals(r.body)) return 'body leaks a stack trace or a server path';
  if (r.status < 400 || isFrameworkAnswer(r) || url.startsWith('/git/')) return undefined;
  if (!r.contentType.startsWith('application/problem+json')) return `content-type ${r.contentType} on ${r.status}`;
  let body: { status?: number; errors?: Array<{ path?: unknown }> };
  try {
    body = JSON.parse(r.body);
  } catch {
    return 'problem body is not JSON';
  }
  if (body.status !== r.status) return `problem status ${body.status} ≠ ${r.status}`;
  if (r.status === 400 || r.status === 422) {
    if (!Array.isArray(body.errors) || body.errors.length === 0) return `${r.status} without errors[]`;
    if (body.errors.some((e) => typeof e.path !== 'string')) return `${r.status} with an error without a path`;
  }
  return undefined;
}

/** Deletes, logout and password changes last, so the fixtures live while the rest is fuzzed. */
function destructiveLast(a: RouteOperation, b: RouteOperation): number {
  const rank = (r: RouteOperation) =>
    r.method === 'DELETE' ? 2 : r.path.endsWith('/auth/logout') || r.path.endsWith('/me/password') ? 1 : 0;
  return rank(a) - rank(b);
}

describe.each(DATABASES)('every route under generated input on $dialect', (database) => {
  let t: TestApp;
  let sandbox: Sandbox;
  let send: (r: RawRequest) => Promise<Exchange>;
  let values: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox({ nodes: 2, tuning: { readyAfterMs: 100, onError: () => undefined } });
    t = await startTestApp(database, { capabilities, env: { BERTH_SANDBOX: 'off' } });
    const cluster = await t.request(t.adminToken, {
      method: 'POST',
      url: '/api/v1/clusters',
      body: { name: 'sandbox', kubeconfig: sandbox.kubeconfig, simulated: true },
    });
    if (cluster.statusCode !== 201) throw new Error(`cluster: ${cluster.body}`);
    const fixture: WorkspaceFixture = await createWorkspaceFixture(t, { workspace: 'fz', app: 'shop', cluster: 'sandbox', repo: 'config' });
    await t.userToken('fuzzer');
    const throwaway = (await t.request(t.adminToken, { method: 'POST', url: '/api/v1/tokens', body: { name: 'throwaway' } })).json() as { id: string };
    values = {
      workspace: fixture.workspace,
      app: fixture.app,
      cluster: fixture.cluster,
      namespace: 'fz-dev',
      repo: fixture.repo,
      id: fixture.runId,
      revision: fixture.revision,
      from: '1',
      to: '1',
      step: fixture.step,
      number: fixture.changeRequest,
      name: 'lint',
      username: 'fuzzer',
      pod: 'web-0',
      owner: 'acme',
    };
    values.tokenId = throwaway.id;
    values.readTokenId = fixture.readTokenId;
    send = await loopbackClient(t.app);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it(`GIVEN generated bodies, queries and path params on every route (${RUNS} runs each) THEN never a 5xx, problems with field paths, no stack traces`, async () => {
    const catalog = [...(await readRouteCatalog(t.app)), ...HIDDEN_ROUTES].sort(destructiveLast);
    expect(catalog.length).toBeGreaterThan(60);
    const failures: string[] = [];
    for (const route of catalog) {
      const fixtureOf = (name: string) =>
        route.path.includes('/tokens/{id}') && !route.path.includes('read-tokens')
          ? values.tokenId!
          : route.path.includes('read-tokens/{id}')
            ? values.readTokenId!
            : values[name]!;
      const params = fc.record(Object.fromEntries(route.pathParams.map((p) => [p, pathSegment(fixtureOf(p))])));
      const withBody = route.hasBody ? fuzzBody.map((b) => b as typeof b | undefined) : fc.option(fuzzBody, { freq: 5, nil: undefined });
      const result = await fc.check(
        fc.asyncProperty(params, queryString(route.queryParams), withBody, async (p, qs, body) => {
          const url = fillPath(route.path, p as Record<string, string>) + (qs ? `?${qs}` : '');
          const r = await send({
            method: route.method,
            url,
            headers: {
              authorization: `Bearer ${t.adminToken}`,
              ...(body ? { 'content-type': body.contentType } : {}),
            },
            ...(body ? { body: body.text } : {}),
          });
          const violation = contractViolation(r, url);
          if (violation) throw new Error(`${violation}: ${route.method} ${url.slice(0, 300)} body=${body?.contentType} ${body?.text.slice(0, 200)} → ${r.status} ${r.body.slice(0, 300)}`);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
      if (result.failed) failures.push(`${route.method} ${route.path}: ${String((result.errorInstance as Error | undefined)?.message ?? result.errorInstance)}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('GIVEN a malformed percent-encoding in the path THEN problem+json (open: FST_ERR_BAD_URL answers in Fastify JSON)', async () => {
    const r = await send({ method: 'GET', url: '/api/v1/workspaces/%ZZ', headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(r.status).toBe(400);
    expect(r.contentType).toMatch(/^application\/problem\+json/);
  });

  it.fails('GIVEN a path parameter over 100 characters THEN problem+json (open: FST_ERR_MAX_PARAM_LENGTH answers in Fastify JSON)', async () => {
    const r = await send({ method: 'GET', url: `/api/v1/workspaces/${'x'.repeat(101)}`, headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(r.status).toBe(414);
    expect(r.contentType).toMatch(/^application\/problem\+json/);
  });

  it('GIVEN a request head over 16 KB THEN problem+json (open: Node 431 answers in Fastify JSON)', async () => {
    const r = await send({ method: 'GET', url: `/api/v1/workspaces?continue=${'x'.repeat(20_000)}`, headers: { authorization: `Bearer ${t.adminToken}` } });
    expect(r.status).toBe(431);
    expect(r.contentType).toMatch(/^application\/problem\+json/);
  });
});
