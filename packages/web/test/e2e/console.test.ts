import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
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

/** The workflow added in the YAML editor after the wizard: an approval between the data and the apps. */
const WORKFLOW = `  workflow:
    steps:
      - { name: data, type: deploy, components: [redis] }
      - { name: approve, type: approval }
      - { name: apps, type: deploy, components: [web, worker] }
`;

/** The application the wizard must write (spec), field by field. */
const WIZARD_SPEC = {
  components: [
    {
      name: 'redis',
      type: 'store',
      image: 'redis:7',
      ports: [{ port: 6379 }],
      traits: { storage: [{ type: 'persistent', name: 'data', mountPath: '/data', size: '1Gi' }] },
    },
    {
      name: 'web',
      type: 'webservice',
      image: 'ghcr.io/acme/shop:1.4.0',
      replicas: 2,
      ports: [{ port: 8080, expose: true }],
      dependsOn: ['redis'],
      traits: {
        ingress: { host: 'webshop.example.test', path: '/' },
        envs: [{ name: 'LOG_LEVEL', value: 'info' }],
        resources: { cpu: '250m', memory: '256Mi' },
      },
    },
    { name: 'worker', type: 'worker', image: 'ghcr.io/acme/shop-worker:1.4.0', dependsOn: ['redis'] },
  ],
  policies: { imagePullPolicy: 'IfNotPresent' },
  environments: [{ name: 'dev', cluster: 'sandbox', namespace: 'webshop-dev', delivery: 'direct' }],
};

describe('the console in a browser, against a real server and sandbox', () => {
  let berth: Awaited<ReturnType<typeof startBerth>>;
  let site: Awaited<ReturnType<typeof serveConsole>>;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const problems: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

  /** Picks `option` in the antd select `select` (the open dropdown is the visible one). */
  const choose = async (select: Locator, option: string) => {
    await select.click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
  };
  /** Waits for running CSS animations (step transitions, fading help texts) to finish. */
  const settled = () =>
    page.evaluate(async () => {
      const finite = document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
      await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    });
  /** Each wizard step's WCAG 2 level A violations (axe-core), collected as the test walks through them. */
  const violations: string[] = [];
  const audit = async (step: string) => {
    // Audit the step at rest: a select's dropdown stays on screen until its closing animation ends.
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await settled();
    if (!(await page.evaluate(() => 'axe' in window))) {
      const require = createRequire(import.meta.url);
      await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
    }
    const found = await page.evaluate(async () => {
      const { axe } = window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }>;
        };
      };
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag21a'] } });
      return result.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    });
    violations.push(...found.map((v) => `${step}: ${v}`));
  };
  const next = async (step: string) => {
    await audit(step);
    await page.getByTestId('app-wizard').getByRole('button', { name: 'Next' }).click();
  };

  /** Fills one component card of the wizard's Components step. */
  const fillComponent = async (
    index: number,
    c: {
      name: string;
      type: string;
      image: string;
      replicas?: number;
      ports?: Array<{ port: number; expose?: boolean }>;
      env?: Array<{ name: string; value: string }>;
      cpu?: string;
      memory?: string;
      dependsOn?: string[];
    },
  ) => {
    const card = page.getByTestId(`component-${index}`);
    await card.getByLabel('Name', { exact: true }).fill(c.name);
    await choose(card.getByLabel('Type', { exact: true }), c.type);
    await card.getByLabel('Image', { exact: true }).fill(c.image);
    if (c.replicas !== undefined) await card.getByLabel('Replicas', { exact: true }).fill(String(c.replicas));
    // Ports, variables: one row each, added with the button the card names after the component.
    for (const [i, p] of (c.ports ?? []).entries()) {
      await card.getByRole('button', { name: `Add port to ${c.name}`, exact: true }).click();
      await card.getByLabel(`Port ${i + 1}`, { exact: true }).fill(String(p.port));
      if (p.expose) await card.getByLabel(`Expose port ${i + 1}`, { exact: true }).check();
    }
    for (const [i, e] of (c.env ?? []).entries()) {
      await card
        .getByRole('button', { name: `Add variable to ${c.name}`, exact: true })
        .click();
      await card.getByLabel(`Variable ${i + 1} name`, { exact: true }).fill(e.name);
      await card.getByLabel(`Variable ${i + 1} value`, { exact: true }).fill(e.value);
    }
    if (c.cpu) await card.getByLabel('CPU request', { exact: true }).fill(c.cpu);
    if (c.memory) await card.getByLabel('Memory request', { exact: true }).fill(c.memory);
    for (const target of c.dependsOn ?? [])
      await choose(card.getByLabel('Depends on', { exact: true }), target);
    await page.keyboard.press('Escape');
  };

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
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(message.text());
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

  it('shows the model’s problems at their line in the YAML editor', async () => {
    await page.goto(`${site.url}/apps/new`);
    const editor = page.getByTestId('yaml-editor');
    await editor.waitFor();
    await editor.fill(WEBSHOP.replace('      image: ghcr.io/acme/shop-worker:1.4.0\n', ''));
    await page.getByTestId('problems').getByText('image').first().waitFor();
    await page
      .getByTestId('problems')
      .getByText(/line 1\d/)
      .first()
      .waitFor();
    await shot('editor-problems');
    await editor.fill(WEBSHOP);
    await page.getByTestId('problems').getByText('No problems found').waitFor();
  });

  it('creates the Web + Worker + Redis application in the wizard: components, traits, policies, environment, review', async () => {
    await page.goto(`${site.url}/apps/new`);
    await page.getByTestId('yaml-editor').waitFor();
    await page.getByRole('tab', { name: 'Form' }).click();
    const wizard = page.getByTestId('app-wizard');
    await wizard.getByLabel('Name', { exact: true }).fill('webshop');
    await wizard.getByLabel('Workspace', { exact: true }).fill('demo');
    await next('basics');

    // Components: start from none, add the three.
    const removeComponent = wizard.getByRole('button', { name: /^Remove component/ });
    while ((await removeComponent.count()) > 0) await removeComponent.first().click();
    for (let i = 0; i < 3; i++) await wizard.getByRole('button', { name: 'Add component' }).click();
    await fillComponent(0, { name: 'redis', type: 'store', image: 'redis:7', ports: [{ port: 6379 }] });
    await fillComponent(1, {
      name: 'web',
      type: 'webservice',
      image: 'ghcr.io/acme/shop:1.4.0',
      replicas: 2,
      ports: [{ port: 8080, expose: true }],
      env: [{ name: 'LOG_LEVEL', value: 'info' }],
      cpu: '250m',
      memory: '256Mi',
      dependsOn: ['redis'],
    });
    await fillComponent(2, {
      name: 'worker',
      type: 'worker',
      image: 'ghcr.io/acme/shop-worker:1.4.0',
      dependsOn: ['redis'],
    });
    await next('components');

    // Traits, in forms generated from the model's schema: an ingress for web, a volume for redis.
    await choose(page.getByTestId('traits-web').getByLabel('Add a trait to web'), 'ingress');
    const ingress = page.getByTestId('trait-web-ingress');
    // The model's own message names the missing field until it is filled.
    await ingress.getByText('add `host`').waitFor();
    await ingress.getByLabel('host', { exact: true }).fill('webshop.example.test');
    await ingress.getByLabel('path', { exact: true }).fill('/');
    await choose(page.getByTestId('traits-redis').getByLabel('Add a trait to redis'), 'storage');
    const storage = page.getByTestId('trait-redis-storage');
    await choose(storage.getByLabel('type', { exact: true }), 'persistent');
    await storage.getByLabel('name', { exact: true }).fill('data');
    await storage.getByLabel('mountPath', { exact: true }).fill('/data');
    await storage.getByLabel('size', { exact: true }).fill('1Zi');
    await storage.getByText('`1Zi` is not a Kubernetes quantity').waitFor();
    await storage.getByLabel('size', { exact: true }).fill('1Gi');
    await expect.poll(() => wizard.locator('.ant-form-item-explain-error').count()).toBe(0);
    await page.getByTestId('wizard-steps').scrollIntoViewIfNeeded();
    await settled();
    await shot('editor-wizard');
    await next('traits');

    await choose(page.getByTestId('policies-form').getByLabel('imagePullPolicy'), 'IfNotPresent');
    await next('policies');

    await page.getByTestId('environment-0').getByLabel('Namespace', { exact: true }).fill('webshop-dev');
    await audit('environments');
    // The steps are buttons: focus one and press Enter to open it.
    await page
      .getByTestId('wizard-steps')
      .getByRole('button', { name: /Review/ })
      .focus();
    await page.keyboard.press('Enter');

    // Review: the YAML the wizard wrote, and no problems.
    await page.getByTestId('review-problems').getByText('No problems found').waitFor();
    const review = page.getByTestId('review-yaml');
    const written = parse((await review.textContent())!);
    expect(written.metadata).toEqual({ name: 'webshop', workspace: 'demo' });
    expect(written.spec).toEqual(WIZARD_SPEC);
    await settled();
    await shot('editor-review');
    await audit('review');
    expect(violations).toEqual([]);

    // The YAML editor beside it: add the workflow there; the wizard keeps it.
    await page.getByRole('button', { name: 'Edit as YAML' }).click();
    const editor = page.getByTestId('yaml-editor');
    await editor.fill(`${await editor.inputValue()}${WORKFLOW}`);
    await page.getByTestId('problems').getByText('No problems found').waitFor();
    await page.getByRole('tab', { name: 'Form' }).click();
    await expect.poll(async () => parse((await review.textContent())!).spec.workflow?.steps?.length).toBe(3);
    expect(parse((await review.textContent())!).spec.components).toEqual(WIZARD_SPEC.components);

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
    await page
      .locator('[data-testid="topology-node-Component-web"][data-health="Healthy"]')
      .waitFor({ timeout: 120_000 });
    await shot('topology');
  });

  it('counts it as Healthy in the overview with its run, and finds it by health and name in the list', async () => {
    await page.goto(site.url);
    const healthy = page.getByTestId('apps-by-health').locator('.ant-statistic', { hasText: 'Healthy' });
    // The server records health from the cluster's informers; the overview refreshes every 10 s.
    await healthy.waitFor({ timeout: 60_000 });
    expect(
      Number(await healthy.locator('.ant-statistic-content-value').textContent()),
    ).toBeGreaterThanOrEqual(1);
    await page
      .getByTestId('recent-runs')
      .getByRole('link', { name: /demo\/webshop/ })
      .first()
      .waitFor();
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
