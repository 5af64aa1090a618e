/**
 * POST /v1/eligibility/next, the guided check: it asks only questions whose answer changes
 * the result, says why, keeps "not sure" as an answer, and ends when no answer left would
 * change anything. Checked against POST /v1/eligibility, the engine's public face.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { stripWhitespace } from '../src/text/normalize.js';
import { mainPack } from './support/packs.js';
import { postJson, testApp } from './support/services.js';

type App = Awaited<ReturnType<typeof testApp>>;
let app: App;
const pack = mainPack();
const ROLES = pack.profile.flags.filter((flag) => flag.role).map((flag) => flag.id);
const ASKABLE = pack.profile.flags.filter((flag) => !flag.role).map((flag) => flag.id);

beforeAll(async () => {
  app = await testApp();
});

async function post(path: string, body: unknown) {
  const response = await app.request(path, postJson(body));
  return { status: response.status, body: (await response.json()) as any };
}

const next = (profile: Record<string, unknown>, unsure: string[] = [], lang: 'zh' | 'en' = 'zh') => post('/v1/eligibility/next', { profile, unsure, lang });

/** The ids of the items that apply to a profile, sorted. */
async function itemIds(profile: Record<string, unknown>): Promise<string[]> {
  const { status, body } = await post('/v1/eligibility', { profile });
  expect(status, JSON.stringify(body)).toBe(200);
  return (body.items as Array<{ id: string }>).map((item) => item.id).sort();
}

type Answer = true | false | null;

/**
 * Walks the guided check to its end, answering with `answer(field, step)`; at every question
 * checks that a yes and a no would give different checklists. Returns the fields asked.
 */
async function walk(start: Record<string, unknown>, answer: (field: string, step: number) => Answer, lang: 'zh' | 'en' = 'zh') {
  let profile: Record<string, unknown> = { ...start };
  const unsure: string[] = [];
  const asked: string[] = [];
  for (let step = 0; step < 12; step += 1) {
    const { status, body } = await next(profile, unsure, lang);
    expect(status, JSON.stringify(body)).toBe(200);
    profile = body.profile;
    if (body.done) return { asked, profile, unsure };
    const { question } = body;
    expect(asked).not.toContain(question.field);
    expect(ROLES).not.toContain(question.field);
    expect(profile[question.field]).toBeUndefined();
    expect(question.text.length).toBeGreaterThan(3);
    expect(question.reason.length).toBeGreaterThan(10);
    expect(question.choices.at(-1).value).toBeNull(); // "not sure" is always a choice
    if (question.field !== 'industry') {
      // The answer matters: yes and no give different checklists.
      const [yes, no] = await Promise.all([itemIds({ ...profile, [question.field]: true }), itemIds({ ...profile, [question.field]: false })]);
      expect(yes, `${question.field} for ${JSON.stringify(profile)}`).not.toEqual(no);
      // The reason names each item that hangs on the answer, and cites the plan verbatim.
      for (const item of question.items) expect(question.reason).toContain(item.title);
      expect(question.citations.length).toBeGreaterThan(0);
      for (const citation of question.citations) expect(stripWhitespace(pack.corpus.get(citation.id)!.text)).toContain(stripWhitespace(citation.quote));
    }
    asked.push(question.field);
    const value = question.field === 'industry' ? null : answer(question.field, step);
    if (value === null) unsure.push(question.field);
    else profile = { ...profile, [question.field]: value };
  }
  throw new Error('the guided check did not end');
}

/** At the end, no field left unanswered (and not answered "not sure") changes the checklist. */
async function expectNothingLeft(profile: Record<string, unknown>, unsure: string[]) {
  const left = ASKABLE.filter((field) => profile[field] === undefined && !unsure.includes(field));
  for (const field of left) {
    const [yes, no] = await Promise.all([itemIds({ ...profile, [field]: true }), itemIds({ ...profile, [field]: false })]);
    expect(yes, `${field} was not asked but changes the result for ${JSON.stringify(profile)}`).toEqual(no);
  }
  const { body } = await post('/v1/eligibility', { profile });
  for (const field of body.missing as string[]) expect(unsure).toContain(field);
}

describe('POST /v1/eligibility/next', () => {
  it('asks for the industry first, with the plan’s industries as choices', async () => {
    const { status, body } = await next({});
    expect(status).toBe(200);
    expect(body.done).toBe(false);
    expect(body.question.field).toBe('industry');
    expect(body.question.text).toBe('贵企业属于哪个行业？');
    const labels = body.question.choices.map((choice: { label: string }) => choice.label);
    expect(labels).toEqual(expect.arrayContaining(['造纸', '铅蓄电池', '电镀', '不清楚']));
    expect(body.question.reason).toMatch(/\d+项取决于行业/u);
  });

  it('then the flag that decides the most items, worded by the pack, with its reason and clauses', async () => {
    const { body } = await next({ industry: '造纸' }, [], 'en');
    const { body: eligibility } = await post('/v1/eligibility', { profile: { industry: '造纸' } });
    const most = Math.max(...eligibility.wouldApplyIf.map((entry: { items: unknown[] }) => entry.items.length));
    const first = eligibility.wouldApplyIf.find((entry: { items: unknown[] }) => entry.items.length === most);
    expect(body.question.field).toBe(first.field); // ties go in the pack's order
    expect(body.question.items).toHaveLength(most);
    expect(body.question.text).toBe('Is your enterprise an industrial enterprise above designated size?');
    expect(body.question.choices).toEqual([
      { value: true, label: 'Yes (above designated size)' },
      { value: false, label: 'No (below designated size)' },
      { value: null, label: 'Not sure' },
    ]);
    expect(body.question.reason).toContain('If you are an industrial enterprise above designated size, 3 more items apply');
    expect(body.question.reason).toContain('2.3 Main targets');
    expect(body.question.hint).toMatch(/Not sure/u);
    expect(body.remaining).toBe(eligibility.missing.length);
  });

  it('never asks a question whose answer changes nothing, and ends when nothing is left (every industry, four ways of answering)', async () => {
    const strategies: Array<[string, (field: string, step: number) => Answer]> = [
      ['yes to all', () => true],
      ['no to all', () => false],
      ['not sure of anything', () => null],
      ['yes, no, not sure in turn', (_, step) => [true, false, null][step % 3] as Answer],
    ];
    // Every industry answered in turn yes, no, not sure; a few (a parent, children, both groups) answered every way.
    const everyWay = new Set(['papermaking', 'lead-acid-battery', 'battery', 'electroplating', 'steel', 'machinery']);
    for (const industry of pack.industries) {
      for (const [name, answer] of strategies.filter((_, index) => index === 3 || everyWay.has(industry.id))) {
        const { asked, profile, unsure } = await walk({ industry: industry.id }, answer);
        expect(asked.length, `${industry.id}, ${name}`).toBeGreaterThan(0);
        await expectNothingLeft(profile, unsure);
      }
    }
  });

  it('a state-owned paper mill of a central SOE is not asked whether it is state-owned', async () => {
    const { asked, profile } = await walk({ industry: '造纸' }, (field) => (field === 'centralSoe' || field === 'stateOwned' ? true : false));
    expect(asked).toContain('centralSoe');
    expect(asked).not.toContain('stateOwned');
    expect(profile.stateOwned).toBe(true); // a central SOE is state-owned (the pack's implication)
  });

  it('a private lead-acid SME that is not state-owned is not asked about central SOEs', async () => {
    const { body } = await next({ industry: '铅蓄电池', sme: true, stateOwned: false });
    expect(body.profile.centralSoe).toBe(false);
    expect(body.question.field).not.toBe('centralSoe');
    const { asked } = await walk({ industry: '铅蓄电池', sme: true, stateOwned: false }, () => false);
    expect(asked).not.toContain('centralSoe');
    expect(asked).not.toContain('sme');
  });

  it('keeps “not sure” as an answer: not asked again, and its items stay conditional', async () => {
    const { asked, profile, unsure } = await walk({ industry: '电镀' }, () => null);
    expect(unsure).toEqual(asked);
    const { body } = await post('/v1/eligibility', { profile });
    expect(body.missing.sort()).toEqual([...unsure].sort());
    expect(body.wouldApplyIf.map((entry: { field: string }) => entry.field).sort()).toEqual([...unsure].sort());
  });

  it('not sure of the industry: goes on with the flags', async () => {
    const { body } = await next({}, ['industry']);
    expect(body.done).toBe(false);
    expect(body.question.field).not.toBe('industry');
  });

  it('asks nothing of someone in a role (an authority is not an enterprise)', async () => {
    const { body } = await next({ provincialAuthority: true });
    expect(body).toMatchObject({ done: true });
  });

  it('refuses what it cannot go on from, naming the field', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{ profile: { industry: '造船' } }, 'unknown_industry', 'profile.industry'],
      [{ profile: { centralSoe: true, stateOwned: false } }, 'conflicting_profile', 'profile.stateOwned'],
      [{ profile: {}, unsure: ['provincialAuthority'] }, 'invalid_request', 'unsure[0]'],
      [{ profile: {}, unsure: ['revenue'] }, 'invalid_request', 'unsure[0]'],
      [{ profile: { revenue: true } }, 'invalid_request', 'profile'],
      [{ profile: {}, unsure: Array.from({ length: 65 }, () => 'sme') }, 'invalid_request', 'unsure'],
    ];
    for (const [body, code, field] of cases) {
      const response = await post('/v1/eligibility/next', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe(code);
      expect(response.body.error.field).toBe(field);
      expect(response.body.error.message).toContain(field.split('[')[0]!.split('.').at(-1));
    }
  });
});
