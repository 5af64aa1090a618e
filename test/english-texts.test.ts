import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPack, type PlanPack } from '../src/plan/load.js';
import { statedValues } from '../src/text/figures.js';
import { mainPack, TEST_PLANS_DIR } from './support/packs.js';
import { postJson, testApp } from './support/services.js';
import { RenderingChecker } from './support/translation.js';

/**
 * English is wholly English: every English text of a pack (messages, rules, targets, units,
 * glossary, renderings) and every English check summary is free of Chinese, with figures
 * converted and written out (65万吨 → 650,000 tonnes; 0.2万吨/年 → 2,000 tonnes a year), and
 * says the same figures as its Chinese.
 */

/** Han characters, CJK punctuation and full-width forms. */
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

const packs: PlanPack[] = [mainPack(), loadPack(join(TEST_PLANS_DIR, 'test-water-saving'))];

function packFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'tests' ? [] : packFiles(path);
    return path.endsWith('.json') ? [path] : [];
  });
}

/** Every string inside a value, with where it stands. */
function strings(value: unknown, path: string): Array<{ path: string; text: string }> {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${path}.${index}`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => strings(item, `${path}.${key}`));
  return [];
}

/**
 * The English texts of a pack: all of messages/en.json and the renderings, and every value under
 * an `en` key or a key ending in `En` elsewhere. The LLM's instructions (prompts.json) quote the
 * plan's Chinese title on purpose and are no text a reader sees.
 */
function englishTexts(pack: PlanPack): Array<{ path: string; text: string }> {
  return packFiles(pack.dir).flatMap((file) => {
    const name = relative(pack.dir, file);
    if (name === 'prompts.json') return [];
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (name === 'messages/en.json' || name === 'corpus/clauses.en.json') return strings(data, `${pack.id}/${name}`).filter(({ path }) => !path.endsWith('$comment'));
    const found: Array<{ path: string; text: string }> = [];
    const walk = (value: unknown, path: string) => {
      if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}.${index}`));
      else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          if (key === 'en' || key.endsWith('En')) found.push(...strings(item, `${path}.${key}`));
          else walk(item, `${path}.${key}`);
        }
      }
    };
    walk(data, `${pack.id}/${name}`);
    return found;
  });
}

/** Every `{ zh, en }` pair of the rules and targets files, with where it stands. */
function localizedPairs(pack: PlanPack): Array<{ path: string; zh: string; en: string }> {
  const pairs: Array<{ path: string; zh: string; en: string }> = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}.${index}`));
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.zh === 'string' && typeof record.en === 'string') pairs.push({ path, zh: record.zh, en: record.en });
      for (const [key, item] of Object.entries(record)) walk(item, `${path}.${key}`);
    }
  };
  for (const file of ['rules/eligibility.json', 'rules/targets.json']) walk(JSON.parse(readFileSync(join(pack.dir, file), 'utf8')), `${pack.id}/${file}`);
  return pairs;
}

describe('the English texts of the packs', () => {
  it('hold no Chinese character', () => {
    for (const pack of packs) {
      const texts = englishTexts(pack);
      expect(texts.length, pack.id).toBeGreaterThan(50);
      expect(texts.filter(({ text }) => CJK.test(text)).map(({ path, text }) => `${path}: ${text}`)).toEqual([]);
    }
  });

  it('the check finds Chinese in an English text', () => {
    expect(englishTexts(mainPack()).some(({ path }) => path.endsWith('rules/targets.json.targets.3.text.en'))).toBe(true);
    expect(CJK.test('the 2015 target was 65万吨')).toBe(true);
    expect(CJK.test('the 2015 target was 650,000 tonnes')).toBe(false);
  });

  it('every English text of a rule or target states the figures its Chinese states, converted (a data-driven test over every one)', () => {
    for (const pack of packs) {
      const checker = new RenderingChecker(pack);
      const pairs = localizedPairs(pack);
      expect(pairs.length, pack.id).toBeGreaterThan(10);
      const problems = pairs.flatMap(({ path, zh, en }) => {
        const { missing, added } = checker.figures(zh, en);
        return missing.length || added.length ? [`${path}: missing ${missing.join(', ') || '-'}, added ${added.join(', ') || '-'} — "${en}"`] : [];
      });
      expect(problems).toEqual([]);
    }
  });

  it('the comparison catches an unconverted or a wrong figure', () => {
    const checker = new RenderingChecker(mainPack());
    expect(checker.figures('2015年目标为削减65万吨', 'the 2015 target was a reduction of 650,000 tonnes')).toEqual({ missing: [], added: [] });
    expect(checker.figures('2015年目标为削减65万吨', 'the 2015 target was a reduction of 65 tonnes')).toEqual({ missing: ['650000'], added: ['65'] });
    expect(checker.figures('削减铅尘0.2万吨/年', 'cut lead dust by 200 tonnes a year')).toEqual({ missing: ['2000'], added: ['200'] });
  });
});

describe('English figures in responses', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp();
  });
  const check = async (figures: unknown[], lang: 'zh' | 'en') => {
    const response = await app.request('/v1/targets/check', postJson({ figures, lang }));
    expect(response.status).toBe(200);
    return ((await response.json()) as { results: Array<{ summary: string; met: boolean }> }).results;
  };

  it('a check is worded with English units, converted and written out', async () => {
    const [lead] = await check([{ targetId: 'reduction-pb-dust', value: 0.15 }], 'en');
    expect(lead!.summary).toBe('Reported 1,500 tonnes a year; the 2015 target was at least 2,000 tonnes a year: not met (short by 500 tonnes a year).');
    const [same] = await check([{ targetId: 'reduction-pb-dust', value: 1500, unit: '吨' }], 'en');
    expect(same!.summary).toBe(lead!.summary);
    const [zh] = await check([{ targetId: 'reduction-pb-dust', value: 0.15 }], 'zh');
    expect(zh!.summary).toContain('0.15万吨/年');
    const [one] = await check([{ targetId: 't1-hg', value: 639 }], 'en');
    expect(one!.summary).toBe('Reported 639 tonnes; the 2015 target was at least 638 tonnes: met (by 1 tonne).');
  });

  it('no English check summary of any target holds Chinese, and each states the figures in tonnes, enterprises or %', async () => {
    const pack = mainPack();
    const figures = pack.targets.flatMap((target) => [0.5, 1, 1.5].map((share) => ({ targetId: target.id, value: target.target.value * share })));
    const results: Array<{ summary: string }> = [];
    // At most 20 figures a request.
    for (let start = 0; start < figures.length; start += 20) results.push(...(await check(figures.slice(start, start + 20), 'en')));
    expect(results).toHaveLength(figures.length);
    expect(results.filter((result) => CJK.test(result.summary)).map((result) => result.summary)).toEqual([]);
    results.forEach((result, index) => {
      const target = pack.targets.find((candidate) => candidate.id === figures[index]!.targetId)!;
      const scale = target.target.unit.startsWith('万') ? 10_000 : 1;
      expect(statedValues(result.summary), result.summary).toContain(String(Math.round(target.target.value * scale * 1e6) / 1e6));
    });
  });

  it('a figure checked in an English question: the check fact is English', async () => {
    const response = await app.request('/v1/ask', postJson({ question: 'We cut lead dust by 1,500 tonnes a year by 2015. Did that meet the plan’s target?' }));
    const body = (await response.json()) as { facts: Array<{ kind: string; text: string }>; answer: string };
    const checks = body.facts.filter((fact) => fact.kind === 'check');
    expect(checks.length, body.answer).toBeGreaterThan(0);
    for (const fact of checks) {
      expect(fact.text).not.toMatch(CJK);
      expect(fact.text).toContain('1,500 tonnes');
      expect(fact.text).toContain('2,000 tonnes');
    }
  });

  it('the batch check’s English CSV and the English checklist write figures in English', async () => {
    const batch = await app.request('/v1/targets/check?lang=en', { method: 'POST', headers: { 'content-type': 'text/csv', accept: 'text/csv' }, body: 'region,indicator,value,unit\nHebei,reduction-pb-dust,0.15,万吨\n' });
    const rows = parse(await batch.text(), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({ reported: '1,500 tonnes a year', '2015 target': 'at least 2,000 tonnes a year' });
    const exported = await app.request('/v1/eligibility/export?format=csv', postJson({ profile: { industry: 'lead-acid battery' }, lang: 'en' }));
    const checklist = parse(await exported.text(), { bom: true, columns: true }) as Array<Record<string, string>>;
    const targets = checklist.map((row) => row['2015 targets'] ?? '').filter(Boolean);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((text) => CJK.test(text))).toEqual([]);
  });
});

describe('citations of English answers', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp();
  });
  const ask = async (question: string) => {
    const response = await app.request('/v1/ask', postJson({ question }));
    expect(response.status).toBe(200);
    return (await response.json()) as { citations: Array<{ id: string; quote: string; rendering?: string }>; language: string };
  };

  it('carry the quote verbatim and its unofficial English rendering, with the quote’s figures', async () => {
    const checker = new RenderingChecker(mainPack());
    const body = await ask('What was the 2015 target for reducing chemical oxygen demand?');
    expect(body.language).toBe('en');
    expect(body.citations.length).toBeGreaterThan(0);
    for (const citation of body.citations) {
      expect(citation.rendering, citation.id).toEqual(expect.any(String));
      expect(citation.rendering).not.toMatch(CJK);
      expect(checker.figures(citation.quote, citation.rendering!).missing, `${citation.quote} → ${citation.rendering}`).toEqual([]);
    }
    expect(body.citations.some((citation) => citation.rendering!.includes('650,000 tonnes'))).toBe(true);
  });

  it('Chinese answers carry none', async () => {
    const body = await ask('化学需氧量2015年要削减多少？');
    expect(body.citations.length).toBeGreaterThan(0);
    for (const citation of body.citations) expect(citation).not.toHaveProperty('rendering');
  });
});
