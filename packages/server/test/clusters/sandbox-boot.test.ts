import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appsCapability, appsOf } from '../../src/apps/capability.js';
import { seedSampleApplication } from '../../src/apps/sample.js';
import { clustersCapability, clustersOf } from '../../src/clusters/capability.js';
import { bootSandbox } from '../../src/clusters/sandbox-boot.js';
import { eachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startTestSandbox } from './sandbox-fleet.js';

describe.each(eachDatabase())('the sandbox at start-up on $dialect', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(database, {
      capabilities: [clustersCapability, appsCapability],
      env: { BERTH_SANDBOX: 'off' },
    });
  });
  afterAll(async () => t?.close());

  it('GIVEN no cluster WHEN Berth starts THEN a simulated sandbox is registered with a demo app; a restart brings it back on the same address', async () => {
    const clusters = clustersOf(t.deps);
    const boot = () =>
      bootSandbox({
        sandbox: 'auto',
        dataDir: t.deps.config.dataDir,
        logger: pino({ level: 'silent' }),
        secrets: t.deps.secrets,
        clusters: clusters.store,
        service: clusters.service,
        startSandbox: startTestSandbox,
      });
    const first = await boot();
    expect(first.firstRun).toBe(true);
    await seedSampleApplication({
      workspaces: t.deps.workspaces,
      apps: appsOf(t.deps).service,
      logger: pino({ level: 'silent' }),
    });

    const cluster = await t.request(t.adminToken, { method: 'GET', url: '/api/v1/clusters/sandbox' });
    expect(cluster.json()).toMatchObject({ name: 'sandbox', simulated: true, status: 'ready' });
    const nodes = (
      await t.request(t.adminToken, { method: 'GET', url: '/api/v1/clusters/sandbox/nodes' })
    ).json();
    expect(nodes.groups.map((g: { name: string; count: number }) => [g.name, g.count])).toEqual([
      ['general', 3],
      ['gpu', 2],
    ]);
    expect(nodes.gpus.capacity).toBe(8);
    const app = (
      await t.request(t.adminToken, { method: 'GET', url: '/api/v1/workspaces/demo/apps/shop' })
    ).json();
    expect(app).toMatchObject({ workspace: 'demo', name: 'shop', revision: 1 });
    expect(app.environments.every((e: { clusterKnown: boolean }) => e.clusterKnown)).toBe(true);

    // The admin kubeconfig sits in the data dir for kubectl, readable by its owner only.
    expect(first.kubeconfigPath).toBe(join(t.deps.config.dataDir, 'sandbox', 'kubeconfig'));
    expect(statSync(first.kubeconfigPath!).mode & 0o777).toBe(0o600);
    // Asynchronously: the sandbox answers from this very process.
    const kubectl = await promisify(execFile)(
      'kubectl',
      ['--kubeconfig', first.kubeconfigPath!, 'get', 'nodes', '-o', 'name'],
      { encoding: 'utf8' },
    );
    expect(kubectl.stdout.trim().split('\n')).toHaveLength(5);

    const url = first.sandbox!.url;
    await first.sandbox!.stop();
    const second = await boot();
    try {
      expect(second.firstRun).toBe(false);
      expect(second.sandbox!.url).toBe(url);
      expect(second.kubeconfigPath).toBe(first.kubeconfigPath);
      const check = await t.request(t.adminToken, { method: 'POST', url: '/api/v1/clusters/sandbox/check' });
      expect(check.statusCode, check.body).toBe(200);
    } finally {
      await second.sandbox?.stop();
    }
  });
});
