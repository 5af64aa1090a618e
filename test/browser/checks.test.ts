/**
 * The guided check, the checklist as a Word document and the batch check, in a real browser
 * (headless Chromium) against the real service: on the page (GET /) in Chinese and English,
 * desktop and phone, and in the widget embedded by an association's site.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/http-server.js';
import { launchBrowser, screenshot, startHostSite, type HostSite } from './harness.js';

let browser: Browser;
let api: TestServer;
let host: HostSite;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

beforeAll(async () => {
  let apiUrl = '';
  host = await startHostSite(() => apiUrl, 'localhost');
  [api, browser] = await Promise.all([startTestServer({ ALLOWED_ORIGINS: host.origin }), launchBrowser()]);
  apiUrl = api.url;
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close().catch(() => {})));
  await browser?.close();
  await Promise.all([api?.close(), host?.close()]);
});

afterEach(() => {
  // No script errors and no content-security-policy violations.
  expect(problems.splice(0)).toEqual([]);
});

async function newPage(viewport = { width: 1366, height: 900 }, site: 'service' | 'host' = 'service'): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => {
    // The association's test site has no favicon: its 404 is not the widget's.
    if (message.type() === 'error' && !(site === 'host' && /Failed to load resource/u.test(message.text()))) problems.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  return page;
}

async function apiPost(path: string, body: unknown): Promise<any> {
  const response = await fetch(api.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return response.json();
}

/** Item ids of a profile's checklist, to tell whether an answer changes it. */
async function itemIds(profile: Record<string, unknown>): Promise<string> {
  const body = await apiPost('/v1/eligibility', { profile });
  return (body.items as Array<{ id: string }>).map((item) => item.id).sort().join(',');
}

type Answer = true | false | null;
interface Walk {
  asked: string[];
  profile: Record<string, unknown>;
  unsure: string[];
}

/**
 * Answers the page's or the widget's guided check question by question until it is done.
 * Each question shown must be the one the API asks for the same answers, must matter (a yes
 * and a no give different checklists) and must show its reason. `answers` by field; the
 * industry is chosen from its list.
 */
async function walkGuided(
  page: Page,
  scope: { question: string; reason: string; done: string },
  start: Record<string, unknown>,
  industry: string,
  answers: Record<string, Answer>,
  lang: 'zh' | 'en',
  shot?: string,
  steps = 10,
): Promise<Walk> {
  let profile: Record<string, unknown> = { ...start };
  let unsure: string[] = [];
  const asked: string[] = [];
  for (let step = 0; step < 10; step += 1) {
    if (step === steps) return { asked, profile, unsure };
    const expected = await apiPost('/v1/eligibility/next', { profile, unsure, lang });
    profile = expected.profile;
    if (expected.done) {
      await page.locator(scope.done).first().waitFor();
      return { asked, profile, unsure };
    }
    const { question } = expected;
    const heading = page.locator(`${scope.question}[data-field="${question.field}"]`);
    await heading.waitFor({ timeout: 15_000 });
    await expect(heading.textContent()).resolves.toBe(question.text);
    // Focus is on the question, for keyboard and screen-reader users.
    await expect(heading.evaluate((node) => (node.getRootNode() as Document | ShadowRoot).activeElement === node)).resolves.toBe(true);
    const reason = page.locator(scope.reason);
    await expect(reason.isVisible()).resolves.toBe(true);
    await expect(reason.textContent()).resolves.toContain(question.reason);
    if (question.field !== 'industry') {
      const [yes, no] = await Promise.all([itemIds({ ...profile, [question.field]: true }), itemIds({ ...profile, [question.field]: false })]);
      expect(yes, `${question.field} changes nothing`).not.toBe(no);
    }
    if (shot && step === 1) await screenshot(page, shot);
    asked.push(question.field);
    if (question.field === 'industry') {
      await page.getByRole('combobox', { name: lang === 'zh' ? '选择行业' : 'Industry' }).selectOption({ label: industry });
      await page.getByRole('button', { name: lang === 'zh' ? '确定' : 'Choose', exact: true }).click();
      profile = { ...profile, industry: question.choices.find((choice: { label: string }) => choice.label === industry).value };
      continue;
    }
    const value = question.field in answers ? answers[question.field]! : null;
    const choice = question.choices.find((entry: { value: Answer }) => entry.value === value);
    await page.getByRole('group', { name: question.text }).getByRole('button', { name: choice.label, exact: true }).click();
    if (value === null) unsure = [...unsure, question.field];
    else profile = { ...profile, [question.field]: value };
  }
  throw new Error('the guided check did not end');
}

/** Once done, no question left unasked (and not answered "not sure") would change the checklist; roles are never asked. */
async function expectNothingLeft(walk: Walk) {
  expect(walk.asked).not.toContain('provincialAuthority');
  expect(walk.asked).not.toContain('industryAssociation');
  for (const field of ['aboveDesignatedSize', 'centralSoe', 'stateOwned', 'sme', 'provincialPark', 'auditPassed']) {
    if (walk.profile[field] !== undefined || walk.unsure.includes(field)) continue;
    expect(await itemIds({ ...walk.profile, [field]: true }), `${field} was not asked`).toBe(await itemIds({ ...walk.profile, [field]: false }));
  }
}

const PAGE_SCOPE = { question: '#guided-check h3.guided-question', reason: '#guided-check .guided-reason', done: '#guided-check .guided-done' };

/** A walk through the guided check is many round trips: on a loaded machine it takes longer than one answer. */
const WALK_TIMEOUT = { timeout: 120_000 };

describe('the guided check on the page', WALK_TIMEOUT, () => {
  it('zh: a lead-acid SME is asked only what matters, each with its reason, and gets the checklist', async () => {
    const page = await newPage();
    await page.goto(api.url + '/');
    await page.getByRole('button', { name: '开始逐项检查' }).click();
    const walk = await walkGuided(page, PAGE_SCOPE, {}, '铅蓄电池', { sme: true, stateOwned: false, aboveDesignatedSize: false, provincialPark: false }, 'zh', 'guided-zh-question');
    expect(walk.asked[0]).toBe('industry');
    expect(walk.asked).toContain('sme');
    await expectNothingLeft(walk);
    // It ends in the checklist, with the answers in the form and "not sure" kept conditional.
    const heading = page.getByRole('heading', { name: '适用要求清单：铅蓄电池' });
    await heading.waitFor();
    await expect(page.getByRole('group', { name: '中小企业' }).getByRole('radio', { name: '是' }).isChecked()).resolves.toBe(true);
    const result = page.locator('#eligibility-result');
    await expect(result.textContent()).resolves.toContain('中小企业');
    const eligibility = await apiPost('/v1/eligibility', { profile: walk.profile });
    await expect(result.locator('.item').count()).resolves.toBe(eligibility.items.length);
    // What was "not sure" (and not settled by another answer) stays conditional.
    for (const field of walk.unsure.filter((name) => walk.profile[name] === undefined)) expect(eligibility.missing).toContain(field);
    await screenshot(page, 'guided-zh-checklist', { fullPage: true });

    // The checklist as a Word document, read back.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载 Word' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^checklist-lead-acid-battery-\d{4}-\d{2}-\d{2}\.docx$/u);
    const text = (await mammoth.extractRawText({ buffer: readFileSync((await file.path())!) })).value.replace(/\s+/gu, '');
    const titles = await result.locator('.item .item-title strong').allTextContents();
    const quotes = await result.locator('.item .cites q').allTextContents();
    expect(titles.length).toBe(eligibility.items.length);
    for (const title of titles) expect(text).toContain(title.replace(/\s+/gu, ''));
    for (const quote of quotes) expect(text).toContain(quote.replace(/\s+/gu, ''));
    expect(text).toContain(`规则与语料版本：${eligibility.version}`);
    expect(text).toContain('中小企业是');
  });

  it('en: a state-owned paper mill of a central SOE is not asked whether it is state-owned', async () => {
    const page = await newPage();
    await page.goto(api.url + '/?lang=en');
    await page.getByRole('button', { name: 'Start the guided check' }).click();
    const walk = await walkGuided(page, PAGE_SCOPE, {}, 'Papermaking', { centralSoe: true, stateOwned: true, aboveDesignatedSize: true, sme: false }, 'en', 'guided-en-question');
    expect(walk.asked).toContain('centralSoe');
    expect(walk.asked).not.toContain('stateOwned');
    expect(walk.profile.stateOwned).toBe(true);
    await expectNothingLeft(walk);
    await page.getByRole('heading', { name: 'Checklist: Papermaking' }).waitFor();
    await expect(page.getByRole('group', { name: 'State-owned' }).getByRole('radio', { name: 'Yes' }).isChecked()).resolves.toBe(true);
    await expect(page.locator('#eligibility-result').textContent()).resolves.toMatch(/central SOE/iu);
    await screenshot(page, 'guided-en-checklist', { fullPage: true });
  });

  it('on a phone: one question at a time fits the screen, and “previous question” goes back', async () => {
    const page = await newPage({ width: 375, height: 800 });
    await page.goto(api.url + '/');
    await page.getByRole('button', { name: '开始逐项检查' }).click();
    await page.getByRole('combobox', { name: '选择行业' }).selectOption({ label: '造纸' });
    await page.getByRole('button', { name: '确定', exact: true }).click();
    const heading = page.locator(PAGE_SCOPE.question);
    await expect.poll(() => heading.getAttribute('data-field')).not.toBe('industry');
    const first = await heading.getAttribute('data-field');
    await page.locator('#guided-check .guided-choices button').first().click();
    await expect.poll(() => heading.getAttribute('data-field')).not.toBe(first);
    await screenshot(page, 'guided-phone-question');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: '上一题' }).click();
    await expect.poll(() => heading.getAttribute('data-field')).toBe(first);
  });
});

describe('the batch check on the page', WALK_TIMEOUT, () => {
  const CSV = ['地区,指标,数值,单位', '北京,t1-training,45', '上海,t1-training,62', '广东,audit-passed-rate,35%', '河北,t1-hg,很多', '天津,t1-hg,700,吨'].join('\n');

  it('zh: uploads a CSV with a bad row: the good rows are checked, the bad one is reported, and the results download as CSV and XLSX', async () => {
    const page = await newPage();
    await page.goto(api.url + '/');
    await page.getByLabel('CSV 或 XLSX 文件').setInputFiles({ name: '各省数据.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByRole('button', { name: '核对', exact: true }).click();
    const table = page.locator('table.batch-table');
    await table.waitFor();
    // One row per target checked: Guangdong's indicator has two targets (Table 1's and the text's).
    await expect(table.locator('tbody tr').count()).resolves.toBe(5);
    await expect(table.locator('tr[data-line="2"]').textContent()).resolves.toContain('未达到');
    await expect(table.locator('tr[data-line="3"]').textContent()).resolves.toContain('已达到');
    const errors = page.locator('table.batch-errors tbody tr');
    await expect(errors.count()).resolves.toBe(1);
    await expect(errors.first().textContent()).resolves.toContain('不是数字：“很多”');
    await expect(page.locator('#batch-result .batch-summary').textContent()).resolves.toBe('已核对 4 行：4 项达到目标，1 项未达到。');
    await expect(page.locator('#batch-result [role="alert"]').first().textContent()).resolves.toContain('1 行无法核对');
    const chart = page.locator('.batch-chart svg[role="img"]');
    await expect(chart.locator('rect.b-met').count()).resolves.toBe(4);
    await expect(chart.locator('rect.b-not-met').count()).resolves.toBe(1);
    await expect(chart.locator('line.goal-line').count()).resolves.toBe(4);
    await page.locator('#batch-section').scrollIntoViewIfNeeded();
    await screenshot(page, 'batch-zh', { fullPage: true });

    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载结果（CSV）' }).click();
    const csvFile = await csvDownload;
    expect(csvFile.suggestedFilename()).toMatch(/^target-check-.*\.csv$/u);
    const rows = parse(readFileSync((await csvFile.path())!), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => [row['行'], row['地区'], row['是否达到']])).toEqual([
      ['2', '北京', '未达到'],
      ['3', '上海', '已达到'],
      ['4', '广东', '已达到'],
      ['4', '广东', '已达到'],
      ['6', '天津', '已达到'],
      ['5', '', '有问题'],
    ]);

    const xlsxDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载结果（XLSX）' }).click();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await (await xlsxDownload).path())!);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['核对结果', '有问题的行']);
    expect(book.worksheets[1]!.getRow(2).getCell(4).value).toBe('不是数字：“很多”。');
  });

  it('en, phone: pasted rows, the table as cards, nothing wider than the screen', async () => {
    const page = await newPage({ width: 375, height: 800 });
    await page.goto(api.url + '/?lang=en');
    await page.getByLabel('Or paste CSV').fill('Beijing,t1-training,45\nHebei,no-such-target,3\nShanghai,t1-training,62');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.locator('table.batch-table').waitFor();
    await expect(page.locator('table.batch-errors').textContent()).resolves.toContain('The plan has no target or indicator “no-such-target”.');
    await page.locator('#batch-section').scrollIntoViewIfNeeded();
    await screenshot(page, 'batch-en-phone', { fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

describe('the guided check in the widget', WALK_TIMEOUT, () => {
  const WIDGET_SCOPE = { question: 'cp-assistant .guided h3[data-field]', reason: 'cp-assistant .guided .g-reason', done: 'cp-assistant .guided h3.g-result' };

  it('zh, on an association’s site with a preset industry: asks only what matters, ends in the checklist with a Word download', async () => {
    const page = await newPage({ width: 1280, height: 860 }, 'host');
    await page.goto(host.page({ lang: 'zh', industry: '铅蓄电池', open: 'true' }));
    await page.getByRole('button', { name: '逐项检查' }).click();
    const walk = await walkGuided(page, WIDGET_SCOPE, { industry: '铅蓄电池' }, '铅蓄电池', { sme: true, stateOwned: false, centralSoe: false }, 'zh', 'widget-guided-zh');
    expect(walk.asked).not.toContain('industry'); // preset by the site
    expect(walk.asked).toContain('sme');
    await expectNothingLeft(walk);
    const eligibility = await apiPost('/v1/eligibility', { profile: walk.profile });
    await expect(page.locator('cp-assistant .guided .g-items li[data-item]').count()).resolves.toBe(eligibility.items.length);
    await screenshot(page, 'widget-guided-zh-checklist');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载 Word 清单' }).click();
    const text = (await mammoth.extractRawText({ buffer: readFileSync((await (await download).path())!) })).value;
    expect(text).toContain(eligibility.items[0].title);
    // Back to the chat.
    await page.getByRole('button', { name: '返回对话' }).click();
    await expect(page.getByRole('textbox', { name: '您的问题' }).isVisible()).resolves.toBe(true);
  });

  it('en, phone: the industry is asked first when the site sets none, and the question fits the screen', async () => {
    const page = await newPage({ width: 375, height: 740 }, 'host');
    await page.goto(host.page({ lang: 'en', open: 'true' }));
    await page.getByRole('button', { name: 'Guided check' }).click();
    // The industry, then two questions (the page's test above goes to the end).
    const walk = await walkGuided(page, WIDGET_SCOPE, {}, 'Papermaking', { centralSoe: true, aboveDesignatedSize: true, sme: false }, 'en', 'widget-guided-en-phone', 3);
    expect(walk.asked[0]).toBe('industry');
    expect(walk.asked).toHaveLength(3);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
