import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminApi,
  collectConsoleErrors,
  ensureBuilt,
  openBrowser,
  serveConsole,
  signIn,
  startBerth,
} from './harness.js';

const SHOTS = join(import.meta.dirname, '..', '..', 'screenshots');

/** An application whose only environment is delivered through gitops (the embedded repository). */
const CATALOG = `apiVersion: berth.dev/v1alpha1
kind: Application
metadata:
  name: catalog
  workspace: demo
spec:
  components:
    - name: web
      type: webservice
      image: ghcr.io/acme/catalog:2.0.0
      replicas: 1
      ports: [{ port: 8080, expose: true }]
  environments:
    - { name: prod, cluster: sandbox, namespace: catalog-prod, delivery: gitops }
`;

/** A helm component whose chart repository is checked from the wizard (never saved). */
const CHARTS = `apiVersion: berth.dev/v1alpha1
kind: Application
metadata:
  name: charts
  workspace: demo
spec:
  components:
    - name: shop
      type: helm
      helm: { repoURL: demo-apps, path: charts/shop }
  environments:
    - { name: prod, cluster: sandbox, namespace: charts-prod, delivery: gitops }
`;

describe('the gitops loop in a browser: deploy → change request → review → merge → synced', () => {
  let berth: Awaited<ReturnType<typeof startBerth>>;
  let site: Awaited<ReturnType<typeof serveConsole>>;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let problems: string[];
  let changeRequestUrl = '';
  let mergeSha = '';

  /** A screenshot once the toasts of the last action are gone (they would cover the page). */
  const shot = async (name: string) => {
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dist = ensureBuilt();
    berth = await startBerth();
    site = await serveConsole(dist, berth.url);
    browser = await openBrowser('en-US');
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    problems = collectConsoleErrors(page);
    const call = await adminApi(berth.url);
    const created = await call('/workspaces/demo/apps', { method: 'POST', body: { spec: CATALOG } });
    expect(created.status).toBe(201);
    await signIn(page, site.url);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await berth?.stop();
  });

  it('shows the gitops environment with nothing merged yet, then Deploy leads to the change request it opened', async () => {
    await page.goto(`${site.url}/apps/demo/catalog?tab=environments`);
    const card = page.getByTestId('gitops-prod');
    await card.getByText('demo-apps@main').waitFor();
    await card.getByText('No open change request. Deploy to open one.').waitFor();
    await page.getByTestId('deploy-prod').click();
    await page.waitForURL(/\/change-requests\/demo\/demo-apps\/\d+\?app=catalog&env=prod$/, {
      timeout: 60_000,
    });
    changeRequestUrl = page.url();
    await page.getByRole('heading', { name: /Deploy catalog revision 1 to prod/ }).waitFor();
    await page.locator('[data-testid="cr-state"][data-state="open"]').waitFor();
    await page.getByText('The deployment of prod waits for this change request').waitFor();
  });

  it('lists the open change request of the workspace with its checks; a row opens it', async () => {
    await page.getByRole('link', { name: 'All change requests' }).click();
    await page.waitForURL(/\/change-requests\?workspace=demo$/);
    const row = page.getByRole('row', { name: /Deploy catalog revision 1 to prod/ });
    await row.getByText('demo-apps').waitFor();
    await row.getByText('1 passing').waitFor();
    await shot('change-requests');
    await row.getByRole('link', { name: /Deploy catalog revision 1 to prod/ }).click();
    await page.locator('[data-testid="cr-state"][data-state="open"]').waitFor();
  });

  it('shows the diff of the rendered files, takes a comment and an approval', async () => {
    await page.getByRole('tab', { name: /Files changed/ }).click();
    const deployment = page.getByRole('table', { name: /^apps\/demo\/catalog\/prod\/deployment-/ });
    await deployment.locator('tr.diff-line-add', { hasText: 'image: ghcr.io/acme/catalog:2.0.0' }).waitFor();
    await shot('change-request-diff');
    await page.getByRole('tab', { name: 'Conversation' }).click();
    await page.getByTestId('cr-check-berth/render').getByText('passed').waitFor();
    await page.getByLabel('Add a comment').fill('Looks right: one replica for a start.');
    await page.getByTestId('cr-comment-submit').click();
    await page.getByTestId('cr-comment').getByText('Looks right: one replica for a start.').waitFor();
    // Keyboard: Approve is reachable and pressed with Enter.
    await page.getByTestId('cr-approve').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('cr-review').getByText('approved').waitFor();
    await page.getByTestId('cr-approvals').getByText('Approved by admin').waitFor();
    await shot('change-request');
  });

  it('merges it with a merge commit; then merge and close are disabled, saying why', async () => {
    // Keyboard only: Enter on Merge opens the confirmation with its OK focused; Enter merges.
    await page.getByTestId('cr-merge').focus();
    await page.keyboard.press('Enter');
    await page.locator('.ant-popconfirm-buttons').getByRole('button', { name: 'Merge' }).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('.ant-popconfirm-buttons') !== null))
      .toBe(true);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="cr-state"][data-state="merged"]').waitFor();
    mergeSha = (await page.getByTestId('cr-merged').getAttribute('data-sha')) ?? '';
    expect(mergeSha).toMatch(/^[0-9a-f]{40}$/);
    expect(await page.getByTestId('cr-merge').isDisabled()).toBe(true);
    expect(await page.getByTestId('cr-close').isDisabled()).toBe(true);
    await page.getByTestId('cr-blocked').getByText('The change request is already merged.').waitFor();
  });

  it('shows in the application the merged head, and the agent’s deployed commit once it synced', async () => {
    // The change request as Deploy opened it knows its application: it links back.
    await page.goto(changeRequestUrl);
    await page.getByRole('link', { name: 'Back to catalog' }).click();
    await page.waitForURL(/\/apps\/demo\/catalog\?tab=environments/);
    const card = page.getByTestId('gitops-prod');
    await card.locator(`[data-testid="gitops-merged-head"][data-sha="${mergeSha}"]`).waitFor();
    await card
      .locator(`[data-testid="gitops-deployed-commit"][data-sha="${mergeSha}"]`)
      .waitFor({ timeout: 120_000 });
    await card
      .locator('[data-testid="gitops-sync"][data-sync="Synced"][data-in-sync="true"]')
      .waitFor({ timeout: 60_000 });
    await card.getByText('No open change request. Deploy to open one.').waitFor();
    await card.locator('[data-health="Healthy"]').waitFor({ timeout: 120_000 });
    await shot('app-gitops');
  });

  it('validates a helm component’s chart repository from the wizard: problems with file and line, and the server’s refusal', async () => {
    await page.goto(`${site.url}/apps/new`);
    const editor = page.getByTestId('yaml-editor');
    await editor.waitFor();
    await editor.fill(CHARTS);
    await page.getByRole('tab', { name: 'Form' }).click();
    // The wizard opens at Basics; the chart source is in the Components step.
    await page.getByTestId('app-wizard').getByRole('button', { name: 'Next' }).click();
    await page.getByTestId('validate-repo-shop').click();
    const result = page.getByTestId('repo-check-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute('data-ok')).toBe('false');
    await page
      .getByTestId('repo-check-problem')
      .filter({ hasText: 'charts/shop/Chart.yaml' })
      .first()
      .waitFor();
    await result.scrollIntoViewIfNeeded();
    await shot('validate-repo');
    await page
      .getByLabel('Chart repository (https URL or embedded repository)')
      .fill('https://127.0.0.1/charts.git');
    await page.getByTestId('validate-repo-shop').click();
    const refusal = page.getByTestId('repo-check-error');
    await refusal.waitFor({ timeout: 60_000 });
    expect(await refusal.textContent()).toMatch(/127\.0\.0\.1/);
  });

  it('logged no errors in the browser console', () => {
    expect(problems).toEqual([]);
  });
});
