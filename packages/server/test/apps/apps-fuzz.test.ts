import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appsCapability } from '../../src/apps/capability.js';
import { clustersCapability } from '../../src/clusters/capability.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { shopYaml } from './fixtures.js';

const sqlite = eachDatabase().find((d) => d.dialect === 'sqlite')!;

describe('application routes with random input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(sqlite, { capabilities: [clustersCapability, appsCapability], env: { BERTH_SANDBOX: 'off' } });
    await t.request(t.adminToken, { method: 'POST', url: '/api/v1/workspaces', body: { name: 'team-a' } });
    const r = await t.request(t.adminToken, { method: 'POST', url: '/api/v1/workspaces/team-a/apps', body: shopYaml(), headers: { 'content-type': 'application/yaml' } });
    expect(r.statusCode).toBe(201);
  });
  afterAll(async () => t?.close());

  const jsonish = fc.oneof(
    fc.jsonValue(),
    fc.record({ spec: fc.oneof(fc.string(), fc.jsonValue()), message: fc.jsonValue(), resourceVersion: fc.jsonValue() }, { requiredKeys: [] }),
    fc.record({ apiVersion: fc.constantFrom('berth.dev/v1alpha1', 'x'), kind: fc.constantFrom('Application', 'Pod'), metadata: fc.jsonValue(), spec: fc.jsonValue() }),
  );
  const yamlish = fc.oneof(
    fc.string(),
    fc.constantFrom('{', '- [', '&a [*a]', '---\n---\n', 'a: 1\na: 2', shopYaml().slice(0, 80)),
    fc.constant(shopYaml()).map((s) => s.replace('replicas: 2', 'replicas: -1')),
  );

  it('GIVEN random bodies on create and update THEN the answer is 4xx (or success), never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          jsonish.map((body) => ({ body: JSON.stringify(body), type: 'application/json' })),
          yamlish.map((body) => ({ body, type: 'application/yaml' })),
          yamlish.map((body) => ({ body, type: 'text/plain' })),
        ),
        fc.constantFrom('POST /api/v1/workspaces/team-a/apps', 'PUT /api/v1/workspaces/team-a/apps/shop'),
        fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
        async (input, route, ifMatch) => {
          const [method, url] = route.split(' ') as [string, string];
          const r = await t.app.inject({
            method: method as 'POST',
            url,
            payload: input.body,
            headers: {
              authorization: `Bearer ${t.adminToken}`,
              'content-type': input.type,
              ...(ifMatch !== undefined ? { 'if-match': ifMatch } : {}),
            },
          });
          expect(r.statusCode, r.body).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('GIVEN random query strings and path segments THEN never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/v1/apps', '/api/v1/workspaces/team-a/apps', '/api/v1/workspaces/team-a/apps/shop/revisions', '/api/v1/workspaces/team-a/apps/shop/render', '/api/v1/workspaces/team-a/apps/shop/revisions/1/diff/'),
        fc.dictionary(fc.constantFrom('limit', 'continue', 'environment', 'cluster', 'label', 'env'), fc.string({ maxLength: 30 })),
        fc.string({ maxLength: 12 }),
        async (path, query, segment) => {
          const url = `${path}${path.endsWith('/') ? encodeURIComponent(segment) : ''}?${new URLSearchParams(query).toString()}`;
          const r = await t.request(t.adminToken, { method: 'GET', url });
          expect(r.statusCode, `${url} ${r.body}`).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
  });
});
