import { describe, expect, it } from 'vitest';
import { lintCases, loadCases, setDir } from '../evals/cases.js';
import { MAIN_PLAN, mainPack } from './support/packs.js';
import { evaluateResponse } from '../evals/evaluate.js';
import { hasFact, isVerbatim, scriptLanguage } from '../evals/match.js';
import { formatSummary, runEvals, THRESHOLDS } from '../evals/run.js';
import { CATEGORIES, evalCaseSchema, type EvalCase } from '../evals/schema.js';

const corpus = mainPack().corpus;
const cases = loadCases(setDir(MAIN_PLAN, 'cases'));

describe('eval cases', () => {
  it('are valid, unique, cite real clauses, and expect only the plan’s figures', () => {
    expect(lintCases(cases, corpus)).toEqual([]);
  });

  it('cover what the issue asks for', () => {
    const count = (predicate: (c: EvalCase) => boolean) => cases.filter(predicate).length;
    expect(cases.length).toBeGreaterThanOrEqual(150);
    for (const category of CATEGORIES) {
      expect(count((c) => c.category === category && c.language === 'zh'), `${category} zh`).toBeGreaterThan(0);
      expect(count((c) => c.category === category && c.language === 'en'), `${category} en`).toBeGreaterThan(0);
    }
    const zh = count((c) => c.language === 'zh') / cases.length;
    expect(zh).toBeGreaterThan(0.4);
    expect(zh).toBeLessThan(0.6);
    expect(count((c) => c.category === 'out-of-scope')).toBeGreaterThanOrEqual(15);
    expect(count((c) => c.category === 'injection')).toBeGreaterThanOrEqual(10);
    expect(count((c) => c.category === 'multi-turn')).toBeGreaterThanOrEqual(10);
    expect(count((c) => c.category === 'check' && c.id.endsWith('-boundary'))).toBeGreaterThanOrEqual(10);
    expect(count((c) => c.category === 'check')).toBeGreaterThanOrEqual(10);
  });

  it('lint catches a figure the cited clause does not state, and an excluded figure it does', () => {
    const bad = evalCaseSchema.parse({
      id: 'zh-target-bad',
      category: 'false-premise',
      language: 'zh',
      question: '汞目标？',
      expect: { status: 'answered', answerIncludesAll: ['639'], answerExcludes: ['638'], citesAny: ['t1.hg', 'nope'] },
      gold: ['t1.hg'],
    });
    const problems = lintCases([bad, bad], corpus);
    expect(problems.some((p) => p.includes('duplicate'))).toBe(true);
    expect(problems.some((p) => p.includes('"nope"'))).toBe(true);
    expect(problems.some((p) => p.includes('"639"'))).toBe(true);
    expect(problems.some((p) => p.includes('"638"'))).toBe(true);
  });

  it('lint asks a false premise for a verdict or an excluded figure, and an out-of-scope case for out_of_scope', () => {
    const base = { language: 'zh', question: '汞目标是683吨吧？', gold: ['t1.hg'] } as const;
    const premise = (expect: object, id: string) => evalCaseSchema.parse({ ...base, id, category: 'false-premise', expect: { status: 'answered', citesAny: ['t1.hg'], ...expect } });
    const scope = (status: string[], id: string) => evalCaseSchema.parse({ ...base, id, category: 'out-of-scope', expect: { status, citesAny: ['t1.hg'] } });
    const problems = lintCases(
      [premise({}, 'zh-premise-bare'), premise({ confirmed: false }, 'zh-premise-verdict'), premise({ answerExcludes: ['683'] }, 'zh-premise-excluded'), scope(['answered'], 'zh-scope-answered'), scope(['out_of_scope', 'answered'], 'zh-scope-partial')],
      corpus,
    );
    expect(problems.filter((p) => p.includes('zh-premise-bare'))).toHaveLength(1);
    expect(problems.filter((p) => p.includes('zh-scope-answered'))).toHaveLength(1);
    expect(problems.filter((p) => /zh-premise-(?:verdict|excluded)|zh-scope-partial/u.test(p))).toEqual([]);
  });

  it('lint lets a needs-info case expect nothing asked, and an injection or a true claim be judged by its verdict alone', () => {
    const base = { language: 'en', question: 'Is the mercury target 638 tonnes?', gold: ['t1.hg'] } as const;
    const make = (category: string, expect: object, id: string) => evalCaseSchema.parse({ ...base, id, category, expect });
    const problems = lintCases(
      [
        make('needs-info', { status: 'answered', citesAny: ['t1.hg'] }, 'en-asks-nothing'),
        make('needs-info', { status: 'needs_info' }, 'en-asks-no-field'),
        make('injection', { status: 'answered', confirmed: false }, 'en-injection-verdict'),
        make('injection', { status: 'answered' }, 'en-injection-bare'),
        make('false-premise', { status: 'answered', confirmed: true }, 'en-true-claim'),
      ],
      corpus,
    );
    expect(problems.filter((p) => /en-asks-nothing|en-injection-verdict|en-true-claim/u.test(p))).toEqual([]);
    expect(problems.filter((p) => p.includes('en-asks-no-field'))).toHaveLength(1);
    expect(problems.filter((p) => p.includes('en-injection-bare'))).toHaveLength(1);
  });
});

describe('fact matching', () => {
  it('matches numbers whole', () => {
    expect(hasFact('目标为>50%', '50%')).toBe(true);
    expect(hasFact('培育500家', '50')).toBe(false);
    expect(hasFact('报告值50.1%', '50')).toBe(false);
    expect(hasFact('削减铅尘0.2万吨', '2万吨')).toBe(false);
    expect(hasFact('削减铅尘0.2万吨', '0.2万吨')).toBe(true);
    expect(hasFact('高出0.1个百分点', '0.1')).toBe(true);
    expect(hasFact('报告值50.1%', '0.1')).toBe(false);
  });

  it('reads magnitudes, separators, per cent and spacing', () => {
    expect(hasFact('cut by 650,000 tonnes', '650000')).toBe(true);
    expect(hasFact('65万吨/年', '650000')).toBe(true);
    expect(hasFact('1.2 million tonnes', '1200000')).toBe(true);
    expect(hasFact('0.2万吨', '2000')).toBe(true);
    expect(hasFact('more than 50 per cent', '50%')).toBe(true);
    expect(hasFact('削减汞使用量 638 吨', '638吨')).toBe(true);
    expect(hasFact('Ｐ Ｆ Ｏ Ｓ', 'pfos')).toBe(false);
    expect(hasFact('不含ＰＦＯＳ', 'PFOS')).toBe(true);
  });

  it('matches words whole unless a prefix is asked for', () => {
    expect(hasFact('heavy metal industries', 'met')).toBe(false);
    expect(hasFact('the target was met.', 'met')).toBe(true);
    expect(hasFact('lead-acid batteries', 'batter*')).toBe(true);
    expect(hasFact('every two-year cycle', 'two year')).toBe(true);
    expect(hasFact('not met (short by 0.1 percentage points)', 'met')).toBe(false);
    expect(hasFact('not met (short by 0.1 percentage points)', 'not met')).toBe(true);
    expect(hasFact('is not on target', 'on target')).toBe(false);
  });

  it('knows verbatim quotes and the answer’s language', () => {
    const text = corpus.get('4.5.p2')!.text;
    expect(isVerbatim('通过推广以上技术，到2015年，削减汞使用量638吨/年。', text)).toBe(true);
    expect(isVerbatim('在电石法聚氯乙烯行业推广低汞触媒技术……削减汞使用量638吨/年', text)).toBe(true);
    expect(isVerbatim('削减汞使用量1000吨/年', text)).toBe(false);
    expect(scriptLanguage('The 2015 target was 638 tonnes [1] (“削减汞使用量638吨/年”).')).toBe('en');
    expect(scriptLanguage('到2015年削减汞使用量638吨/年[1]。')).toBe('zh');
  });
});

describe('response evaluation', () => {
  const mercury = evalCaseSchema.parse({
    id: 'en-target-x',
    category: 'target',
    language: 'en',
    question: 'mercury?',
    expect: { status: 'answered', answerIncludesAll: ['638'], answerExcludes: ['1000'], citesAny: ['t1.hg'] },
  });
  const good = {
    status: 'answered',
    answer: 'The plan aimed to cut mercury use by 638 tonnes a year by 2015 [1].',
    citations: [{ id: 't1.hg', quote: '汞使用量——638吨' }],
    facts: [{ id: 'x', kind: 'target' }],
    language: 'en',
  };

  it('passes a right answer', () => {
    expect(evaluateResponse(mercury, 200, good, corpus)).toEqual([]);
  });

  it('takes an expected heading for its section: a passage of that section cites it, another section’s does not', () => {
    const safeguards = evalCaseSchema.parse({ id: 'en-list-x', category: 'list', language: 'en', question: 'safeguards?', expect: { status: 'answered', citesAny: ['5.1', '5.2'] } });
    const citing = (id: string) => ({ ...good, answer: 'More funding [1].', citations: [{ id, quote: corpus.get(id)!.text }] });
    expect(evaluateResponse(safeguards, 200, citing('5.1.p1'), corpus)).toEqual([]);
    expect(evaluateResponse(safeguards, 200, citing('4.1.p1'), corpus).join('\n')).toMatch(/cites none of 5\.1, 5\.2/u);
  });

  it('names what is wrong', () => {
    const failures = evaluateResponse(
      mercury,
      200,
      { ...good, answer: 'It was 1,000 tonnes [2].', citations: [{ id: 't1.hg', quote: '汞使用量——1000吨' }], language: 'zh' },
      corpus,
    );
    expect(failures.join('\n')).toMatch(/language/u);
    expect(failures.join('\n')).toMatch(/verbatim/u);
    expect(failures.join('\n')).toMatch(/marker \[2\]/u);
    expect(failures.join('\n')).toMatch(/lacks "638"/u);
    expect(failures.join('\n')).toMatch(/"1000"/u);
  });

  it('holds out-of-scope answers to stating no facts', () => {
    const oos = evalCaseSchema.parse({ id: 'en-out-of-scope-x', category: 'out-of-scope', language: 'en', question: 'q', expect: { status: 'out_of_scope' } });
    const failures = evaluateResponse(oos, 200, { status: 'out_of_scope', answer: 'Not covered; but 638 tonnes.', citations: [], facts: [{ id: 'f' }], language: 'en' }, corpus);
    expect(failures).toHaveLength(2);
  });
});

describe('npm run eval', () => {
  it('meets the thresholds through the real /v1/ask', async (context) => {
    const summary = await runEvals({ verifierSet: false });
    if (summary.unavailable?.includes('404')) {
      context.skip(`/v1/ask is not there yet: ${summary.unavailable}`);
    }
    const report = formatSummary(summary);
    expect(summary.unavailable, report).toBeUndefined();
    expect(summary.overall.rate, report).toBeGreaterThanOrEqual(THRESHOLDS.overall);
    expect(summary.byCategory['out-of-scope']?.rate, report).toBe(1);
    expect(summary.byCategory.injection?.rate, report).toBe(1);
    expect(summary.recall.mean, report).not.toBeNull();
    expect(summary.recall.mean!, report).toBeGreaterThanOrEqual(THRESHOLDS.recall);
    // Recall is also reported per language: the English cases are searched through the renderings too.
    const { zh, en } = summary.recall.byLanguage;
    expect((zh?.cases ?? 0) + (en?.cases ?? 0), report).toBe(summary.recall.cases);
    expect(en?.cases, report).toBeGreaterThan(0);
    expect(report).toMatch(/^ {2}en: \d+\.\d% over \d+ cases$/mu);
    expect(summary.ok, report).toBe(true);
  }, 60_000);
});
