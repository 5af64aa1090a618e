import { detectLanguage, type Language } from '../../language.js';
import type { Citation } from '../../rules/citations.js';
import type { RuleSet } from '../../rules/rule-set.js';
import { CitationList, type Composition } from '../compose-offline.js';
import { FIELD_NAMES, periodFact, type AnswerPlan, type Fact } from '../facts.js';
import { findCues, type Lexicon } from '../lexicon.js';
import type { Understanding } from '../understand.js';
import type { Verification } from '../verify.js';
import { guardedNames, fold, namesIn, type GuardedName } from './names.js';
import { claimNumbers } from './numbers.js';
import { splitSentences } from './sentences.js';

/**
 * Why a model's answer (or one sentence of it) cannot be shown. `code` is what the API
 * reports in `llm.rejected`; `detail` may quote the model and goes only to logs and to the
 * repair prompt.
 */
export interface Problem {
  code: 'empty' | 'wrong_language' | 'bad_marker' | 'unsupported_number' | 'uncited_number' | 'unsupported_name' | 'injection_leak';
  detail: string;
}

/** Phrases that only a model obeying or echoing injected instructions would write. */
const LEAK_PHRASES = ['system prompt', 'previous instructions', 'above instructions', 'my instructions', 'as an ai', '以上规则', '以上指令', '以上所有规则', '系统提示', '提示词', '作为ai', '作为一个ai'];

const MARKER = /\[(\d+)\]/gu;
const LIST_NUMBER = /^\s*\d+(?:\.|、|\))\s*(?!\d)/gmu;

/** The numbered evidence of one answer: what the model is shown and what its answer is checked against. */
export interface Evidence {
  language: Language;
  /** `[n]` is `citations[n - 1]`; the offline answer's citations come first, with the same numbers. */
  citations: Citation[];
  /** One line per fact (and per target under it), in the answer's language, ending with its markers. */
  factLines: string[];
  /** `[n] (clause id) quote`, one per citation. */
  quoteLines: string[];
  checker: AnswerChecker;
}

export interface EvidenceInput {
  plan: AnswerPlan;
  understanding: Understanding;
  /** The deterministic answer: its citation numbering is kept, so markers mean the same in both. */
  offline: Composition;
  ruleSet: RuleSet;
  lexicon: Lexicon;
}

const texts = (fact: Fact) => [fact.title.zh, fact.title.en, fact.text.zh, fact.text.en];

/** Builds the numbered facts and quotes of a plan, and the checker for answers written from them. */
export function buildEvidence({ plan, understanding, offline, ruleSet, lexicon }: EvidenceInput): Evidence {
  const language = understanding.language;
  const list = new CitationList();
  list.items.push(...offline.citations);
  /** Texts each marker vouches for: its quote and every fact that cites it. */
  const bound = new Map<number, string[]>();
  const bind = (markers: string, values: readonly string[]) => {
    for (const match of markers.matchAll(MARKER)) {
      const n = Number(match[1]);
      bound.set(n, [...(bound.get(n) ?? []), ...values]);
    }
  };
  /** A quote fact keeps the excerpt the offline answer cited for its clause. */
  const citationsOf = (fact: Fact): Citation[] =>
    fact.kind === 'quote' ? fact.citations.map((citation) => offline.citations.find((item) => item.id === citation.id) ?? citation) : fact.citations;

  const factLines: string[] = [];
  const zh = language === 'zh';
  let index = 0;
  for (const fact of plan.facts) {
    if (fact.kind === 'period') continue;
    const markers = list.marker(citationsOf(fact));
    bind(markers, texts(fact));
    const body = fact.kind === 'quote' ? (zh ? '（见所引原文）' : '(see the quoted plan text)') : fact.text[language];
    const verdict =
      fact.kind === 'claim' ? (fact.confirmed ? (zh ? '（用户的说法与规划一致）' : ' (the user’s claim matches the plan)') : zh ? '（用户的说法与规划不一致）' : ' (the user’s claim does NOT match the plan)') : '';
    factLines.push(`F${++index}. ${fact.title[language]}${zh ? '：' : ': '}${body}${verdict} ${markers}`);
    for (const detail of fact.details ?? []) {
      const detailMarkers = list.marker(detail.citations);
      bind(detailMarkers, texts(detail));
      factLines.push(`   - ${zh ? '目标' : 'Target'}${zh ? '：' : ': '}${detail.text[language]} ${detailMarkers}`);
    }
  }
  for (const { field, items } of plan.conditional ?? []) {
    for (const item of items) {
      const markers = list.marker(item.citations);
      bind(markers, texts(item));
      factLines.push(`F${++index}. ${zh ? `仅当（${FIELD_NAMES[field].zh}）为“是”时适用` : `Applies only if yes to: ${FIELD_NAMES[field].en}`} — ${item.title[language]}${zh ? '：' : ': '}${item.text[language]} ${markers}`);
    }
  }
  const period = plan.facts.find((fact) => fact.kind === 'period') ?? periodFact(ruleSet);
  factLines.push(`${zh ? '规划期' : 'Plan period'}${zh ? '：' : ': '}${period.text[language]}`);

  const citations = list.items;
  citations.forEach((citation, i) => bind(`[${i + 1}]`, [citation.quote]));
  const quoteLines = citations.map((citation, i) => `[${i + 1}] (${citation.id}) ${citation.quote.length > 300 ? `${citation.quote.slice(0, 300)}…` : citation.quote}`);

  // The profile's industry (and the industries it belongs to) may be named anywhere: the rules were evaluated for it.
  const industry = plan.profile.industry ? ruleSet.catalog.resolve(plan.profile.industry) : undefined;
  const profileNames = industry ? ruleSet.catalog.lineage(industry.id).flatMap((entry) => [entry.name.zh, entry.name.en, ...entry.aliases]) : [];
  // Terms the user named may be repeated where nothing is cited.
  const questionTerms = understanding.terms.flatMap((term) => [term.entry.zh, ...term.entry.aliases, ...term.entry.en]);
  const global = [
    ...plan.facts.flatMap(function all(fact): string[] {
      return [...texts(fact), ...fact.citations.map((c) => c.quote), ...(fact.details ?? []).flatMap(all)];
    }),
    ...(plan.conditional ?? []).flatMap(({ items }) => items.flatMap(texts)),
    ...citations.map((c) => c.quote),
    ...texts(period),
  ];

  const checker = new AnswerChecker({
    language,
    citationCount: citations.length,
    clauseIds: [...new Set(citations.map((c) => c.id))],
    global,
    bound,
    allowedNames: profileNames,
    globalNames: questionTerms,
    names: guardedNames(ruleSet),
    injectionCues: [...lexicon.injection, ...LEAK_PHRASES],
  });
  return { language, citations, factLines, quoteLines, checker };
}

export interface CheckerInput {
  language: Language;
  citationCount: number;
  /** Clause ids of the citations ("2.3.p3"): an answer may name them; their digits are no figures. */
  clauseIds: readonly string[];
  /** Every fact and quote text of the answer (both languages). */
  global: readonly string[];
  /** Marker number → the texts it vouches for. */
  bound: ReadonlyMap<number, readonly string[]>;
  /** Names allowed in any sentence (the profile's industry). */
  allowedNames: readonly string[];
  /** Names allowed in sentences that cite nothing (terms of the question). */
  globalNames: readonly string[];
  names: readonly GuardedName[];
  injectionCues: readonly string[];
}

/**
 * Checks a model's answer, sentence by sentence, against its evidence:
 * - every citation marker points at a citation;
 * - every number (digits, or number words with a unit) is in the evidence, and in a sentence
 *   that cites, in the facts or quotes it cites;
 * - every industry or technology it names is in the evidence (in the cited evidence when it cites);
 * - it is written in the question's language;
 * - it does not echo injected instructions.
 */
export class AnswerChecker {
  private readonly globalNumbers: Set<string>;
  private readonly globalText: string;
  private readonly boundNumbers = new Map<number, Set<string>>();
  private readonly boundText = new Map<number, string>();
  private readonly allowedText: string;
  private readonly globalNamesText: string;

  constructor(private readonly input: CheckerInput) {
    this.globalNumbers = new Set(input.global.flatMap(claimNumbers));
    this.globalText = fold(input.global.join('\n'));
    for (const [n, values] of input.bound) {
      this.boundNumbers.set(n, new Set(values.flatMap(claimNumbers)));
      this.boundText.set(n, fold(values.join('\n')));
    }
    this.allowedText = fold(input.allowedNames.join('\n'));
    this.globalNamesText = fold(input.globalNames.join('\n'));
  }

  /** Problems of one sentence (as `SentenceCutter` cuts them); [] when it may be shown. */
  checkSentence(sentence: string): Problem[] {
    const problems: Problem[] = [];
    const markers = [...sentence.matchAll(MARKER)].map((match) => Number(match[1]));
    const valid = markers.filter((n) => n >= 1 && n <= this.input.citationCount);
    for (const n of markers) if (!valid.includes(n)) problems.push({ code: 'bad_marker', detail: `[${n}] is not one of the citations [1]–[${this.input.citationCount}]` });

    const cited = (n: number) => valid.length > 0 && !valid.some((marker) => this.boundNumbers.get(marker)?.has(String(n)) ?? false);
    let plain = sentence.replace(MARKER, ' ').replace(LIST_NUMBER, '');
    for (const id of this.input.clauseIds) plain = plain.replaceAll(id, ' ');
    for (const number of new Set(claimNumbers(plain))) {
      if (!this.globalNumbers.has(number)) problems.push({ code: 'unsupported_number', detail: `${number} is in no fact or quote` });
      else if (cited(Number(number))) problems.push({ code: 'uncited_number', detail: `${number} is not in the facts or quotes it cites (${valid.map((n) => `[${n}]`).join('')})` });
    }

    const folded = fold(plain);
    for (const { name, kind } of namesIn(folded, this.input.names)) {
      if (this.allowedText.includes(name)) continue;
      const inCited = valid.some((n) => this.boundText.get(n)?.includes(name) ?? false);
      if (valid.length > 0 ? !inCited : !this.globalText.includes(name) && !this.globalNamesText.includes(name)) {
        problems.push({ code: 'unsupported_name', detail: `the ${kind} “${name}” is not in the ${valid.length > 0 ? 'facts or quotes it cites' : 'facts or quotes'}` });
      }
    }

    if (!languageFits(plain, this.input.language)) problems.push({ code: 'wrong_language', detail: `not written in ${this.input.language === 'zh' ? 'Chinese' : 'English'}` });

    for (const match of findCues(plain, this.input.injectionCues)) {
      if (!this.globalText.includes(fold(match.cue))) problems.push({ code: 'injection_leak', detail: `echoes instruction text “${match.cue}”` });
    }
    return problems;
  }

  /** Problems of a whole answer; [] when it may be shown. */
  checkAnswer(answer: string): Problem[] {
    if (answer.trim() === '') return [{ code: 'empty', detail: 'the answer is empty' }];
    const problems = splitSentences(answer.trim()).flatMap((sentence) => this.checkSentence(sentence));
    const body = answer.replace(MARKER, ' ').replace(/[“"「『（(][^”"」』）)]*[”"」』）)]/gu, ' ');
    if (!problems.some((p) => p.code === 'wrong_language') && /\p{L}/u.test(body) && detectLanguage(body) !== this.input.language) {
      problems.push({ code: 'wrong_language', detail: `not written in ${this.input.language === 'zh' ? 'Chinese' : 'English'}` });
    }
    return problems;
  }
}

/** A sentence fits the language unless it is plainly written in the other one. */
export function languageFits(text: string, language: Language): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/gu)?.length ?? 0;
  if (language === 'zh') return !(latin >= 12 && han * 3 < latin);
  return !(han >= 6 && han * 2 > latin);
}

/** The short, model-free reason the API shows: the problem codes, once each. */
export function problemCodes(problems: readonly Problem[]): string {
  return [...new Set(problems.map((problem) => problem.code))].join(', ');
}

/** A `Verification` (the response's shape) for an answer the checker judged. */
export function verificationOf(problems: readonly Problem[], answer: string, citationCount: number): Verification {
  const numbers = problems.filter((p) => p.code === 'unsupported_number' || p.code === 'uncited_number').map((p) => p.detail.split(' ')[0]!);
  const badMarkers = [...answer.matchAll(MARKER)].map((m) => Number(m[1])).filter((n) => n < 1 || n > citationCount);
  const names = problems.filter((p) => p.code === 'unsupported_name').map((p) => p.detail);
  return { ok: problems.length === 0, unsupportedNumbers: [...new Set(numbers)], badMarkers: [...new Set(badMarkers)], unsupportedNames: names };
}
