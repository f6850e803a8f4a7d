import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachDatabase } from './support/databases.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('workspace routes under random input', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await startTestApp(eachDatabase()[0]!);
    owner = await t.userToken('olga');
    await t.request(t.adminToken, { method: 'POST', url: '/api/v1/workspaces', body: { name: 'fuzz' } });
    await t.request(t.adminToken, {
      method: 'PUT',
      url: '/api/v1/workspaces/fuzz/members/olga',
      body: { role: 'owner' },
    });
  });
  afterAll(async () => t.close());

  const routes = [
    { method: 'POST', url: '/api/v1/workspaces' },
    { method: 'PATCH', url: '/api/v1/workspaces/fuzz' },
    { method: 'PUT', url: '/api/v1/workspaces/fuzz/members/olga' },
    { method: 'POST', url: '/api/v1/tokens' },
    { method: 'POST', url: '/api/v1/auth/login' },
    { method: 'POST', url: '/api/v1/users' },
  ];
  const segment = fc.oneof(fc.constant('fuzz'), fc.string({ maxLength: 80 }).map(encodeURIComponent));
  const query = fc
    .dictionary(fc.constantFrom('limit', 'continue', 'x'), fc.string({ maxLength: 40 }))
    .map((q) => new URLSearchParams(q).toString());

  it('GIVEN random JSON bodies, path segments and query strings THEN never a 5xx, and every 4xx is problem+json', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.json({ maxDepth: 3 }),
        fc.constantFrom(undefined, 'admin', 'owner'),
        segment,
        query,
        async (route, body, who, name, qs) => {
          const token = who === 'admin' ? t.adminToken : who === 'owner' ? owner : undefined;
          for (const url of [route.url, `${route.url.replace('fuzz', name)}?${qs}`]) {
            const r = await t.app.inject({
              method: route.method as 'POST',
              url,
              payload: body,
              headers: {
                'content-type': 'application/json',
                ...(token ? { authorization: `Bearer ${token}` } : {}),
              },
            });
            expect(r.statusCode, `${route.method} ${url} ${body} → ${r.body}`).toBeLessThan(500);
            if (r.statusCode >= 400) expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('GIVEN random list queries THEN 200 or 400 with field paths', async () => {
    await fc.assert(
      fc.asyncProperty(query, async (qs) => {
        const r = await t.request(t.adminToken, { method: 'GET', url: `/api/v1/workspaces?${qs}` });
        expect([200, 400]).toContain(r.statusCode);
        if (r.statusCode === 400) expect(r.json().errors[0].path).toMatch(/^query\./);
      }),
      { numRuns: 100 },
    );
  });
});
