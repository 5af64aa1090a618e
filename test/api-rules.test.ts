import { beforeAll, describe, expect, it } from 'vitest';
import { stripWhitespace } from '../src/text/normalize.js';
import { mainPack } from './support/packs.js';
import { postJson, testApp } from './support/services.js';

type App = Awaited<ReturnType<typeof testApp>>;
let app: App;
const corpus = mainPack().corpus;

beforeAll(async () => {
  app = await testApp();
});

async function json(path: string, init?: RequestInit) {
  const response = await app.request(path, init);
  return { status: response.status, body: (await response.json()) as any, headers: response.headers };
}

function expectVerbatim(citations: Array<{ id: string; quote: string }>) {
  expect(citations.length).toBeGreaterThan(0);
  for (const { id, quote } of citations) {
    const clause = corpus.get(id);
    expect(clause, id).toBeDefined();
    expect(stripWhitespace(clause!.text)).toContain(stripWhitespace(quote));
  }
}

describe('GET /healthz and /openapi.json', () => {
  it('answers 200 and stamps the rule-set version', async () => {
    const { status, body, headers } = await json('/healthz');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(headers.get('x-plan-version')).toBe(body.version);
  });
  it('documents every route', async () => {
    const { status, body } = await json('/openapi.json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/v1/eligibility', '/v1/targets', '/v1/targets/check', '/v1/ask', '/v1/ask/stream']));
  });
});

describe('GET /v1/targets', () => {
  it('lists every quantified target, each cited verbatim', async () => {
    const { status, body } = await json('/v1/targets');
    expect(status).toBe(200);
    expect(body.targets.length).toBeGreaterThanOrEqual(40);
    for (const target of body.targets) {
      expectVerbatim(target.citations);
      expect(target.target.year).toBe(2015);
      expect(target.title.length).toBeGreaterThan(0);
    }
    const texts = body.targets.map((target: any) => `${target.title} ${target.text}`).join('\n');
    for (const figure of ['638吨', '40%', '65万吨', '10.8万吨', '120万吨', '73万吨', '0.2万吨', '18万吨', '500家', '90%']) expect(texts).toContain(figure);
    expect(body.period.end).toBe(2015);
  });
  it('filters by industry alias and speaks English when asked', async () => {
    const { body } = await json('/v1/targets?industry=electroplating&kind=penetration&lang=en');
    expect(body.targets.length).toBe(3);
    for (const target of body.targets) expect(target.target.value).toBe(30);
    const all = await json('/v1/targets?industry=电镀');
    expect(all.body.targets.some((target: any) => target.kind === 'reduction' && target.target.value === 73)).toBe(true);
    expect(body.targets[0].title).toMatch(/[a-z]/iu);
  });
  it('refuses an unknown industry filter naming the field', async () => {
    const { status, body } = await json('/v1/targets?industry=spaceships');
    expect(status).toBe(400);
    expect(body.error.field).toBe('industry');
  });
});

describe('POST /v1/eligibility', () => {
  it('an above-scale electroplating firm: the two-year audit, its technologies and substitutions with 2015 targets, nothing for other industries', async () => {
    const { status, body } = await json('/v1/eligibility', postJson({ profile: { industry: '电镀', aboveDesignatedSize: true } }));
    expect(status).toBe(200);
    expect(body.industry.id).toBe('electroplating');
    const kinds = body.items.map((item: any) => item.kind);
    expect(kinds).toEqual(expect.arrayContaining(['audit', 'technology', 'substitution']));
    const audit = body.items.filter((item: any) => item.kind === 'audit');
    expect(audit.map((item: any) => item.text).join()).toMatch(/两年/u);
    const technologyTargets = body.items.flatMap((item: any) => item.targets);
    expect(technologyTargets.map((target: any) => target.target.value)).toEqual(expect.arrayContaining([30]));
    expect(body.items.flatMap((item: any) => item.technologies).join()).toMatch(/低铬镀铬/u);
    const lineage = new Set(body.industry.lineage);
    const groups = new Set(body.industry.groups);
    for (const item of body.items) {
      expectVerbatim(item.citations);
      for (const reason of item.why) {
        if (reason.fact === 'industryLineage') expect(lineage.has(reason.value), item.id).toBe(true);
        if (reason.fact === 'industryGroups') expect(groups.has(reason.value), item.id).toBe(true);
      }
      for (const target of item.targets) for (const id of target.industries.map((i: any) => i.id)) expect(lineage.has(id), `${item.id} → ${target.id}`).toBe(true);
    }
    // The 11 industries' one-round audit is for major-pollutant industries only.
    expect(body.items.some((item: any) => item.why.some((reason: any) => reason.value === 'major-pollutant'))).toBe(false);
  });

  it('a small papermaker that is not a central SOE gets no mandatory audit round', async () => {
    const { body } = await json('/v1/eligibility', postJson({ profile: { industry: '造纸', aboveDesignatedSize: false, centralSoe: false, sme: true } }));
    expect(body.industry.id).toBe('papermaking');
    expect(body.items.filter((item: any) => item.kind === 'audit')).toEqual([]);
    expect(body.items.some((item: any) => item.kind === 'technology')).toBe(true);
  });

  it('an above-scale papermaker gets the one-round audit; without size, size is missing', async () => {
    const above = await json('/v1/eligibility', postJson({ profile: { industry: 'paper', aboveDesignatedSize: true } }));
    expect(above.body.items.some((item: any) => item.kind === 'audit')).toBe(true);
    const unknown = await json('/v1/eligibility', postJson({ profile: { industry: 'papermaking' } }));
    expect(unknown.body.missing).toContain('aboveDesignatedSize');
    expect(unknown.body.items.some((item: any) => item.kind === 'audit')).toBe(false);
  });

  it('a lead-acid battery maker inherits the battery industry’s heavy-metal audit and has its own technologies', async () => {
    const { body } = await json('/v1/eligibility', postJson({ profile: { industry: '铅酸电池' } }));
    expect(body.industry.lineage[0]).toBe(body.industry.id);
    expect(body.industry.lineage.length).toBeGreaterThan(1);
    expect(body.industry.groups).toContain('heavy-metal');
    expect(body.items.some((item: any) => item.kind === 'audit')).toBe(true);
    expect(body.items.flatMap((item: any) => item.technologies).join()).toMatch(/板栅/u);
  });

  it('with no profile, asks for the industry', async () => {
    const { body } = await json('/v1/eligibility', postJson({ profile: {} }));
    expect(body.industry).toBeNull();
    expect(body.missing[0]).toBe('industry');
  });

  it('an industry the plan does not name is reported, not guessed', async () => {
    const { status, body } = await json('/v1/eligibility', postJson({ profile: { industry: '宇宙飞船制造' } }));
    expect(status).toBe(200);
    expect(body.industry).toBeNull();
    expect(body.unrecognizedIndustry).toBe('宇宙飞船制造');
  });
});

describe('POST /v1/targets/check', () => {
  async function trainingTargetId() {
    const { body } = await json('/v1/targets');
    return body.targets.find((target: any) => target.citations.some((c: any) => c.id === 't1.training')).id as string;
  }
  it('">50%" is met only above 50: 50 is not met, 50.1 is', async () => {
    const targetId = await trainingTargetId();
    const { status, body } = await json('/v1/targets/check', postJson({ figures: [{ targetId, value: 50 }, { targetId, value: 50.1 }, { targetId, value: 45 }] }));
    expect(status).toBe(200);
    expect(body.results.map((result: any) => result.met)).toEqual([false, true, false]);
    expect(body.results[2].difference).toBe(-5);
    expect(body.results[2].summary).toMatch(/5个百分点/u);
  });
  it('converts units: 6380000 kg is not a unit, 0.0638万吨 equals 638吨', async () => {
    const { body } = await json('/v1/targets');
    const mercury = body.targets.find((target: any) => target.citations.some((c: any) => c.id === 't1.hg'));
    const { body: checked } = await json('/v1/targets/check', postJson({ figures: [{ targetId: mercury.id, value: 0.0638, unit: '万吨' }] }));
    expect(checked.results[0].met).toBe(true);
    const bad = await json('/v1/targets/check', postJson({ figures: [{ targetId: mercury.id, value: 5, unit: '%' }] }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('figures[0].unit');
  });
  it('an unknown target names the field', async () => {
    const { status, body } = await json('/v1/targets/check', postJson({ figures: [{ targetId: 'no-such-target', value: 1 }] }));
    expect(status).toBe(400);
    expect(body.error.field).toBe('figures[0].targetId');
  });
});

describe('bad input gets a 4xx naming the field, never a 5xx', () => {
  const cases: Array<[string, RequestInit, number, string]> = [
    ['malformed JSON', postJson('{"profile": '), 400, 'body'],
    ['wrong type', postJson({ profile: { aboveDesignatedSize: 'yes' } }), 400, 'profile.aboveDesignatedSize'],
    ['unknown profile field', postJson({ profile: { revenue: 5 } }), 400, 'profile.revenue'],
    ['a flag this plan does not ask about', postJson({ profile: { hasWebsite: true } }), 400, 'profile'],
    ['missing profile', postJson({}), 400, 'profile'],
    ['array body', postJson([1, 2]), 400, 'body'],
    ['not JSON', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' }, 415, 'content-type'],
    ['too large', postJson({ profile: { industry: 'x'.repeat(100_000) } }), 413, 'body'],
  ];
  for (const [name, init, status, field] of cases) {
    it(name, async () => {
      const response = await json('/v1/eligibility', init);
      expect(response.status).toBe(status);
      expect(response.body.error.code).toEqual(expect.any(String));
      expect(response.body.error.field).toBe(field);
      expect(response.body.error.message).toContain(field === 'body' || field === 'content-type' ? field : field.split('.')[0]);
    });
  }
  it('unknown paths get a JSON 404', async () => {
    const { status, body } = await json('/v2/nothing');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});

describe('POST /v1/eligibility: industries as people write them', () => {
  it('resolves a name inside business words, and returns the candidates of an ambiguous one without guessing', async () => {
    const plain = await json('/v1/eligibility', postJson({ profile: { industry: '一家造纸企业', aboveDesignatedSize: true } }));
    expect(plain.status).toBe(200);
    expect(plain.body.industry.id).toBe('papermaking');
    expect(plain.body.candidates).toBeUndefined();
    const ambiguous = await json('/v1/eligibility', postJson({ profile: { industry: '化肥厂', aboveDesignatedSize: true } }));
    expect(ambiguous.status).toBe(200);
    expect(ambiguous.body.industry).toBeNull();
    expect(ambiguous.body.candidates).toEqual([{ id: 'nitrogen-fertilizer', name: '氮肥' }]);
    // Nothing of the candidate's own applies until the user chooses it.
    expect(ambiguous.body.items.map((item: any) => item.id)).not.toContain('tech-nitrogen-fertilizer-promote');
    const ruledOut = await json('/v1/eligibility', postJson({ profile: { industry: '磷肥厂' } }));
    expect(ruledOut.body.industry).toBeNull();
    expect(ruledOut.body.candidates).toBeUndefined();
  });
});
