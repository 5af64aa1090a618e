import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.js';
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

describe('industry names as people write them', () => {
  it('every industry, in 8 Chinese frames and 6 English forms, resolves to itself (≥ 98%)', async () => {
    const misses: string[] = [];
    let total = 0;
    for (const industry of pack.industries) {
      const names = [
        ...ZH_FRAMES.map((frame) => frame.replace('{}', industry.name.zh)),
        ...EN_FRAMES.map((frame) => frame.replace('{}', industry.name.en.charAt(0).toLowerCase() + industry.name.en.slice(1))),
      ];
      for (const name of names) {
        total += 1;
        const body = await eligibility(name);
        if (body.industry?.id !== industry.id) misses.push(`${name} → ${body.industry?.id ?? (body.candidates ? `ambiguous ${body.candidates.map((c) => c.id)}` : 'none')}`);
      }
    }
    console.log(`industry names resolved: ${total - misses.length}/${total}${misses.length ? `; misses: ${misses.join('; ')}` : ''}`);
    expect(total).toBeGreaterThanOrEqual(pack.industries.length * 14);
    expect((total - misses.length) / total).toBeGreaterThanOrEqual(0.98);
  });

  it('names of other businesses, and other routes or products, never map to a plan industry', async () => {
    for (const name of ['磷肥厂', '乙烯法PVC生产企业', '锰矿开采公司', '面包店', '软件公司', '银行', 'phosphate fertiliser plant', 'ethylene-route PVC plant', 'manganese ore mining', 'a bakery', 'software company']) {
      const body = await eligibility(name);
      expect(body.industry, name).toBeNull();
      expect(body.candidates ?? [], name).toEqual([]);
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
});
