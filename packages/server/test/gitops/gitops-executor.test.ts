/**
 * Workflow integration: a gitops environment's deploy step opens the change request, waits for
 * its merge and for the agent to report the merged commit synced and healthy; a closed change
 * request fails the step; a sync that does not arrive fails with a message saying where to look;
 * the dispatch picks gitops or direct by the environment's delivery mode.
 */
import { loadApplication, type Application } from '@berth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryModeDispatch, gitopsExecutors } from '../../src/gitops/index.js';
import type { DeliveryTarget, StepExecutor } from '../../src/workflow/executor.js';
import { runStep } from '../delivery/cluster-fixture.js';
import { eventually, shopYaml, startGitOpsLoop, type GitOpsLoop } from './gitops-fixture.js';

describe('gitops deploy executor', () => {
  let loop: GitOpsLoop;
  let deploy: StepExecutor;
  const api = '/api/v1/workspaces/retail';

  const specOf = (yaml: string): Application => loadApplication(yaml).application!;
  const target = (spec: Application, revision: number, environment = 'dev'): DeliveryTarget => ({
    workspace: 'retail',
    application: spec.metadata.name,
    revision,
    spec,
    environment,
    cluster: 'sandbox',
    namespace: `${spec.metadata.name}-${environment}`,
  });
  const openChangeRequest = (revision: number) =>
    eventually(async () => (await loop.gitops.deps.git.listChangeRequests('retail-apps', { state: 'open' })).find((cr) => cr.sourceBranch === `berth/cart-dev-r${revision}`), `change request of r${revision}`);

  beforeAll(async () => {
    loop = await startGitOpsLoop();
    await loop.t.deps.workspaces.create({ name: 'retail', description: '' });
    const created = await loop.t.request(loop.t.adminToken, { method: 'POST', url: `${api}/apps`, body: { spec: shopYaml('ghcr.io/acme/cart:1.0.0', 1, 'cart') } });
    expect(created.statusCode, created.body).toBe(201);
    deploy = gitopsExecutors({ service: loop.gitops.service, deps: loop.gitops.deps, pollMs: 100 }).find((e) => e.type === 'deploy')!;
  }, 60_000);
  afterAll(async () => loop?.stop());

  it('opens the change request, waits for the merge, then for Synced + Healthy at the merged commit', async () => {
    const spec = specOf(shopYaml('ghcr.io/acme/cart:1.0.0', 1, 'cart'));
    const running = runStep(deploy, { target: target(spec, 1), step: 'web', properties: { components: ['web'] }, runId: 'run-1', timeoutMs: 30_000 });
    const cr = await openChangeRequest(1);
    await new Promise((r) => setTimeout(r, 300)); // the step keeps polling while the change request is open
    const merged = await loop.gitops.deps.git.merge('retail-apps', cr.number, { mergedBy: 'reviewer' });
    const report = await running;
    expect(report).toMatchObject({ status: 'succeeded', output: { commit: merged.sha, changeRequest: cr.number } });
    expect(report.polls).toBeGreaterThan(2);
  }, 60_000);

  it('fails when the change request is closed without merging', async () => {
    const current = (await loop.t.request(loop.t.adminToken, { method: 'GET', url: `${api}/apps/cart` })).json();
    const yaml = shopYaml('ghcr.io/acme/cart:2.0.0', 1, 'cart');
    await loop.t.request(loop.t.adminToken, { method: 'PUT', url: `${api}/apps/cart`, body: { spec: yaml, resourceVersion: current.resourceVersion } });
    const running = runStep(deploy, { target: target(specOf(yaml), 2), step: 'web', properties: {}, runId: 'run-2', timeoutMs: 30_000 });
    const cr = await openChangeRequest(2);
    await loop.gitops.deps.git.close('retail-apps', cr.number, { closedBy: 'reviewer' });
    expect(await running).toMatchObject({ status: 'failed', retryable: false, message: `change request #${cr.number} was closed without merging` });
  }, 60_000);

  it('fails with a message naming the change request, both commits and the Application when the sync does not arrive', async () => {
    const spec = specOf(shopYaml('ghcr.io/acme/cart:1.0.0', 1, 'cart'));
    const deployed = await eventually(async () => (await loop.gitops.service.status({ workspace: 'retail', app: 'cart', environment: 'dev' })).deployedCommit, 'a deployed commit');
    const report = await deploy.execute({
      runId: 'run-3',
      step: 'web',
      properties: {},
      attempt: 1,
      poll: 5,
      startedAt: Date.now() - 700_000,
      state: { repository: 'retail-apps', number: 12, mergeSha: '3f2a1c9d'.repeat(5), mergedAt: Date.now() - 700_000 },
      target: target(spec, 99),
      logger: loop.t.deps.logger,
      signal: new AbortController().signal,
      now: () => Date.now(),
    });
    expect(report).toMatchObject({
      status: 'failed',
      message: expect.stringContaining(`change request #12 was merged as 3f2a1c9 but Argo CD still reports ${deployed.slice(0, 7)} after 12m; check the Application retail-cart-dev in namespace argocd`),
    });
  }, 60_000);

  it('dispatches by the environment’s delivery mode', async () => {
    const direct: StepExecutor = { type: 'deploy', execute: async () => ({ status: 'succeeded', message: 'direct' }) };
    const dispatch = deliveryModeDispatch(direct, deploy);
    const directSpec = specOf(shopYaml('x:1', 1, 'cart').replace('{ name: dev, cluster: sandbox, namespace: cart-dev, delivery: gitops }', '{ name: dev, cluster: sandbox, namespace: cart-dev, delivery: direct }'));
    const report = await runStep(dispatch, { target: target(directSpec, 1), step: 'web', properties: {}, runId: 'run-4' });
    expect(report).toMatchObject({ status: 'succeeded', message: 'direct' });
  });
});
