/**
 * POST /v1/eligibility/export: the checklist as a DOCX or CSV attachment, read back with a
 * Word-document reader and a CSV parser: profile, items, verbatim quotes with clause labels,
 * the plan's title and period, the version and the date.
 */
import { parse } from 'csv-parse/sync';
import mammoth from 'mammoth';
import { beforeAll, describe, expect, it } from 'vitest';
import { postJson, testApp } from './support/services.js';

type App = Awaited<ReturnType<typeof testApp>>;
let app: App;

beforeAll(async () => {
  app = await testApp();
});

const flat = (text: string) => text.replace(/\s+/gu, '');

describe('POST /v1/eligibility/export', () => {
  it('answers a DOCX attachment holding every item with its quotes, the profile, plan, period, version and date', async () => {
    const profile = { industry: '铅蓄电池', sme: true, stateOwned: false };
    const [response, eligibility] = await Promise.all([
      app.request('/v1/eligibility/export?format=docx', postJson({ profile, lang: 'zh' })),
      Promise.resolve(app.request('/v1/eligibility', postJson({ profile, lang: 'zh' }))).then((r) => r.json() as Promise<any>),
    ]);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="checklist-lead-acid-battery-\d{4}-\d{2}-\d{2}\.docx"$/u);
    const text = flat((await mammoth.extractRawText({ buffer: Buffer.from(await response.arrayBuffer()) })).value);
    expect(text).toContain(flat('《工业清洁生产推行“十二五”规划》'));
    expect(text).toContain(flat(eligibility.period.note));
    expect(text).toContain(`规则与语料版本：${eligibility.version}`);
    expect(text).toMatch(/生成时间：\d{4}-\d{2}-\d{2}\d{2}:\d{2}UTC/u);
    expect(text).toContain('中小企业是');
    expect(text).toContain('国有企业否');
    expect(eligibility.items.length).toBeGreaterThan(5);
    for (const item of eligibility.items) {
      expect(text).toContain(flat(item.title));
      for (const citation of item.citations) expect(text).toContain(flat(citation.quote));
    }
    // Technologies with their 2015 targets, and what may apply once unknown facts are known.
    expect(text).toContain('2015年目标：不低于30%');
    for (const entry of eligibility.wouldApplyIf) for (const item of entry.items) expect(text).toContain(flat(item.title));
  });

  it('answers the same checklist as CSV, in English when asked', async () => {
    const response = await app.request('/v1/eligibility/export?format=csv', postJson({ profile: { industry: 'papermaking', stateOwned: true }, lang: 'en' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/u);
    const rows = parse(await response.text(), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.find((row) => row.section === 'enterprise' && row.title === 'State-owned')?.text).toBe('yes');
    const applies = rows.filter((row) => row.section === 'applies');
    expect(applies.map((row) => row.id)).toEqual(expect.arrayContaining(['training-soe-heads', 'tech-papermaking-promote']));
    expect(applies.every((row) => row['the plan says'] && row.clause)).toBe(true);
    expect(rows.some((row) => row.section === 'may apply')).toBe(true);
  });

  it('refuses an unknown format and a bad profile, naming the field', async () => {
    const format = await app.request('/v1/eligibility/export?format=pdf', postJson({ profile: {} }));
    expect(format.status).toBe(400);
    expect(((await format.json()) as any).error.field).toBe('format');
    const profile = await app.request('/v1/eligibility/export', postJson({ profile: { sme: 'yes' } }));
    expect(profile.status).toBe(400);
    expect(((await profile.json()) as any).error.field).toBe('profile.sme');
  });
});
