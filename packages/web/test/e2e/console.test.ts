import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ensureBuilt, openBrowser, serveConsole, startBerth } from './harness.js';

const SHOTS = join(import.meta.dirname, '..', '..', 'screenshots');

const WEBSHOP = `apiVersion: berth.dev/v1alpha1
kind: Application
metadata:
  name: webshop
  workspace: demo
spec:
  components:
    - name: redis
      type: store
      image: redis:7
      ports: [{ port: 6379 }]
    - name: web
      type: webservice
      image: ghcr.io/acme/shop:1.4.0
      replicas: 2
      ports: [{ port: 8080, expose: true }]
      dependsOn: [redis]
    - name: worker
      type: worker
      image: ghcr.io/acme/shop-worker:1.4.0
      dependsOn: [redis]
  environments:
    - { name: dev, cluster: sandbox, namespace: webshop-dev, delivery: direct }
  workflow:
    steps:
      - { name: data, type: deploy, components: [redis] }
      - { name: approve, type: approval }
      - { name: apps, type: deploy, components: [web, worker] }
`;

describe('the console in a browser, against a real server and sandbox', () => {
  let berth: Awaited<ReturnType<typeof startBerth>>;
  let site: Awaited<ReturnType<typeof serveConsole>>;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const problems: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dist = ensureBuilt();
    berth = await startBerth();
    site = await serveConsole(dist, berth.url);
    browser = await openBrowser('en-US');
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // Failed requests are logged by the browser itself (401 before sign-in, routes still landing).
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await berth?.stop();
  });

  it('signs in', async () => {
    await page.goto(site.url);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await shot('login');
    await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('current-user').getByText('admin').waitFor();
  });

  it('shows the overview: the simulated sandbox cluster, the demo workspace, the sample app', async () => {
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByText('simulated').first().waitFor();
    await page.getByText('Demo').first().waitFor();
    await page.getByTestId('apps-by-health').waitFor();
    await shot('overview');
  });

  it('lists applications with filters', async () => {
    await page.getByRole('link', { name: 'Applications' }).first().click();
    await page.getByRole('link', { name: 'shop', exact: true }).waitFor();
    await shot('applications');
  });

  it('creates the Web + Worker + Redis application in the YAML editor, problems shown at their line', async () => {
    await page.goto(`${site.url}/apps/new`);
    const editor = page.getByTestId('yaml-editor');
    await editor.waitFor();
    await editor.fill(WEBSHOP.replace('      image: ghcr.io/acme/shop-worker:1.4.0\n', ''));
    await page.getByTestId('problems').getByText('image').first().waitFor();
    await page.getByTestId('problems').getByText(/line 1\d/).first().waitFor();
    await shot('editor-problems');
    await editor.fill(WEBSHOP);
    await page.getByText('No problems found').waitFor();
    await page.getByRole('tab', { name: 'Form' }).click();
    await page.getByTestId('app-wizard').waitFor();
    await shot('editor-wizard');
    await page.getByRole('tab', { name: 'YAML' }).click();
    await page.getByTestId('save-app').click();
    await page.waitForURL(/\/apps\/demo\/webshop/);
    await page.getByRole('heading', { name: 'webshop' }).waitFor();
    await shot('app-detail');
  });

  it('deploys it, approves the approval step and watches it turn Healthy in the topology', async () => {
    await page.getByTestId('deploy').click();
    await page.getByTestId('run-graph').waitFor();
    const approve = page.getByTestId('approve-approve');
    await approve.waitFor({ timeout: 90_000 });
    await shot('run-waiting');
    await approve.click();
    await page.locator('[data-testid="run-step-apps"][data-state="succeeded"]').waitFor({ timeout: 120_000 });
    await shot('run-succeeded');
    await page.getByRole('tab', { name: 'Topology' }).click();
    await page.locator('[data-testid="topology-node-Component-web"][data-health="Healthy"]').waitFor({ timeout: 120_000 });
    await shot('topology');
  });

  it('counts it as Healthy in the overview with its run, and finds it by health and name in the list', async () => {
    await page.goto(site.url);
    const healthy = page.getByTestId('apps-by-health').locator('.ant-statistic', { hasText: 'Healthy' });
    // The server records health from the cluster's informers; the overview refreshes every 10 s.
    await healthy.waitFor({ timeout: 60_000 });
    expect(Number(await healthy.locator('.ant-statistic-content-value').textContent())).toBeGreaterThanOrEqual(1);
    await page.getByTestId('recent-runs').getByRole('link', { name: /demo\/webshop/ }).first().waitFor();
    await healthy.click();
    await page.waitForURL(/\/apps\?health=Healthy$/);
    await page.getByRole('link', { name: 'webshop', exact: true }).waitFor();
    await page.goto(`${site.url}/apps?health=Degraded,Missing`);
    await page.locator('.ant-table-row, .ant-empty').first().waitFor();
    expect(await page.getByRole('link', { name: 'webshop', exact: true }).count()).toBe(0);
    await page.goto(`${site.url}/apps?search=shop`);
    await page.getByRole('link', { name: 'webshop', exact: true }).waitFor();
    await page.getByRole('link', { name: 'shop', exact: true }).waitFor();
    await page.goto(`${site.url}/apps?search=webs`);
    await page.getByRole('link', { name: 'webshop', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'shop', exact: true }).count()).toBe(0);
  });

  it('rolls back to the first revision', async () => {
    await page.goto(`${site.url}/apps/demo/webshop`);
    await page.getByRole('tab', { name: 'Revisions' }).click();
    await page.getByTestId('rollback-1').click();
    await page.getByRole('button', { name: 'OK' }).click();
    await page.getByTestId('run-graph').waitFor();
    await shot('rollback');
  });

  it('shows clusters with nodes, workspaces with members, the audit log and the workflow editor', async () => {
    await page.goto(`${site.url}/clusters/sandbox`);
    await page.getByRole('heading', { name: 'Node groups' }).waitFor();
    await shot('clusters');
    await page.goto(`${site.url}/workspaces`);
    await page.getByRole('cell', { name: 'demo', exact: true }).click();
    await page.getByRole('button', { name: 'Add member' }).waitFor();
    await shot('workspaces');
    await page.goto(`${site.url}/audit`);
    await page.getByRole('cell', { name: 'apps.create' }).first().waitFor();
    await shot('audit');
    await page.goto(`${site.url}/workflows`);
    await page.getByTestId('palette-deploy').click();
    await page.getByTestId('palette-approval').click();
    await page.getByTestId('wf-step-deploy').waitFor();
    await shot('workflow-editor');
  });

  it('switches the language to Chinese and remembers it', async () => {
    await page.goto(site.url);
    await page.getByTestId('language-switch').click();
    await page.getByText('简体中文').click();
    await page.getByRole('heading', { name: '概览' }).waitFor();
    await shot('overview-zh');
    await page.reload();
    await page.getByRole('heading', { name: '概览' }).waitFor();
  });

  it('logged no errors in the browser console', () => {
    expect(problems).toEqual([]);
  });
});
