/**
 * A document with thousands of problems (here: one key repeated) gets a bounded 422 that says
 * how many problems there are and lists the first ones with their lines; nothing is saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appsCapability } from '../../src/apps/capability.js';
import { clustersCapability } from '../../src/clusters/capability.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('a document with very many problems', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(eachDatabase()[0]!, { capabilities: [clustersCapability, appsCapability], env: { BERTH_SANDBOX: 'off' } });
    await t.request(t.adminToken, { method: 'POST', url: '/api/v1/workspaces', body: { name: 'many' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 422 with the count and the first 200 problems at their lines', async () => {
    const body = `---\n...\n---\n${'k: v\n'.repeat(600)}`;
    const r = await t.request(t.adminToken, {
      method: 'POST',
      url: '/api/v1/workspaces/many/apps',
      headers: { 'content-type': 'application/yaml' },
      body,
    });
    expect(r.statusCode).toBe(422);
    const problem = r.json() as { detail: string; errors: Array<{ path: string; line?: number }> };
    const total = Number(/has (\d+) problems/.exec(problem.detail)?.[1]);
    expect(total).toBeGreaterThan(200);
    expect(problem.detail).toContain('the first 200 are listed');
    expect(problem.errors).toHaveLength(200);
    expect(problem.errors.filter((e) => e.line !== undefined).length).toBeGreaterThan(100);
    const list = await t.request(t.adminToken, { method: 'GET', url: '/api/v1/workspaces/many/apps' });
    expect((list.json() as { items: unknown[] }).items).toEqual([]);
  });
});
