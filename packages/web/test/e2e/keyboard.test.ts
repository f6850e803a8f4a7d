/**
 * Keyboard only, in a real browser against a real server + sandbox: sign in, skip to the
 * content, move through the navigation and open pages without a mouse, with a visible focus
 * ring on every stop; and an axe-core audit (WCAG 2.0/2.1 level A: names, labels, roles,
 * keyboard traps) of every main page.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, collectConsoleErrors, ensureBuilt, openBrowser, serveConsole, startBerth } from './harness.js';

const axeSource = (): string => {
  const require = createRequire(import.meta.url);
  return require('node:fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') as string;
};

interface Focused {
  tag: string;
  role: string | null;
  name: string;
  /** True when the element draws a focus indicator (outline or box-shadow). */
  visible: boolean;
}

/** What has focus now and whether it shows. */
const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', role: null, name: '', visible: false };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none';
    // antd draws the ring of some inputs on their wrapper.
    const wrapper = el.closest('.ant-select, .ant-input-affix-wrapper, .ant-input-number, .ant-picker');
    const wrapped = wrapper ? getComputedStyle(wrapper).boxShadow !== 'none' || getComputedStyle(wrapper).outlineStyle !== 'none' : false;
    return {
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role'),
      name: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60),
      visible: outline || shadow || wrapped,
    };
  });

/** Presses Tab until `matches` holds (at most `limit` times); every stop on the way is returned. */
async function tabTo(page: Page, matches: (f: Focused) => boolean, limit = 40): Promise<Focused[]> {
  const stops: Focused[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    stops.push(now);
    if (matches(now)) return stops;
  }
  throw new Error(`not reached in ${limit} Tab presses; stops: ${stops.map((s) => `${s.tag}[${s.name}]`).join(' → ')}`);
}

describe('the console by keyboard alone', () => {
  let berth: Awaited<ReturnType<typeof startBerth>>;
  let site: Awaited<ReturnType<typeof serveConsole>>;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    const dist = ensureBuilt();
    berth = await startBerth();
    site = await serveConsole(dist, berth.url);
    browser = await openBrowser('en-US');
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    problems = collectConsoleErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await berth?.stop();
  });

  it('signs in with Tab, typing and Enter', async () => {
    await page.goto(`${site.url}/login`);
    // The username field has focus on arrival (or is the first field Tab reaches).
    await page.getByLabel('Username', { exact: true }).waitFor();
    const autocomplete = () => page.evaluate(() => (document.activeElement as HTMLInputElement).autocomplete);
    if ((await autocomplete()) !== 'username') await tabTo(page, (f) => f.tag === 'input');
    expect(await autocomplete()).toBe('username');
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('password');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByTestId('current-user').getByText('admin').waitFor();
  });

  it('offers a skip link first, then reaches every navigation entry with a visible focus ring', async () => {
    await page.goto(`${site.url}/`);
    await page.getByTestId('current-user').getByText('admin').waitFor();
    await page.keyboard.press('Tab');
    const first = await focused(page);
    expect(first.name).toBe('Skip to content');
    expect(first.visible).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe('main');

    await page.goto(`${site.url}/`);
    await page.getByTestId('current-user').getByText('admin').waitFor();
    const stops = await tabTo(page, (f) => f.name === 'Audit log');
    for (const entry of ['Overview', 'Applications', 'Workflow editor', 'Change requests', 'Clusters', 'Workspaces', 'Audit log'])
      expect(stops.map((s) => s.name)).toContain(entry);
    const invisible = stops.filter((s) => s.tag !== 'body' && !s.visible);
    expect(invisible).toEqual([]);
  });

  it('opens Applications and an application with Enter, and switches its tabs with the arrow keys', async () => {
    await page.goto(`${site.url}/`);
    await page.getByTestId('current-user').getByText('admin').waitFor();
    await tabTo(page, (f) => f.name === 'Applications');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/apps$/);
    const row = page.locator('table a[href^="/apps/"]').first();
    await row.waitFor();
    const appName = (await row.textContent())!.trim();
    await tabTo(page, (f) => f.tag === 'a' && f.name === appName, 80);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/apps\/[^/]+\/[^/?]+/);
    const tab = page.getByRole('tab').first();
    await tab.waitFor();
    await tab.focus();
    const selectedBefore = await page.getByRole('tab', { selected: true }).textContent();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).not.toBe(selectedBefore);
  });

  it('passes an axe-core audit (WCAG 2 level A) on every main page', async () => {
    const source = axeSource();
    const violations: string[] = [];
    await page.goto(`${site.url}/apps`);
    const appHref = await page.locator('table a[href^="/apps/"]').first().getAttribute('href');
    const pages = ['/', '/apps', '/apps/new', appHref!, `${appHref!}?tab=environments`, '/workflows', '/change-requests', '/clusters', '/workspaces', '/audit'];
    for (const path of pages) {
      await page.goto(`${site.url}${path}`);
      await page.getByTestId('current-user').getByText('admin').waitFor();
      await page.waitForLoadState('networkidle');
      await page.addScriptTag({ content: source });
      const found = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag21a'] } });
        return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
      });
      violations.push(...found.map((v) => `${path} ${v}`));
    }
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
  });
});
