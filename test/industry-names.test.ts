import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.js';
import { projectPath } from '../src/paths.js';
import { fold } from '../src/text/normalize.js';
import { mainPack } from './support/packs.js';
import { postJson, testServices } from './support/services.js';

/**
 * Industry names as people write them, generated from the pack's own data: every industry of
 * the plan under its Chinese and English names, in frames people use (business words,
 * company names, plurals). They must resolve through POST /v1/eligibility; names that fit an
 * industry on one reading only must be asked about; names of other businesses never map.
 */
const pack = mainPack();
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  app = createApp(await testServices());
});

const ZH_FRAMES = ['{}', '一家{}企业', '{}厂', '{}有限公司', '我们是{}行业的', '某{}集团', '{}生产企业', '本市{}企业'];
const EN_FRAMES = ['{}', '{} company', '{} plant', 'a {} producer', '{} Co., Ltd.', 'the {} industry'];

async function eligibility(industry: string): Promise<{ industry: { id: string } | null; candidates?: Array<{ id: string }> }> {
  const response = await app.request('/v1/eligibility', postJson({ profile: { industry } }));
  expect(response.status, industry).toBe(200);
  return (await response.json()) as never;
}

/** The readings of the pack's general name that is this name, if it is one ("glass": glass or flat glass). */
function generalReadings(name: string): string[] | undefined {
  const general = pack.naming.generalNames.find((entry) => entry.names.some((written) => fold(written) === fold(name)));
  return general ? Object.keys(general.readings).sort() : undefined;
}

const got = (body: Awaited<ReturnType<typeof eligibility>>) => body.industry?.id ?? (body.candidates?.length ? `ambiguous ${body.candidates.map((c) => c.id)}` : 'none');

describe('industry names as people write them', () => {
  it('every industry, in 8 Chinese frames and 6 English forms, resolves to itself (≥ 98%); by a general name, it is asked about with each reading', async () => {
    const misses: string[] = [];
    let total = 0;
    for (const industry of pack.industries) {
      const zh = industry.name.zh;
      const en = industry.name.en.charAt(0).toLowerCase() + industry.name.en.slice(1);
      const names = [...ZH_FRAMES.map((frame) => [frame.replace('{}', zh), generalReadings(zh)] as const), ...EN_FRAMES.map((frame) => [frame.replace('{}', en), generalReadings(en)] as const)];
      for (const [name, readings] of names) {
        total += 1;
        const body = await eligibility(name);
        // An id is an id, whatever else the word may mean.
        const asked = readings && name !== industry.id;
        const hit = asked ? body.industry === null && JSON.stringify(body.candidates?.map((c) => c.id).sort()) === JSON.stringify(readings) : body.industry?.id === industry.id;
        if (!hit) misses.push(`${name} → ${got(body)}${asked ? ` (expected ambiguous ${readings})` : ''}`);
      }
    }
    console.log(`industry names resolved: ${total - misses.length}/${total}${misses.length ? `; misses: ${misses.join('; ')}` : ''}`);
    expect(total).toBeGreaterThanOrEqual(pack.industries.length * 14);
    expect((total - misses.length) / total).toBeGreaterThanOrEqual(0.98);
  });

  it('names of other businesses, and other routes or products, never map to a plan industry', async () => {
    for (const name of [
      '磷肥厂',
      '乙烯法PVC生产企业',
      '锰矿开采公司',
      '面包店',
      '软件公司',
      '银行',
      'phosphate fertiliser plant',
      'ethylene-route PVC plant',
      'manganese ore mining',
      'a bakery',
      'software company',
      // Real words a letter or two from a name's word are not misspellings of it.
      'cooking oil plant',
      'coding company',
      'costing firm',
      'tree planting company',
      'sister company',
      'tanker company',
      'weather station',
      'feather and down factory',
      'printing company',
      'we led the market',
    ]) {
      const body = await eligibility(name);
      expect(body.industry, name).toBeNull();
      expect(body.candidates ?? [], name).toEqual([]);
    }
  });

  it('a business that sells or distributes what it names is none of the plan’s industries; one that also makes it is', async () => {
    for (const name of ['paper trading company', 'semiconductor distributor', '皮具专卖店', '农资店（卖农药化肥）', '钢材贸易公司']) {
      const body = await eligibility(name);
      expect(body.industry, name).toBeNull();
      expect(body.candidates ?? [], name).toEqual([]);
    }
    for (const name of ['电池生产销售公司', 'battery maker and distributor', 'steel plant and trading company', 'tannery with a retail store', '制革企业，兼营皮具零售', '钢铁公司（含贸易）', 'Acme Steel Trading & Processing Co.', 'cement exporter']) {
      expect(got(await eligibility(name)), name).not.toBe('none');
    }
  });

  it('a name that fits an industry on one reading only is asked about, with the candidates', async () => {
    for (const [name, id] of [
      ['PVC厂', 'pvc-carbide'],
      ['聚氯乙烯生产企业', 'pvc-carbide'],
      ['化肥厂', 'nitrogen-fertilizer'],
      ['锰', 'electrolytic-manganese'],
      ['a PVC producer', 'pvc-carbide'],
      ['fertiliser plant', 'nitrogen-fertilizer'],
      ['manganese company', 'electrolytic-manganese'],
    ] as const) {
      const body = await eligibility(name);
      expect(body.industry, name).toBeNull();
      expect(body.candidates?.map((candidate) => candidate.id), name).toEqual([id]);
    }
  });

  it('a name alone that may mean several plan industries is asked about, with each; inside a sentence it names none', async () => {
    for (const name of ['铅', '搞铅的', 'lead', 'Lead company']) {
      const body = await eligibility(name);
      expect(body.industry, name).toBeNull();
      expect(body.candidates?.map((candidate) => candidate.id).sort(), name).toEqual(['lead-acid-battery', 'lead-zinc-smelting']);
    }
    const project = await app.request('/v1/ask', postJson({ question: 'What is the lead reduction project’s target?' }));
    expect(((await project.json()) as { status: string }).status).toBe('answered');
  });

  it('names of a process or product of a plan industry resolve to it', async () => {
    for (const [name, id] of [
      ['球团厂', 'steel'],
      ['sinter plant', 'steel'],
      ['锌锰干电池厂', 'battery'],
      ['dry cell maker', 'battery'],
    ] as const) {
      expect((await eligibility(name)).industry?.id, name).toBe(id);
    }
  });

  it('words that settle the reading settle it', async () => {
    expect((await eligibility('电石法PVC厂')).industry?.id).toBe('pvc-carbide');
    expect((await eligibility('carbide-route PVC plant (calcium carbide PVC)')).industry?.id).toBe('pvc-carbide');
    expect((await eligibility('电解锰厂')).industry?.id).toBe('electrolytic-manganese');
    expect((await eligibility('氮肥厂')).industry?.id).toBe('nitrogen-fertilizer');
  });

  it('English word forms and digits in a name', async () => {
    for (const [name, id] of [
      ['brewer', 'fermentation'],
      ['lead smelter', 'lead-zinc-smelting'],
      ['tanneries', 'leather'],
      ['3C电子', 'electronics'],
      ['第2纺织厂', 'textiles'],
    ] as const) {
      expect((await eligibility(name)).industry?.id, name).toBe(id);
    }
  });

  it('two industries named in one name are asked about, each a candidate; a name that holds a shorter one is one industry', async () => {
    for (const [name, ids] of [
      ['我们厂既搞电镀又生产电池', ['battery', 'electroplating', 'lead-acid-battery']],
      ['our group runs a chromate chemicals plant and a tannery', ['chromium-salts', 'leather']],
      ['钢铁焦化联合企业', ['coking', 'steel']],
      ['chemicals and pharmaceuticals', ['chemicals', 'pharmaceutical']],
      ['we make batteries, some lead-acid some alkaline', ['battery', 'lead-acid-battery']],
    ] as const) {
      const body = await eligibility(name);
      expect(body.industry, name).toBeNull();
      expect(body.candidates?.map((candidate) => candidate.id).sort(), name).toEqual(ids);
    }
    for (const [name, id] of [
      ['铅蓄电池厂', 'lead-acid-battery'],
      ['蓄电池厂，做电动车用铅酸电池', 'lead-acid-battery'],
      ['textile dye house / finishing mill', 'textile-dyeing'],
      ['a chemicals company making pesticides', 'pesticide'],
      ['有色金属企业，主要做铅锌冶炼', 'lead-zinc-smelting'],
      ['we formulate and pack crop protection chemicals', 'pesticide'],
      ['草甘膦原药厂', 'pesticide'],
      ['锂离子电池厂', 'battery'],
      ['稀土分离冶炼公司', 'rare-earth'],
    ] as const) {
      expect((await eligibility(name)).industry?.id, name).toBe(id);
    }
  });

  it('a name just after a negation, in its clause, is not what the business does; a negation inside a name is the name', async () => {
    for (const [name, id] of [
      ['纺纱厂，不染色', 'textiles'],
      ['纺纱织布，不做染整', 'textiles'],
      ['spinning mill, not dyeing', 'textiles'],
      ['不锈钢冶炼', 'steel'],
    ] as const) {
      expect((await eligibility(name)).industry?.id, name).toBe(id);
    }
  });

  it('every general name of the pack is asked about with its readings; a word beside it that settles a reading settles it', async () => {
    let checked = 0;
    for (const general of pack.naming.generalNames) {
      const readings = Object.keys(general.readings).sort();
      // An id is an id ("glass").
      for (const name of general.names.filter((written) => !pack.industries.some((industry) => industry.id === written))) {
        for (const framed of /\p{Script=Han}/u.test(name) ? [name, `${name}厂`, `做${name}的`] : [name, `${name} company`, `a ${name} producer`]) {
          const body = await eligibility(framed);
          expect(body.industry, framed).toBeNull();
          expect(body.candidates?.map((candidate) => candidate.id).sort(), framed).toEqual(readings);
          checked += 1;
        }
        const han = /\p{Script=Han}/u.test(name);
        for (const [id, words] of Object.entries(general.readings)) {
          for (const word of words.filter((word) => /\p{Script=Han}/u.test(word) === han)) {
            const text = han ? `${word}${name}` : `${word} ${name}`;
            expect((await eligibility(text)).industry?.id, text).toBe(id);
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('a misspelt English word of a name is read as that word; the industries named by one word, one letter out, resolve', async () => {
    for (const [name, id] of [
      ['cemnet plant', 'cement'],
      ['phamaceutical API maker', 'pharmaceutical'],
      ['tannary', 'leather'],
      ['electroplatng shop', 'electroplating'],
      ['a ceramcs factory', 'ceramics'],
    ] as const) {
      expect((await eligibility(name)).industry?.id, name).toBe(id);
    }
    const misses: string[] = [];
    let total = 0;
    for (const industry of pack.industries) {
      const word = fold(industry.name.en);
      if (!/^[a-z]{7,}$/u.test(word) || generalReadings(word)) continue;
      // Two letters in the middle swapped, as fingers do.
      const middle = Math.floor(word.length / 2);
      const typo = `${word.slice(0, middle)}${word[middle + 1]}${word[middle]}${word.slice(middle + 2)}`;
      total += 1;
      const body = await eligibility(`${typo} company`);
      if (body.industry?.id !== industry.id) misses.push(`${typo} → ${got(body)}`);
    }
    expect(total).toBeGreaterThanOrEqual(8);
    expect(misses).toEqual([]);
  });

  it('/v1/ask asks which industry a general name means, with its readings', async () => {
    for (const [question, industry, ids] of [
      ['我们适用规划的哪些要求？', '玻璃厂', ['flat-glass', 'glass']],
      ['What applies to us?', 'we make batteries', ['battery', 'lead-acid-battery']],
      ['What applies to us?', 'a chromate chemicals plant and a tannery', ['chromium-salts', 'leather']],
    ] as const) {
      const response = await app.request('/v1/ask', postJson({ question, profile: { industry } }));
      const body = (await response.json()) as { status: string; choices?: { industries: Array<{ id: string }> } };
      expect(body.status, industry).toBe('needs_info');
      expect(body.choices?.industries.map((entry) => entry.id).sort(), industry).toEqual(ids);
    }
  });

  it('/v1/ask reads what a business says it is by the same resolver when no plan name is written as such', async () => {
    for (const [question, ids] of [
      ['We run a smelter. Do we need a cleaner production audit?', ['lead-zinc-smelting', 'metallurgy', 'nonferrous', 'rare-earth', 'steel']],
      ['我们是做PCB的，需要做清洁生产审核吗？', ['electronics', 'electroplating']],
    ] as const) {
      const response = await app.request('/v1/ask', postJson({ question }));
      const body = (await response.json()) as { status: string; choices?: { industries: Array<{ id: string }> } };
      expect(body.status, question).toBe('needs_info');
      expect(body.choices?.industries.map((entry) => entry.id).sort(), question).toEqual(ids);
    }
    const response = await app.request('/v1/ask', postJson({ question: 'We are a cemnet plant. What technologies should we adopt?' }));
    const body = (await response.json()) as { status: string; answer: string };
    expect(body.status).toBe('answered');
    expect(body.answer).toMatch(/cement/iu);
  });
});

describe('a Chinese name typed one character off by sound (a pinyin input slip)', () => {
  it('resolves to the industry whose name sounds the same', async () => {
    const cases: Array<[string, string]> = [
      ['皮格厂', 'leather'],
      ['造止厂', 'papermaking'],
      ['电解猛', 'electrolytic-manganese'],
      ['钢贴厂', 'steel'],
      ['制堂厂', 'sugar'],
      ['一家农要企业', 'pesticide'],
    ];
    for (const [name, id] of cases) expect((await eligibility(name)).industry?.id, name).toBe(id);
  });

  it('leaves other businesses whose names differ by a character unread', async () => {
    for (const name of ['造船厂', '点心厂', '制衣厂', '食品厂', '自来水厂', '家具厂']) expect((await eligibility(name)).industry, name).toBeNull();
  });
});

describe('rules/homophones.json', () => {
  it('is what scripts/homophones.mjs writes from the industries’ names (regenerate it after changing them)', () => {
    expect(() => execFileSync(process.execPath, [projectPath('scripts', 'homophones.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
