/**
 * The verifier's labelled set: answers a faithful model could write (the offline answer and
 * paraphrases of it that keep every figure and marker) and answers with exactly one
 * perturbed claim (a number, percentage, tonnage or year changed, a figure written in
 * words changed, a citation marker that points nowhere, an industry or technology the
 * facts do not name, the wrong language). Built by running the offline pipeline over the
 * eval cases (evals/cases/*.json) and our own questions (./questions.ts); checked with the
 * same `AnswerChecker` that guards the model's answers in LLM mode.
 */
import type { Assistant } from '../../src/assistant/assistant.js';
import { buildEvidence, type Evidence, type Problem } from '../../src/assistant/llm/evidence.js';
import { fold, nameIndex } from '../../src/assistant/llm/names.js';
import { detectLanguage } from '../../src/language.js';
import type { Language } from '../../src/language.js';
import type { Profile } from '../../src/rules/profile.js';

export type Label = 'faithful' | 'perturbed';

export const FAITHFUL_KINDS = ['offline', 'reordered', 'reworded', 'condensed', 'untitled'] as const;
export const PERTURBED_KINDS = ['number', 'percentage', 'tonnage', 'year', 'spelled-number', 'marker', 'industry', 'technology', 'language'] as const;
/** Reported apart: a figure swapped for another figure of the same evidence (see README). */
export const HARD_KINDS = ['swap-in-evidence'] as const;
export type Kind = (typeof FAITHFUL_KINDS)[number] | (typeof PERTURBED_KINDS)[number] | (typeof HARD_KINDS)[number];

export interface LabelledAnswer {
  /** `<source id>/<kind>`. */
  id: string;
  source: string;
  question: string;
  language: Language;
  label: Label;
  kind: Kind;
  answer: string;
  /** For perturbed answers: what was changed ("638 → 702"). */
  change?: string;
  evidence: Evidence;
}

export interface SourceQuestion {
  id: string;
  question: string;
  history?: Array<{ role: 'user' | 'assistant'; content: string }>;
  profile?: Profile;
}

export interface VerifierSet {
  /** Faithful and perturbed answers: the verifier must pass every faithful one and block every perturbed one. */
  items: LabelledAnswer[];
  /** Harder perturbations, measured and reported apart. */
  hard: LabelledAnswer[];
  /** Sources that gave no answer to check (needs_info, out_of_scope, no facts). */
  skipped: string[];
}

/** Deterministic choice among n options, varied by source id. */
function pick(id: string, salt: string, n: number): number {
  let hash = 0x811c9dc5;
  for (const char of `${id}/${salt}`) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0;
  return hash % n;
}

const ENUMERATOR = /^(\s*)(\d+)\.\s/u;

interface NumberToken {
  index: number;
  text: string;
  kind: 'percentage' | 'tonnage' | 'year' | 'number';
  /** The citation markers of the token's line. */
  markers: number[];
}

/** Numbers of an answer that state something: not list numbers, not inside markers. */
function numberTokens(answer: string): NumberToken[] {
  const tokens: NumberToken[] = [];
  let offset = 0;
  for (const line of answer.split('\n')) {
    const markers = [...line.matchAll(/\[(\d+)\]/gu)].map((match) => Number(match[1]));
    const skip = ENUMERATOR.exec(line)?.[0].length ?? 0;
    for (const match of line.matchAll(/\d+(?:\.\d+)?/gu)) {
      if (match.index < skip) continue;
      if (line[match.index - 1] === '[' || /[\d.]/u.test(line[match.index - 1] ?? '')) continue;
      const after = line.slice(match.index + match[0].length);
      const kind = /^\s*(?:%|％|个百分点|percent|per cent|percentage point)/u.test(after)
        ? 'percentage'
        : /^\s*(?:万吨|吨|tonnes|tons|t\b)/u.test(after)
          ? 'tonnage'
          : /^(?:19|20)\d\d$/u.test(match[0])
            ? 'year'
            : 'number';
      // The plan period "2011—2015" is stated anywhere; it is no claim to perturb.
      if (kind === 'year' && /(?:2011\s*[—–\-~至到]\s*$)/u.test(line.slice(0, match.index)) || (match[0] === '2011' && /^\s*[—–\-~至到]\s*2015/u.test(after))) continue;
      tokens.push({ index: offset + match.index, text: match[0], kind, markers });
    }
    offset += line.length + 1;
  }
  return tokens;
}

/**
 * The changed figure: the first of a fixed list of changes (+5 points, +10% tonnage, the
 * next year, +1, …) that the evidence the line cites does not state. A change to a figure
 * the cited evidence does state is a different, harder test: see the hard set.
 */
function changed(token: NumberToken, supported: ReadonlySet<string>): string | undefined {
  const value = Number(token.text);
  const decimals = token.text.includes('.') ? token.text.split('.')[1]!.length : 0;
  const steps =
    token.kind === 'percentage' ? [5, -5, 10, 1, -1] : token.kind === 'tonnage' ? [Math.max(1, Math.round(value * 0.1)), 1, -1, 100] : token.kind === 'year' ? [1, -1, 2, 5] : [1, -1, 2, 3, 10];
  for (const step of steps) {
    const next = value + step;
    if (next < 0) continue;
    const text = decimals ? next.toFixed(decimals) : String(next);
    if (!supported.has(String(Number(text)))) return text;
  }
  return undefined;
}

const replaceAt = (text: string, index: number, length: number, replacement: string) => text.slice(0, index) + replacement + text.slice(index + length);

const ZH_NUMERALS = ['一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];
const EN_NUMERALS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

export interface BuildOptions {
  assistant: Assistant;
  questions: readonly SourceQuestion[];
}

export async function buildVerifierSet({ assistant, questions }: BuildOptions): Promise<VerifierSet> {
  const { ruleSet, lexicon } = assistant;
  const names = nameIndex(ruleSet);
  const items: LabelledAnswer[] = [];
  const hard: LabelledAnswer[] = [];
  const skipped: string[] = [];

  for (const source of questions) {
    const request = { question: source.question, ...(source.history?.length ? { history: source.history } : {}), ...(source.profile && Object.keys(source.profile).length ? { profile: source.profile } : {}) };
    const understanding = assistant.understand(request);
    const plan = await assistant.planFor(request, understanding);
    if (plan.status !== 'answered' || !plan.facts.some((fact) => fact.kind !== 'period')) {
      skipped.push(source.id);
      continue;
    }
    const offline = assistant.offlineAnswer(plan, understanding);
    const evidence = buildEvidence({ plan, understanding, offline, ruleSet, lexicon });
    const language = understanding.language;
    const zh = language === 'zh';
    const base = offline.answer;
    const seen = new Set<string>();
    const add = (list: LabelledAnswer[], label: Label, kind: Kind, answer: string, change?: string) => {
      if (label === 'faithful' && seen.has(answer)) return;
      if (label === 'perturbed' && answer === base) return;
      seen.add(answer);
      list.push({ id: `${source.id}/${kind}`, source: source.id, question: source.question, language, label, kind, answer, ...(change ? { change } : {}), evidence });
    };

    // ---- faithful: the offline answer and paraphrases that keep every figure and marker.
    add(items, 'faithful', 'offline', base);
    const lines = base.split('\n');
    add(items, 'faithful', 'reordered', [lines[0]!, ...lines.slice(1).reverse()].join('\n'));
    const reworded = zh
      ? base
          .replace(/^根据规划，/u, '按照规划，')
          .replace(/^根据规划：/u, '规划的相关规定如下：')
          .replace('如下：', '包括：')
          .replace('规划中的相关内容：', '规划对此的规定：')
          .replace('本规划期为', '规划期是')
          .replace(/^(\s*)(\d+)\.\s/gmu, '$1$2、')
      : base
          .replace(/^Under the plan, /u, 'According to the plan, ')
          .replace(/^According to the plan:/u, 'Here is what the plan says:')
          .replace('What the plan says:', 'Here is what the plan says:')
          .replace(/Target: /gu, 'Goal: ')
          .replace(/^(\s*)\d+\.\s/gmu, '$1- ');
    add(items, 'faithful', 'reworded', reworded);
    // One paragraph, as a model might write it: list numbers dropped, each line a sentence.
    const sentenceEnd = (line: string) => (/[。！？；.!?:：]$|[。.]\s*(?:\[\d+\])+$/u.test(line) ? line : `${line}${zh ? '。' : '.'}`);
    add(items, 'faithful', 'condensed', lines.map((line) => sentenceEnd(line.replace(ENUMERATOR, '').trim())).join(zh ? '' : ' '));
    add(
      items,
      'faithful',
      'untitled',
      lines.map((line) => line.replace(/^(\s*\d+\.\s)[^：:\n]{1,40}(?:：|: )(?=.*\[\d+\])/u, '$1')).join('\n'),
    );

    // ---- perturbed: one claim changed each.
    const tokens = numberTokens(base);
    for (const kind of ['number', 'percentage', 'tonnage', 'year'] as const) {
      const candidates = tokens.filter((token) => token.kind === kind);
      if (candidates.length === 0) continue;
      const token = candidates[pick(source.id, kind, candidates.length)]!;
      const replacement = changed(token, evidence.checker.numbersFor(token.markers));
      if (replacement === undefined) continue;
      add(items, 'perturbed', kind, replaceAt(base, token.index, token.text.length, replacement), `${token.text} → ${replacement}`);
    }

    const spelled = zh ? /([一两三四五六七八九])(年|轮)/u : /\b(one|two|three|four|five|six|seven|eight|nine)\s+(years?|rounds?)\b/iu;
    const spelledMatch = spelled.exec(base);
    if (spelledMatch) {
      const numerals = zh ? ZH_NUMERALS : EN_NUMERALS;
      const value = numerals.indexOf(spelledMatch[1]!.toLowerCase());
      const line = base.slice(base.lastIndexOf('\n', spelledMatch.index) + 1, base.indexOf('\n', spelledMatch.index) >>> 0);
      const supported = evidence.checker.numbersFor([...line.matchAll(/\[(\d+)\]/gu)].map((match) => Number(match[1])));
      const next = [1, 2, 3, 4, 5, 6, 7, 8].map((step) => (value + step) % numerals.length).find((index) => !supported.has(String(index + 1)));
      if (next !== undefined) {
        const replacement = `${numerals[next]}${zh ? '' : ' '}${spelledMatch[2]}`;
        add(items, 'perturbed', 'spelled-number', replaceAt(base, spelledMatch.index, spelledMatch[0].length, replacement), `${spelledMatch[0]} → ${replacement}`);
      }
    }

    const markers = [...base.matchAll(/\[(\d+)\]/gu)];
    if (markers.length > 0) {
      const marker = markers[pick(source.id, 'marker', markers.length)]!;
      const replacement = `[${evidence.citations.length + 1 + pick(source.id, 'marker-n', 3)}]`;
      add(items, 'perturbed', 'marker', replaceAt(base, marker.index, marker[0].length, replacement), `${marker[0]} → ${replacement}`);
    }

    const foldedBase = fold(base);
    for (const kind of ['industry', 'technology'] as const) {
      // A substitute names something the evidence names in no way (and that is not the user's industry).
      const absent = names.names.filter(
        (entry) => entry.kind === kind && !entry.entities.some((entity) => evidence.checker.entityCovered(entity)) && (zh ? !/[a-z]/u.test(entry.name) : /[a-z]/u.test(entry.name) && entry.name.length >= 5),
      );
      if (absent.length === 0) continue;
      const substitute = absent[pick(source.id, kind, absent.length)]!.name;
      const present = names
        .namesIn(foldedBase)
        .filter((entry) => entry.kind === kind && (zh ? !/[a-z]/u.test(entry.name) : /[a-z]/u.test(entry.name)))
        .flatMap((entry) => [...foldedBase.matchAll(names.pattern(entry.name))].slice(0, 1).map((match) => ({ entry, index: match.index })))
        // The folded text keeps the original's positions only where folding kept its length.
        .filter(({ entry, index }) => fold(base.slice(index, index + entry.name.length)) === entry.name);
      if (present.length > 0) {
        const { entry, index } = present[pick(source.id, `${kind}-at`, present.length)]!;
        add(items, 'perturbed', kind, replaceAt(base, index, entry.name.length, substitute), `${base.slice(index, index + entry.name.length)} → ${substitute}`);
      } else {
        // The answer names none: a sentence that claims one, citing a real marker.
        const cited = lines.findIndex((line) => /\[\d+\]/u.test(line));
        if (cited < 0) continue;
        const marker = /(?:\[\d+\])+/u.exec(lines[cited]!)![0];
        const claim = zh ? (kind === 'industry' ? `这一要求也适用于${substitute}行业。${marker}` : `规划还要求推广${substitute}。${marker}`) : kind === 'industry' ? `This also applies to ${substitute}.${marker}` : `The plan also promotes ${substitute}.${marker}`;
        add(items, 'perturbed', kind, [...lines.slice(0, cited + 1), claim, ...lines.slice(cited + 1)].join('\n'), `+ ${claim}`);
      }
    }

    const other: Language = zh ? 'en' : 'zh';
    const translated = assistant.offlineAnswer(plan, { ...understanding, language: other }).answer;
    // Quote answers stay in the plan's Chinese in both languages: no wrong-language answer to make from them.
    if (detectLanguage(translated.replace(/\[\d+\]/gu, ' ')) === other) add(items, 'perturbed', 'language', translated, `answered in ${other}`);

    // ---- hard: a figure swapped for another figure that the evidence states elsewhere.
    const cited = tokens.filter((token) => token.markers.length > 0 && token.kind !== 'year');
    if (cited.length > 0) {
      const token = cited[pick(source.id, 'swap', cited.length)]!;
      const others = [...new Set(tokens.filter((other) => other.kind === token.kind && Number(other.text) !== Number(token.text)).map((other) => other.text))];
      if (others.length > 0) {
        const replacement = others[pick(source.id, 'swap-to', others.length)]!;
        add(hard, 'perturbed', 'swap-in-evidence', replaceAt(base, token.index, token.text.length, replacement), `${token.text} → ${replacement}`);
      }
    }
  }
  return { items, hard, skipped };
}

export interface Rate {
  total: number;
  ok: number;
  rate: number;
}

export interface Judged {
  item: LabelledAnswer;
  problems: Problem[];
  /** Faithful: passed; perturbed: blocked. */
  correct: boolean;
}

export interface VerifierScore {
  /** Share of faithful answers the verifier passes. */
  faithful: Rate;
  /** Share of perturbed answers the verifier blocks. */
  perturbed: Rate;
  byKind: Record<string, Rate>;
  byLanguage: Record<string, { faithful: Rate; perturbed: Rate }>;
  /** The harder swaps, reported apart. */
  hard: Rate;
  sources: number;
  skipped: number;
  /** Faithful answers blocked and perturbed answers passed. */
  mistakes: Judged[];
  hardMisses: Judged[];
}

function rate(judged: readonly Judged[]): Rate {
  const ok = judged.filter((entry) => entry.correct).length;
  return { total: judged.length, ok, rate: judged.length ? ok / judged.length : 1 };
}

export function judge(item: LabelledAnswer): Judged {
  const problems = item.evidence.checker.checkAnswer(item.answer);
  return { item, problems, correct: item.label === 'faithful' ? problems.length === 0 : problems.length > 0 };
}

export function scoreVerifierSet(set: VerifierSet): VerifierScore {
  const judged = set.items.map(judge);
  const hard = set.hard.map(judge);
  const side = (label: Label, language?: Language) => rate(judged.filter((entry) => entry.item.label === label && (!language || entry.item.language === language)));
  const byKind: Record<string, Rate> = {};
  for (const kind of [...FAITHFUL_KINDS, ...PERTURBED_KINDS]) byKind[kind] = rate(judged.filter((entry) => entry.item.kind === kind));
  return {
    faithful: side('faithful'),
    perturbed: side('perturbed'),
    byKind,
    byLanguage: { zh: { faithful: side('faithful', 'zh'), perturbed: side('perturbed', 'zh') }, en: { faithful: side('faithful', 'en'), perturbed: side('perturbed', 'en') } },
    hard: rate(hard),
    sources: new Set(set.items.map((item) => item.source)).size,
    skipped: set.skipped.length,
    mistakes: judged.filter((entry) => !entry.correct),
    hardMisses: hard.filter((entry) => !entry.correct),
  };
}
