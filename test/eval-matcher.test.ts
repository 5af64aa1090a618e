import { describe, expect, it } from 'vitest';
import { evaluateResponse } from '../evals/evaluate.js';
import { answerVerdict, digitsForNumberWords } from '../evals/verdict.js';
import { evalCaseSchema, type EvalCase } from '../evals/schema.js';
import { mainPack } from './support/packs.js';

/**
 * The eval matcher must fail wrong answers, not only pass right ones: answers that carry the
 * expected words but say the opposite (a negation, another figure, another cadence, an
 * inverted verdict) are failed.
 */
const corpus = mainPack().corpus;
const quote = { id: '2.3.p3', quote: '规模以上工业企业主要负责人接受清洁生产培训比例超过50%' };

function checkCase(verdict: 'met' | 'not_met', extra: Partial<EvalCase['expect']> = {}): EvalCase {
  return evalCaseSchema.parse({
    id: 'zh-matcher-check',
    category: 'check',
    language: 'zh',
    question: '我省培训比例为45%，达到规划目标了吗？',
    expect: { status: 'answered', verdict, reported: { value: 45, unit: '%' }, ...extra },
  });
}

const checkFact = (met: boolean, value = 45) => ({ id: 'check:x', kind: 'check', check: { met, reported: { value, unit: '%' }, target: { value: 50, unit: '%' } } });
const response = (answer: string, facts: unknown[] = [checkFact(false)], citations = [quote]) => ({ status: 'answered', answer, citations, facts, language: answer.match(/[a-z]{3}/iu) && !/\p{Script=Han}/u.test(answer) ? 'en' : 'zh' });

const failures = (c: EvalCase, body: unknown) => evaluateResponse(c, 200, body, corpus);

describe('the eval matcher', () => {
  it('passes a right verdict, in Chinese and English', () => {
    expect(failures(checkCase('not_met'), response('未达到，差5个百分点。[1]'))).toEqual([]);
    const en = evalCaseSchema.parse({ ...checkCase('not_met'), id: 'en-matcher-check', language: 'en', question: 'We trained 45%. On target?' });
    expect(failures(en, response('Not met: 45% against above 50%, short by 5 percentage points.[1]'))).toEqual([]);
  });

  const wrong: Array<[string, EvalCase, unknown]> = [
    ['a double negation that says it was met', checkCase('not_met'), response('并非未达到，贵省已达标。[1]')],
    ['"has not been met" for a figure that met it', { ...checkCase('met'), language: 'en', id: 'en-matcher-a' } as EvalCase, response('The target has not been met.[1]', [checkFact(true, 55)])],
    ['"Not yet achieved" for a figure that met it', { ...checkCase('met'), language: 'en', id: 'en-matcher-b' } as EvalCase, response('Not yet achieved.[1]', [checkFact(true, 55)])],
    ['an inverted verdict in words over a right check', checkCase('not_met'), response('已达到规划目标。[1]')],
    ['a right verdict in words over a wrong check', checkCase('not_met'), response('未达到。[1]', [checkFact(true)])],
    ['another reported figure', checkCase('not_met'), response('未达到。[1]', [checkFact(false, 4.5)])],
    ['no verdict at all', checkCase('not_met'), response('规划要求培训比例超过50%。[1]', [])],
  ];
  for (const [name, c, body] of wrong) {
    it(`fails ${name}`, () => {
      expect(failures(c, body).length).toBeGreaterThan(0);
    });
  }

  const audit = evalCaseSchema.parse({
    id: 'zh-matcher-cadence',
    category: 'eligibility',
    language: 'zh',
    question: '电镀企业多久审核一次？',
    expect: { status: 'answered', answerIncludesAll: ['两年'] },
  });
  const auditQuote = { id: '2.3.p3', quote: '重金属污染防控企业每两年开展一轮审核' };
  it('passes the cadence in digits, words and English', () => {
    expect(failures(audit, response('电镀企业每两年开展一轮审核。[1]', [], [auditQuote]))).toEqual([]);
    expect(failures(audit, response('电镀企业每2年开展一轮审核。[1]', [], [auditQuote]))).toEqual([]);
  });
  it('fails a changed cadence that keeps the words elsewhere ("每三年…两年内整改")', () => {
    expect(failures(audit, response('电镀企业每三年开展一次审核，两年内整改。[1]', [], [auditQuote])).length).toBeGreaterThan(0);
  });
  it('fails a duration bounded by "within" ("两年内") for a cadence', () => {
    expect(failures(audit, response('电镀企业须在两年内完成整改。[1]', [], [auditQuote])).length).toBeGreaterThan(0);
  });

  const figure = evalCaseSchema.parse({
    id: 'zh-matcher-figure',
    category: 'target',
    language: 'zh',
    question: '汞使用量削减目标是多少？',
    expect: { status: 'answered', answerIncludesAll: ['638吨'] },
  });
  it('reads figures in words and fails other figures', () => {
    const hg = { id: 't1.hg', quote: '汞使用量——638吨' };
    expect(failures(figure, response('削减汞使用量六百三十八吨。[1]', [], [hg]))).toEqual([]);
    expect(failures(figure, response('削减汞使用量6380吨。[1]', [], [hg])).length).toBeGreaterThan(0);
    expect(failures(figure, response('削减汞使用量63.8吨。[1]', [], [hg])).length).toBeGreaterThan(0);
  });

  const claim = evalCaseSchema.parse({
    id: 'zh-matcher-claim',
    category: 'false-premise',
    language: 'zh',
    question: '规划要求培训比例达到80%，对吗？',
    expect: { status: 'answered', confirmed: false, answerExcludes: ['80%'] },
  });
  it('fails a confirmed false premise, with or without the figure', () => {
    expect(failures(claim, response('是的，规划确实如此。[1]', []))).not.toEqual([]);
    expect(failures(claim, response('不对，规划要求超过50%。[1]', [{ id: 'claim:x', kind: 'claim', confirmed: false }]))).toEqual([]);
    expect(failures(claim, response('规划要求超过50%。[1]', [{ id: 'claim:x', kind: 'claim', confirmed: true }]))).not.toEqual([]);
  });

  it('reads number words as digits', () => {
    expect(digitsForNumberWords('百分之五十五')).toBe('55%');
    expect(digitsForNumberWords('两千五百吨')).toBe('2500吨');
    expect(digitsForNumberWords('fifty per cent')).toBe('50 per cent');
    expect(answerVerdict('未达到（差5个百分点）。')).toBe('not_met');
    expect(answerVerdict('并非未达到。')).toBe('met');
  });
});
