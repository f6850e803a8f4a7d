/**
 * Deleting an application with gitops environments, as runs (wiring/deletion.ts): a run delivers
 * dev through its change request and records it in its `finalize` step; `DELETE …/apps/:app`
 * then starts an `undeploy` run that opens the deletion change request, waits for its merge and
 * for the agent to delete what it synced, and the application is removed. A deletion change
 * request closed without merging fails the run and leaves the application `deleting`. On SQLite
 * and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeploymentHistory } from '../../src/delivery/deployments.js';
import { eachDatabase } from '../support/databases.js';
import { eventually, shopYaml, startGitOpsLoop, type GitOpsLoop } from './gitops-fixture.js';

interface RunBody {
  id: string;
  state: string;
  message?: string;
  steps: Array<{ name: string; type: string; state: string; message?: string }>;
}

describe.each(eachDatabase())('deleting an application delivered through gitops ($dialect)', (database) => {
  let loop: GitOpsLoop;
  const api = '/api/v1/workspaces/retail';
  const request = (method: string, url: string, body?: unknown) => loop.t.request(loop.t.adminToken, { method, url, ...(body !== undefined ? { body } : {}) });
  const run = async (app: string, id: string) => (await request('GET', `${api}/apps/${app}/runs/${id}`)).json() as RunBody;
  const finished = (app: string, id: string) =>
    eventually(async () => {
      const r = await run(app, id);
      return ['succeeded', 'failed', 'cancelled', 'refused'].includes(r.state) ? r : undefined;
    }, `run ${id} finished`, 60_000);
  const openChangeRequest = (prefix: string) =>
    eventually(async () => (await loop.gitops.deps.git.listChangeRequests('retail-apps', { state: 'open' })).find((cr) => cr.sourceBranch.startsWith(prefix)), `a change request on ${prefix}*`);
  const deployment = (namespace: string) => loop.cluster.cluster.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace });
  const argoApplication = (name: string) => loop.cluster.cluster.get({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', name, namespace: 'argocd' });

  /** Creates `app` and delivers it to dev by a run: change request → merge → synced → finalize records it. */
  const deliver = async (app: string) => {
    const created = await request('POST', `${api}/apps`, { spec: shopYaml('ghcr.io/acme/shop:1.0.0', 1, app) });
    expect(created.statusCode, created.body).toBe(201);
    const started = await request('POST', `${api}/apps/${app}/runs`, { environment: 'dev' });
    expect(started.statusCode, started.body).toBe(201);
    const cr = await openChangeRequest(`berth/${app}-dev-r1`);
    await loop.gitops.deps.git.merge('retail-apps', cr.number, { mergedBy: 'reviewer' });
    const delivered = await finished(app, started.json().id);
    expect(delivered.state, JSON.stringify(delivered)).toBe('succeeded');
    expect(delivered.steps.at(-1)).toMatchObject({ type: 'finalize', state: 'succeeded' });
    expect((await new DeploymentHistory(loop.t.deps).current('retail', app, 'dev'))?.runId).toBe(delivered.id);
    await eventually(async () => ((await deployment(`${app}-dev`)) ? true : undefined), `Deployment web in ${app}-dev`);
  };

  beforeAll(async () => {
    loop = await startGitOpsLoop({ database, workflow: true });
    await loop.t.deps.workspaces.create({ name: 'retail', description: '' });
  }, 60_000);
  afterAll(async () => loop?.stop());

  it('DELETE → deletion change request → merge → the agent deletes the objects → the application is removed', async () => {
    await deliver('basket');
    const deleted = await request('DELETE', `${api}/apps/basket`);
    expect(deleted.statusCode, deleted.body).toBe(202);
    const [runId] = deleted.json().runs as string[];
    const cr = await openChangeRequest('berth/basket-dev-delete-');
    expect(cr.title).toBe('Delete basket from dev');
    await new Promise((r) => setTimeout(r, 300)); // the run waits for the merge
    expect(await run('basket', runId!)).toMatchObject({ state: 'running', steps: [{ type: 'undeploy', state: 'running' }] });
    expect(await deployment('basket-dev')).toBeDefined();

    await loop.gitops.deps.git.merge('retail-apps', cr.number, { mergedBy: 'reviewer' });
    await eventually(async () => ((await request('GET', `${api}/apps/basket`)).statusCode === 404 ? true : undefined), 'basket removed', 60_000);
    expect(await deployment('basket-dev')).toBeUndefined();
    expect(await argoApplication('retail-basket-dev')).toBeUndefined();
    expect(await new DeploymentHistory(loop.t.deps).history('retail', 'basket')).toEqual([]);
  }, 120_000);

  it('fails the undeploy run when the deletion change request is closed without merging', async () => {
    await deliver('cart');
    const deleted = await request('DELETE', `${api}/apps/cart`);
    expect(deleted.statusCode, deleted.body).toBe(202);
    const cr = await openChangeRequest('berth/cart-dev-delete-');
    await loop.gitops.deps.git.close('retail-apps', cr.number, { closedBy: 'reviewer' });
    const failed = await finished('cart', (deleted.json().runs as string[])[0]!);
    expect(failed).toMatchObject({ state: 'failed', steps: [{ type: 'undeploy', state: 'failed' }] });
    expect(failed.steps[0]!.message).toContain(`deletion change request #${cr.number} was closed without merging: cart still runs in dev`);
    expect((await request('GET', `${api}/apps/cart`)).json()).toMatchObject({ status: 'deleting' });
    expect(await deployment('cart-dev')).toBeDefined();
  }, 120_000);
});
