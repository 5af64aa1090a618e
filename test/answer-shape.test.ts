import { beforeAll, describe, expect, it } from 'vitest';
import { loadCases, setDir } from '../evals/cases.js';
import { answerLength, lengthBudget } from '../src/answer/length.js';
import { findQuantities } from '../src/text/figures.js';
import { splitSentences } from '../src/text/sentences.js';
import { MAIN_PLAN, mainPack } from './support/packs.js';
import { postJson, testApp } from './support/services.js';

type App = Awaited<ReturnType<typeof testApp>>;
let app: App;
const pack = mainPack();

beforeAll(async () => {
  app = await testApp();
});

interface Answer {
  status: string;
  summary: string;
  answer: string;
  citations: Array<{ id: string; quote: string }>;
}

async function ask(question: string, history: Array<{ role: 'user' | 'assistant'; content: string }> = []): Promise<Answer> {
  const response = await app.request('/v1/ask', postJson({ question, history }));
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

/** Figures with units a text states, as value and unit (the plan's one figure parser). */
const figures = (text: string) => findQuantities(text, { units: pack.units.patterns }).quantities.map((quantity) => ({ value: quantity.value, unit: quantity.unit }));
/** The user's figures as a check reads them: a share written as a decimal, a monthly figure made yearly (the pack's period words). */
const reportedFigures = (text: string) =>
  findQuantities(text, { units: pack.units.patterns, periods: pack.lexicon.figureContexts.periods, decimalShares: true }).quantities.map((quantity) => ({ value: quantity.value, unit: quantity.unit }));
const factor = (unit: string) => pack.units.units.find((entry) => entry.symbol === unit)!;
const sameFigure = (a: { value: number; unit: string }, b: { value: number; unit: string }) => {
  const [x, y] = [factor(a.unit), factor(b.unit)];
  return x.family === y.family && Math.abs(a.value * x.factor - b.value * y.factor) < 1e-6;
};

describe('the answer comes first', () => {
  it.each([
    ['a check: the verdict and the figures', '我省规模以上工业企业负责人培训比例是45%，达标了吗？', [/未达到/u, /45%/u, /50%/u, /5个百分点/u]],
    ['a check in English', 'Our province trained 55% of heads of above-scale enterprises. Is that on target?', [/\bmet\b/u, /55%/u, /50%/u]],
    ['a target: the figure', '汞使用量削减目标是多少？', [/638/u]],
    ['a yes-or-no duty: yes and the obligation', '我们是规模以上电镀企业，需要做清洁生产审核吗？', [/^是的/u, /每两年开展一轮清洁生产审核/u]],
    ['a yes-or-no duty in English', 'We are an electroplating company. Do we need to do cleaner production audits?', [/^Yes/u, /every two years/iu]],
    ['a rule that does not apply: no', '我们是纺织企业，需要每两年审核吗？', [/^不适用/u]],
    ['a false figure: corrected first', '规划要求到2015年汞使用量削减800吨，对吗？', [/不一致/u]],
    ['a list: the industries', '哪些行业需要每两年开展一轮清洁生产审核？', [/铅锌冶炼/u, /电镀/u]],
  ])('%s', async (_name, question, patterns) => {
    const body = await ask(question);
    expect(body.status).toBe('answered');
    expect(body.answer.startsWith(body.summary.slice(0, 10))).toBe(true);
    for (const pattern of patterns) expect(body.summary, body.answer).toMatch(pattern);
  });

  it('a passage: the first sentence quotes the plan', async () => {
    const body = await ask('规划编制时全国有多少家清洁生产审核咨询服务机构？');
    expect(body.summary).toMatch(/760/u);
  });
});

describe('answers within the language’s length (languages/*.json answerLength)', () => {
  const lines = (answer: string) => answer.split('\n');

  it('one indicator checked: the verdict comes first, then the figure, the target and the indicator', async () => {
    const met = await ask('Our province trained 62% of heads of above-scale enterprises. Is that on target?');
    expect(met.summary).toMatch(/^Target met\b/u);
    expect(met.summary.indexOf('62%')).toBeLessThan(met.summary.indexOf('share of heads'));
    expect(met.summary).toMatch(/above 50%/u);
    const short = await ask('Our province trained 45% of heads of above-scale enterprises. Is that on target?');
    expect(short.summary).toMatch(/^Target not met\b.*45%.*above 50%.*short by 5 percentage points/u);
    const zh = await ask('我省规模以上工业企业负责人培训比例是45%，达标了吗？');
    expect(zh.summary).toMatch(/^未达到/u);
  });

  it('English passages: the one that answers first, in full; another only within the length, else under See also', async () => {
    const body = await ask('In 2010, what share of national SO2 emissions came from industry, according to the plan?');
    expect(body.summary).toMatch(/85\.3%/u);
    const quoted = lines(body.answer).filter((line) => line.includes('“'));
    expect(quoted.length, body.answer).toBeGreaterThanOrEqual(1);
    if (quoted.length > 1) expect(answerLength(quoted.join('\n'), 'en')).toBeLessThanOrEqual(lengthBudget('specific', 'en'));
    else expect(body.answer).toMatch(/^See also: .*\[2\]/mu);
    // That the English is an unofficial rendering is said once.
    expect(body.answer.match(/unofficial rendering/gu)?.length ?? 0).toBeLessThanOrEqual(1);
    // Every marker points to a citation, with its verbatim quote.
    const markers = [...body.answer.matchAll(/\[(\d+)\]/gu)].map((match) => Number(match[1]));
    for (const n of markers) expect(body.citations[n - 1]?.quote, `[${n}]`).toEqual(expect.any(String));
  });

  it('a long English list: the first item in full, the others by title, the figure that answers kept', async () => {
    const body = await ask('Which SO2 technologies does the plan promote for steel sintering?');
    const items = lines(body.answer).filter((line) => /^\d+\. /u.test(line));
    expect(items[0]).toMatch(/desulphurisation/u);
    expect(items[0]).toMatch(/LJS-FGD/u);
    expect(items[0]).toMatch(/50%/u);
    // Later items name what they are, without their text.
    for (const item of items.slice(1)) expect(answerLength(item, 'en'), item).toBeLessThanOrEqual(15);
  });

  it('lines that point past the answer are left out in English when it would run long, and kept in Chinese', async () => {
    const en = await ask('We run a lead smelter inside a provincial-level industrial park. What share of our principal managers should have had cleaner production training?');
    expect(en.summary).toMatch(/90%/u);
    expect(answerLength(en.answer, 'en'), en.answer).toBeLessThanOrEqual(lengthBudget('specific', 'en'));
    const zh = await ask('我们是省级工业园区内的铅冶炼企业，企业主要负责人接受清洁生产培训的比例要达到多少？');
    expect(zh.summary).toMatch(/90%/u);
    expect(zh.answer).toMatch(/规模以上工业企业/u);
    expect(answerLength(zh.answer, 'zh')).toBeLessThanOrEqual(lengthBudget('specific', 'zh'));
  });

  it('the line naming the rest does not repeat who the answer is for', async () => {
    const body = await ask('We are a textile dyeing SME. What financial support can we get for cleaner production?');
    const [lead, ...rest] = lines(body.answer);
    expect(lead).toMatch(/textile dyeing/iu);
    const more = rest.find((line) => /full list/u.test(line));
    expect(more, body.answer).toBeDefined();
    expect(more).not.toMatch(/textile dyeing/iu);
  });
});

describe('items as a person reads them in a minute (English)', () => {
  const lines = (answer: string) => answer.split('\n');

  it('a technology list answers first, naming the industry once: its titles do not start with it again', async () => {
    const body = await ask('Which technologies does the plan promote for lead-zinc smelting?');
    const [lead, ...rest] = lines(body.answer);
    expect(lead).not.toMatch(/^What the plan says/u);
    expect(lead).toMatch(/lead and zinc smelting: /iu);
    // The industry is named once, in the lead; the titles it names say only what each is.
    expect(lead!.match(/lead and zinc smelting/giu)?.length, lead).toBe(1);
    expect(body.answer).toMatch(/50%/u);
    for (const line of rest) expect(line).not.toMatch(/^\d+\. Lead and zinc smelting: /u);
  });

  it('an item whose text says all its title says is written by its text alone', async () => {
    const body = await ask('We operate a new dry-process cement line producing 3,000 tonnes a day. What NOx reduction technology targets apply to us?');
    const first = lines(body.answer).find((line) => /^1\. /u.test(line))!;
    expect(first).toMatch(/80% penetration by 2015/u);
    // Not "…(each 80% penetration by 2015): … each aiming at 80% penetration by 2015".
    expect(first.match(/80%/gu)?.length, first).toBe(1);
    expect(first).not.toMatch(/^1\. Cement: /u);
    expect(answerLength(body.answer, 'en'), body.answer).toBeLessThanOrEqual(lengthBudget('specific', 'en'));
  });

  it('a funding answer: the fund that answers in full without restating who the user is, the rest pointed to, within the length', async () => {
    const body = await ask('We are a textile dyeing SME. What financial support can we get for cleaner production?');
    const [lead, first] = lines(body.answer);
    expect(lead).toMatch(/an SME/u);
    expect(first).toMatch(/SME Development Fund/u);
    expect(first).not.toMatch(/Yours is a small or medium-sized enterprise/u);
    expect(answerLength(body.answer, 'en'), body.answer).toBeLessThanOrEqual(lengthBudget('specific', 'en'));
    expect(body.answer).toMatch(/full list/u);
  });

  it('the checklist keeps what the answer leaves out: the item that restates who the user is, and its full title', async () => {
    const response = await app.request('/v1/eligibility', postJson({ profile: { industry: 'textile-dyeing', sme: true } }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: Array<{ id: string; title: string; text: string }> };
    const fund = body.items.find((item) => item.id === 'incentive-sme-funds');
    expect(fund?.text).toMatch(/^您是中小企业。/u);
    const technology = body.items.find((item) => item.id === 'tech-textile-dyeing-promote');
    expect(technology?.title).toMatch(/^纺织染整行业：/u);
  });
});

describe('every answer of the eval cases', () => {
  const cases = loadCases(setDir(MAIN_PLAN, 'cases'));

  it('states each fact once, marks each sentence with quotes that carry its figures, and answers English in English', { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    for (const c of cases) {
      const body = await ask(c.question, c.history);
      if (body.status !== 'answered') continue;
      const lines = body.answer.split('\n').map((line) => line.replace(/^\s*\d+\.\s/u, '').trim()).filter(Boolean);
      // No line twice, and no fact line twice under another number.
      const seen = new Set<string>();
      for (const line of lines) {
        if (seen.has(line)) problems.push(`${c.id}: the line "${line}" appears twice`);
        seen.add(line);
      }
      // Each sentence's figures are in a quote its markers point to.
      for (const sentence of splitSentences(body.answer)) {
        const markers = [...sentence.matchAll(/\[(\d+)\]/gu)].map((match) => Number(match[1]));
        if (markers.length === 0) continue;
        const quotes = markers.map((n) => body.citations[n - 1]?.quote ?? '');
        // The words before the markers state the figures; a marker's own quote may be the plan's Chinese for an English figure.
        const stated = figures(sentence.replace(/\[\d+\]/gu, ''));
        const quoted = quotes.flatMap((quote) => figures(quote));
        // The user's own figures, and how far one is from the plan's (a check's gap), are not the plan's to quote.
        const asked = [...figures([...c.history.map((turn) => turn.content), c.question].join('\n')), ...reportedFigures(c.question)];
        const gap = (figure: { value: number; unit: string }) =>
          asked.some((own) => quoted.some((plan) => factor(own.unit).family === factor(figure.unit).family && Math.abs(Math.abs(own.value * factor(own.unit).factor - plan.value * factor(plan.unit).factor) - figure.value * factor(figure.unit).factor) < 1e-6));
        for (const figure of stated) {
          if (quoted.some((plan) => sameFigure(plan, figure)) || asked.some((own) => sameFigure(own, figure)) || gap(figure)) continue;
          problems.push(`${c.id}: "${sentence.trim()}" states ${figure.value}${figure.unit}, which its quotes do not`);
        }
      }
      // An English answer is English: Chinese only inside a quoted passage (a pack without renderings).
      if (c.language === 'en' && /\p{Script=Han}/u.test(body.answer.replace(/“[^”]*”/gu, ''))) problems.push(`${c.id}: Chinese outside quotes in "${body.answer.slice(0, 200)}"`);
      // No heading cited alone: a reader opens a quote to see the fact.
      for (const citation of body.citations) {
        const clause = pack.corpus.get(citation.id);
        if (clause?.kind === 'heading') problems.push(`${c.id}: cites the heading ${citation.id}`);
        if (clause?.kind === 'table-row' && figures(citation.quote).length === 0) problems.push(`${c.id}: cites the table header ${citation.id}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
