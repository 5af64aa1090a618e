import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.js';
import { PackError } from '../src/plan/errors.js';
import { loadPack } from '../src/plan/load.js';
import { labelCitations } from '../src/rules/citations.js';
import { MAIN_PLAN, TEST_PLANS_DIR } from './support/packs.js';
import { postJson, testServicesWithTestPack } from './support/services.js';

/**
 * A second plan served beside the real one with no TypeScript written for it: the test pack
 * (test/fixtures/plans/test-water-saving, a made-up plan marked as test data) has its own
 * industries, two flags of its own, rules, targets and messages.
 */
const TEST_PLAN = 'test-water-saving';
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  app = createApp(await testServicesWithTestPack());
});

const json = async (path: string, init?: RequestInit) => {
  const response = await app.request(path, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
};

describe('several plan packs in one service', () => {
  it('lists the packs, the default first, the test pack marked as test data', async () => {
    const { status, body } = await json('/v1/plans');
    expect(status).toBe(200);
    expect(body.plans.map((plan: { id: string }) => plan.id)).toEqual([MAIN_PLAN, TEST_PLAN]);
    expect(body.plans[0]).toMatchObject({ default: true });
    expect(body.plans[1]).toMatchObject({ default: false, testData: true, period: { start: 2021, end: 2023 } });
    expect(body.plans[0].version).not.toBe(body.plans[1].version);
  });

  it('describes a pack: its own profile questions and industries', async () => {
    const { body } = await json(`/v1/plans/${TEST_PLAN}?lang=en`);
    expect(body.profile.flags.map((flag: { id: string }) => flag.id)).toEqual(['largeWaterUser', 'usesRecycledWater']);
    expect(body.industries.map((industry: { id: string }) => industry.id)).toEqual(['food-processing', 'data-center', 'car-wash']);
  });

  it('an unknown plan is a 404 naming it, on every route', async () => {
    for (const [path, init] of [
      ['/v1/plans/no-such-plan', undefined],
      ['/v1/targets?plan=no-such-plan', undefined],
      ['/v1/eligibility', postJson({ profile: {}, plan: 'no-such-plan' })],
      ['/v1/targets/check', postJson({ figures: [{ targetId: 'x', value: 1 }], plan: 'no-such-plan' })],
      ['/v1/ask', postJson({ question: '你好', plan: 'no-such-plan' })],
      ['/openapi.json?plan=no-such-plan', undefined],
    ] as const) {
      const { status, body } = await json(path, init);
      expect(status, path).toBe(404);
      expect(body.error).toMatchObject({ code: 'unknown_plan', field: 'plan' });
      expect(body.error.message).toContain('no-such-plan');
    }
  });

  it('eligibility with the pack’s own flags; the other pack’s flags are refused, naming the field', async () => {
    const { status, headers, body } = await json('/v1/eligibility', postJson({ plan: TEST_PLAN, profile: { industry: 'data center', largeWaterUser: true, usesRecycledWater: true } }));
    expect(status).toBe(200);
    expect(body.plan).toBe(TEST_PLAN);
    expect(headers.get('x-plan-version')).toBe(body.version);
    expect(body.industry.id).toBe('data-center');
    expect(body.items.map((item: { id: string }) => item.id).sort()).toEqual(['data-center-liquid-cooling', 'recycled-water-subsidy', 'retrofit-loan-interest', 'water-audit-annual']);
    const refused = await json('/v1/eligibility', postJson({ plan: TEST_PLAN, profile: { aboveDesignatedSize: true } }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('profile');
    expect(refused.body.error.message).toContain('aboveDesignatedSize');
  });

  it('without a plan, requests are answered by the default plan exactly as before', async () => {
    const { body, headers } = await json('/v1/eligibility', postJson({ profile: { industry: '电镀', aboveDesignatedSize: true } }));
    expect(body.plan).toBe(MAIN_PLAN);
    expect(headers.get('x-plan-version')).toBe(body.version);
    expect(body.items.map((item: { id: string }) => item.id)).toContain('audit-heavy-metal-biennial');
  });

  it('targets and checks of the test pack, worded from its messages', async () => {
    const targets = await json(`/v1/targets?plan=${TEST_PLAN}&lang=en`);
    expect(targets.body.targets.map((target: { id: string }) => target.id)).toEqual(['reuse-rate', 'liquid-cooling', 'counter-flow']);
    expect(targets.body.period.note).toContain('2023');
    const check = await json('/v1/targets/check', postJson({ plan: TEST_PLAN, lang: 'zh', figures: [{ targetId: 'reuse-rate', value: 90 }] }));
    expect(check.body.results[0]).toMatchObject({ met: false, difference: -2 });
    expect(check.body.results[0].summary).toContain('未达到');
  });

  for (const [language, question, expected] of [
    ['zh', '我们是一家数据中心，需要推广什么节水技术？', /液冷技术[^。]*40%/u],
    ['en', 'Our city’s industrial water reuse rate is 90%. Does that meet the target?', /not met/u],
  ] as const) {
    it(`asks in ${language}: answered from the test pack, quoting its text`, async () => {
      const { body } = await json('/v1/ask', postJson({ plan: TEST_PLAN, question }));
      expect(body.status).toBe('answered');
      expect(body.language).toBe(language);
      expect(body.plan).toBe(TEST_PLAN);
      expect(body.answer).toMatch(expected);
      const clauses = loadPack(join(TEST_PLANS_DIR, TEST_PLAN)).corpus;
      for (const citation of body.citations) expect(clauses.get(citation.id)?.text).toContain(citation.quote);
      expect(body.verification.ok).toBe(true);
    });
  }

  it('asks with a flag of its own stated in words ("用水大户")', async () => {
    const { body } = await json('/v1/ask', postJson({ plan: TEST_PLAN, question: '我们是用水大户，需要做节水审计吗？' }));
    expect(body.profile).toMatchObject({ largeWaterUser: true });
    expect(body.answer).toContain('每年开展一次节水审计');
  });

  it('the OpenAPI document of a pack documents its profile', async () => {
    const { body } = await json(`/openapi.json?plan=${TEST_PLAN}`);
    expect(Object.keys(body.components.schemas.Profile.properties)).toEqual(['industry', 'largeWaterUser', 'usesRecycledWater']);
    const main = await json('/openapi.json');
    expect(Object.keys(main.body.components.schemas.Profile.properties)).toContain('aboveDesignatedSize');
  });

  it('the widget carries each pack’s words, and the page renders the test pack', async () => {
    const widget = await (await app.request('/widget.js')).text();
    expect(widget).toContain('节水方案助手（测试）');
    expect(widget).toContain('清洁生产规划助手');
    const page = await (await app.request(`/?plan=${TEST_PLAN}&lang=en`)).text();
    expect(page).toContain('Example Urban Water Saving Action Plan · Assistant (test data)');
    expect(page).toContain('data-plan="test-water-saving"');
  });
});

describe('a pack without English renderings', () => {
  it('loads: the renderings are optional, and its citations carry none', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pack-without-renderings-')), TEST_PLAN);
    cpSync(join(TEST_PLANS_DIR, TEST_PLAN), dir, { recursive: true });
    rmSync(join(dir, 'corpus', 'clauses.en.json'));
    const pack = loadPack(dir);
    expect(pack.corpus.renderingCount).toBe(0);
    expect(labelCitations([{ id: '1.p1', quote: '到2023年' }], pack.corpus, 'en')[0]).not.toHaveProperty('rendering');
  });
});

describe('a broken pack is refused at load, naming the pack, the file and the field', () => {
  const broken = (edit: (dir: string) => void): string => {
    const dir = join(mkdtempSync(join(tmpdir(), 'broken-pack-')), TEST_PLAN);
    cpSync(join(TEST_PLANS_DIR, TEST_PLAN), dir, { recursive: true });
    edit(dir);
    return dir;
  };
  const editJson = (file: string, change: (value: any) => void) => (dir: string) => {
    const value = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    change(value);
    writeFileSync(join(dir, file), JSON.stringify(value));
  };
  for (const [name, edit, file, field] of [
    ['a rule testing a flag the profile does not have', editJson('rules/eligibility.json', (v) => (v.rules[0].conditions.all[0].fact = 'revenue')), 'rules/eligibility.json', 'revenue'],
    ['a target in a unit units.json does not have', editJson('rules/targets.json', (v) => (v.targets[0].target.unit = 'kg')), 'rules/targets.json', 'targets.0.target.unit'],
    ['a message template with an unknown placeholder', editJson('messages/en.json', (v) => (v.answer.applicability.none = 'Nothing applies to {whom}.')), 'messages/en.json', 'answer.applicability.none'],
    ['a missing message', editJson('messages/zh.json', (v) => delete v.answer.period), 'messages/zh.json', 'answer.period'],
    ['an intent rule on an unknown signal', editJson('lexicon.json', (v) => (v.intentRules[0].when = { all: ['cue:nonsense'] })), 'lexicon.json', 'cue:nonsense'],
    ['a rendering of a clause the corpus does not have', editJson('corpus/clauses.en.json', (v) => (v.renderings['9.p9'] = 'No such clause.')), 'corpus/clauses.en.json', 'renderings.9.p9'],
    ['an empty rendering', editJson('corpus/clauses.en.json', (v) => (v.renderings['1.p1'] = ' ')), 'corpus/clauses.en.json', 'renderings.1.p1'],
    ['a unit in Chinese without its English writing', editJson('units.json', (v) => delete v.units[2].written), 'units.json', 'units.2.written.en'],
    [
      'a general name read as an industry the pack does not have',
      editJson('rules/industries.json', (v) => (v.generalNames = [{ names: ['works'], readings: { [v.industries[0].id]: [], nonexistent: [] } }])),
      'rules/industries.json',
      'generalNames.0.readings.nonexistent',
    ],
    ['a general name with one reading', editJson('rules/industries.json', (v) => (v.generalNames = [{ names: ['works'], readings: { [v.industries[0].id]: [] } }])), 'rules/industries.json', 'generalNames.0.readings'],
  ] as const) {
    it(name, async () => {
      const dir = broken(edit);
      let error: unknown;
      try {
        const pack = loadPack(dir);
        // Some references are checked when the pack is made evaluable.
        const { PackRuntime } = await import('../src/answer/runtime.js');
        await PackRuntime.create(pack);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(PackError);
      expect((error as PackError).message).toContain(TEST_PLAN);
      expect((error as PackError).message).toContain(file);
      expect((error as PackError).message).toContain(field);
    });
  }
});
