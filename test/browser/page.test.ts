/**
 * The page for enterprise staff and officials (GET /) in a real browser: the inline chat,
 * the eligibility checklist (and its print view), the targets table and chart, zh and en.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/http-server.js';
import { launchBrowser, screenshot } from './harness.js';

let browser: Browser;
let api: TestServer;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

beforeAll(async () => {
  [api, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close().catch(() => {})));
  await browser?.close();
  await api?.close();
});

afterEach(() => {
  // No script errors, no content-security-policy violations (the page allows only itself).
  const seen = problems.splice(0);
  expect(seen).toEqual([]);
});

async function openPage(path = '/', viewport = { width: 1366, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  await page.goto(api.url + path);
  return page;
}

describe('the page (GET /)', () => {
  it('shows the chat, the checklist form and the targets table and chart, in Chinese by default', async () => {
    const page = await openPage();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('工业清洁生产推行“十二五”规划');
    // The chat is the widget, inline.
    await expect(page.getByRole('log').count()).resolves.toBe(1);
    await expect(page.getByRole('textbox', { name: '您的问题' }).count()).resolves.toBe(1);
    // Checklist form.
    await expect(page.getByRole('combobox', { name: '所属行业' }).locator('option').count()).resolves.toBeGreaterThan(20);
    await expect(page.getByRole('group', { name: '规模以上工业企业' }).getByRole('radio').count()).resolves.toBe(3);
    // Targets table: every target, grouped by kind; the mercury row with its figure.
    const rows = page.locator('table.targets tbody tr[data-target-id]');
    await rows.first().waitFor();
    const targets = ((await (await fetch(`${api.url}/v1/targets`)).json()) as { targets: unknown[] }).targets;
    await expect(rows.count()).resolves.toBe(targets.length);
    await expect(page.locator('tr[data-target-id="t1-hg"]').textContent()).resolves.toContain('638');
    await expect(page.getByRole('columnheader', { name: '2015年目标' }).count()).resolves.toBe(1);
    // Chart: two bars per indicator with both a 2010 figure and a 2015 target.
    const chart = page.locator('#targets-chart svg[role="img"]');
    await chart.waitFor();
    const bars2010 = await chart.locator('rect.b-baseline').count();
    expect(bars2010).toBeGreaterThan(1); // legend + at least one row
    await expect(chart.locator('rect.b-target').count()).resolves.toBe(bars2010);
    await expect(chart.locator('desc').textContent()).resolves.toContain('23.4%');
    await screenshot(page, 'page-zh', { fullPage: true });
  });

  it('builds a printable eligibility checklist with citations', async () => {
    const page = await openPage();
    await page.getByRole('combobox', { name: '所属行业' }).selectOption({ label: '电镀' });
    await page.getByRole('group', { name: '规模以上工业企业' }).getByRole('radio', { name: '是' }).check();
    await page.getByRole('button', { name: '查看适用要求' }).click();
    const heading = page.getByRole('heading', { name: '适用要求清单：电镀' });
    await heading.waitFor();
    // Focus moves to the result for keyboard and screen-reader users.
    await expect(heading.evaluate((node) => node === document.activeElement)).resolves.toBe(true);
    const result = page.locator('#eligibility-result');
    await expect(result.textContent()).resolves.toContain('每两年开展一轮清洁生产审核');
    await expect(result.textContent()).resolves.toContain('重金属污染防控企业每两年开展一轮审核');
    await expect(result.locator('.item').count()).resolves.toBeGreaterThan(3);
    await expect(result.locator('.item .cites li').count()).resolves.toBeGreaterThan(3);
    // What was not given is named.
    await expect(result.locator('.missing').textContent()).resolves.toContain('中央企业所属工业企业');
    await screenshot(page, 'page-checklist', { fullPage: true });

    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('#chat-section').isVisible()).resolves.toBe(false);
    await expect(page.locator('#targets-section').isVisible()).resolves.toBe(false);
    await expect(page.locator('#eligibility-form').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: '打印清单' }).isVisible()).resolves.toBe(false);
    await expect(result.isVisible()).resolves.toBe(true);
    await screenshot(page, 'page-checklist-print', { fullPage: true });
  });

  it('switches to English: labels, checklist and targets', async () => {
    const page = await openPage();
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/u);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.getByRole('textbox', { name: 'Your question' }).count()).resolves.toBe(1);
    await page.getByRole('combobox', { name: 'Industry' }).selectOption({ label: 'Electroplating' });
    await page.getByRole('button', { name: 'Show what applies' }).click();
    await page.getByRole('heading', { name: 'Checklist: Electroplating' }).waitFor();
    await expect(page.locator('#eligibility-result').textContent()).resolves.toMatch(/every two years/iu);
    await page.locator('tr[data-target-id="t1-hg"]').waitFor();
    await expect(page.getByRole('columnheader', { name: '2015 target' }).count()).resolves.toBe(1);
    await expect(page.locator('tr[data-target-id="pen-electroplating-low-chromium"]').textContent()).resolves.toMatch(/Electroplating/u);
    await screenshot(page, 'page-en', { fullPage: true });
  });

  it('answers in the inline chat, same origin, under the page’s strict CSP', async () => {
    const page = await openPage();
    const box = page.getByRole('textbox', { name: '您的问题' });
    await box.fill('我们是一家规模以上的铅蓄电池企业，需要推广哪些技术？');
    await box.press('Enter');
    const answer = page.locator('cp-assistant .msg.bot:not(.intro):not(.thinking)').last();
    await answer.waitFor();
    await page.locator('cp-assistant .log[aria-busy="false"]').waitFor();
    await expect(answer.textContent()).resolves.toMatch(/铅蓄电池/u);
    const marker = answer.getByRole('button', { name: '引文 1' }).first();
    await marker.click();
    await expect(page.locator(`cp-assistant [id="${await marker.getAttribute('aria-controls')}"]`).isVisible()).resolves.toBe(true);
    await screenshot(page, 'page-chat');
  });

  it('shows every button’s label: its text colour is not its background’s, in both languages', async () => {
    for (const path of ['/', '/?lang=en']) {
      const page = await openPage(path);
      await page.locator('#guided-start').waitFor();
      const invisible = await page.evaluate(() =>
        [...document.querySelectorAll('button')]
          .filter((button) => button.offsetParent !== null && (button.textContent ?? '').trim())
          .filter((button) => {
            const style = getComputedStyle(button);
            return style.color === style.backgroundColor;
          })
          .map((button) => (button.textContent ?? '').trim()),
      );
      expect(invisible, path).toEqual([]);
    }
  });

  it('fits a phone screen', async () => {
    const page = await openPage('/', { width: 375, height: 800 });
    await page.locator('tr[data-target-id="t1-hg"]').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'page-phone', { fullPage: true });
  });
});
