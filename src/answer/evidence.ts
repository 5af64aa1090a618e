import { format } from '../plan/template.js';
import type { Citation } from '../rules/citations.js';
import { allLanguages } from '../text/languages.js';
import { escapeRegExp } from '../text/normalize.js';
import { cueMatcher } from '../text/phrases.js';
import { CitationList } from './citation-list.js';
import { inPastSection, periodFact } from './facts.js';
import type { PlanPack } from '../plan/load.js';
import type { PackEvidence } from './pack-words.js';
import { LANGUAGES, type Language } from '../text/languages.js';
import type { Composition, Decision, Fact, Understanding } from './types.js';
import { SentenceSupport, type SupportItem } from './support.js';
import { VerifierLexicon } from './verifier-lexicon.js';
import { AnswerChecker } from './verify.js';

const MARKER = /\[(\d+)\]/gu;

/** The numbered evidence of one answer: what a model is shown, and what every answer is checked against. */
export interface Evidence {
  /** `[n]` is `citations[n - 1]`; the deterministic answer's citations come first, with the same numbers. */
  citations: Citation[];
  /** One line per fact (and per target under it), in the answer's language, ending with its markers. */
  factLines: string[];
  /** `[n] (clause id) quote`, one per citation. */
  quoteLines: string[];
  checker: AnswerChecker;
}

const texts = (fact: Fact) => [fact.title.zh, fact.title.en, fact.text.zh, fact.text.en];

/** What the user wrote: the question and earlier turns (an answer may correct figures of any of them). */
export interface Conversation {
  question: string;
  history?: ReadonlyArray<{ role: 'user' | 'assistant'; content: string }> | undefined;
}

/** The plan period as an answer may write it anywhere (its years as a range, its names). */
export function periodPattern(pack: PlanPack): RegExp {
  const { start, end, aliases } = pack.meta.period;
  const connectors = [...new Set(allLanguages((data) => data.rangeConnectors))].map((connector) => (/[a-z]/iu.test(connector) ? `\\s${escapeRegExp(connector)}\\s` : escapeRegExp(connector)));
  const names = [...aliases].sort((a, b) => b.length - a.length).map((alias) => escapeRegExp(alias).replace(/\s+/gu, '\\s+'));
  return new RegExp([`(?<!\\d)${start}\\s*(?:${connectors.join('|')})\\s*${end}(?!\\d)`, ...names].join('|'), 'giu');
}

/**
 * Builds the numbered facts and quotes of a decision, and the checker for answers written from
 * them. `composition` is the deterministic answer: its citation numbering is kept, so markers
 * mean the same in it and in a model's answer.
 */
export function buildEvidence(decision: Decision, understanding: Understanding, composition: Composition, runtime: PackEvidence, conversation?: Conversation): Evidence {
  const { pack, ruleSet } = runtime;
  const language = understanding.language;
  const m = pack.messages[language].evidence;
  const list = new CitationList();
  list.items.push(...composition.citations);
  /** Texts each marker vouches for: its quote and every fact that cites it. */
  const bound = new Map<number, string[]>();
  const bind = (markers: string, values: readonly string[]) => {
    for (const match of markers.matchAll(MARKER)) {
      const n = Number(match[1]);
      bound.set(n, [...(bound.get(n) ?? []), ...values]);
    }
  };
  /** A quote fact keeps the excerpt the deterministic answer cited for its clause. */
  const citationsOf = (fact: Fact): Citation[] =>
    fact.kind === 'quote' ? fact.citations.map((citation) => composition.citations.find((item) => item.id === citation.id) ?? citation) : fact.citations;

  /** Each fact, target and quote with the markers that cite it, for sentence support. */
  const items: SupportItem[] = [];
  /** Whether a clause is in the plan's account of the time before it. */
  const pastClause = (id: string) => {
    const clause = pack.corpus.get(id);
    return clause !== undefined && inPastSection(pack, clause.section);
  };
  const addItem = (markers: string, fact: Fact) => {
    const numbers = [...markers.matchAll(MARKER)].map((match) => Number(match[1]));
    // A fact drawn from the account of the past alone tells of the past too.
    const past = fact.citations.length > 0 && fact.citations.every((citation) => pastClause(citation.id));
    items.push({ markers: numbers, texts: texts(fact), ...(fact.check ? { met: fact.check.met, gap: `${Math.abs(fact.check.difference)}${fact.check.target.unit}` } : {}), ...(fact.kind === 'claim' ? { confirmed: fact.confirmed === true } : {}), ...(past ? { past } : {}) });
  };

  const factLines: string[] = [];
  let index = 0;
  for (const fact of decision.facts) {
    if (fact.kind === 'period') continue;
    const markers = list.marker(citationsOf(fact));
    bind(markers, texts(fact));
    addItem(markers, fact);
    const body = fact.kind === 'quote' ? m.seeQuote : fact.text[language];
    const verdict = fact.kind === 'claim' ? (fact.confirmed ? m.claimMatches : m.claimDiffers) : '';
    factLines.push(format(m.fact, { n: ++index, title: fact.title[language], body, verdict, markers }));
    for (const detail of fact.details ?? []) {
      const detailMarkers = list.marker(detail.citations);
      bind(detailMarkers, texts(detail));
      addItem(detailMarkers, detail);
      factLines.push(format(m.target, { text: detail.text[language], markers: detailMarkers }));
    }
  }
  for (const { field, items } of decision.conditional ?? []) {
    const flag = pack.profile.flags.find((entry) => entry.id === field);
    for (const item of items) {
      const markers = list.marker(item.citations);
      bind(markers, texts(item));
      addItem(markers, item);
      factLines.push(format(m.onlyIf, { n: ++index, field: flag?.question[language] ?? field, title: item.title[language], text: item.text[language], markers }));
    }
  }
  const period = decision.facts.find((fact) => fact.kind === 'period') ?? periodFact(pack);
  factLines.push(format(m.period, { text: period.text[language] }));

  const citations = list.items;
  const lexicon = VerifierLexicon.of(pack, ruleSet);
  citations.forEach((citation, i) => {
    bind(`[${i + 1}]`, [citation.quote]);
    const english = lexicon.renderings.get(citation.id);
    const columns = pack.corpus.tableColumns(citation.id);
    const past = pastClause(citation.id);
    items.push({ markers: [i + 1], texts: [citation.quote], ...(english ? { english: [english] } : {}), ...(columns ? { columns } : {}), ...(past ? { past } : {}) });
  });
  const quoteLines = citations.map((citation, i) => `[${i + 1}] (${citation.id}) ${citation.quote.length > 300 ? `${citation.quote.slice(0, 300)}…` : citation.quote}`);

  // The profile's industry (and the industries it belongs to) may be named anywhere: the rules were evaluated for it.
  const industry = decision.profile.industry ? ruleSet.catalog.industryOf(decision.profile.industry) : undefined;
  const allowedIndustries = industry ? ruleSet.catalog.lineage(industry.id).map((entry) => entry.id) : [];
  // Terms the user named may be repeated where nothing is cited.
  const questionTerms = understanding.terms.flatMap((term) => [term.entry.zh, ...term.entry.aliases, ...term.entry.en]);
  const global = [
    ...decision.facts.flatMap(function all(fact): string[] {
      return [...texts(fact), ...fact.citations.map((c) => c.quote), ...(fact.details ?? []).flatMap(all)];
    }),
    ...(decision.conditional ?? []).flatMap(({ items }) => items.flatMap(texts)),
    ...citations.map((c) => c.quote),
    ...texts(period),
    ...(composition.trusted ?? []),
  ];

  const frame = frameTexts(pack, decision, language, allowedIndustries.map((id) => ruleSet.catalog.get(id)).filter((industry) => industry !== undefined));
  const checker = new AnswerChecker({
    language,
    citationCount: citations.length,
    clauseIds: [...new Set(citations.map((c) => c.id))],
    global,
    bound,
    allowedIndustries,
    globalNames: questionTerms,
    names: runtime.names,
    injection: runtime.injectionEcho,
    period: runtime.period,
    support: new SentenceSupport({
      language,
      items,
      // Every turn the client sent, its "assistant" turns too: none of them is the plan's word.
      userTexts: [understanding.searchText, ...(conversation ? [conversation.question, ...(conversation.history ?? []).map((turn) => turn.content)] : [])],
      earlierAnswers: (conversation?.history ?? []).filter((turn) => turn.role === 'assistant').map((turn) => turn.content),
      past: understanding.past,
      described: pack.profile.flags.filter((flag) => typeof decision.profile[flag.id] === 'boolean').map((flag) => flag[decision.profile[flag.id] ? 'yes' : 'no'][language]),
      // An answer that states no fact (needs info, out of scope) is the pack's own wording throughout.
      // The sections the citations stand in, by name ("5.3 Policy mechanisms"): an answer may name them.
      anywhere: [...texts(period), ...(composition.trusted ?? []), ...(decision.status === 'answered' ? [] : frame), ...sectionNames(pack, citations)],
      frame,
      lexicon,
    }),
  });
  return { citations, factLines, quoteLines, checker };
}

/** The names of the sections the citations stand in, in both languages. */
function sectionNames(pack: PlanPack, citations: readonly Citation[]): string[] {
  return [...new Set(citations.flatMap((citation) => LANGUAGES.map((language) => pack.corpus.label(citation.id, language) ?? '')).filter(Boolean))];
}

/** Every string of a message tree, placeholders taken out. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value.replace(/\{[a-zA-Z]+\}/gu, ' ')];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/**
 * The pack's own wording of an answer: its answer templates (for an answered question, not the
 * requests a needs-info answer makes), the check, fact and evidence templates, the profile's words, and
 * the names of the industries the profile names.
 */
function frameTexts(pack: PlanPack, decision: Decision, language: Language, industries: ReadonlyArray<{ name: { zh: string; en: string }; aliases: readonly string[] }>): string[] {
  const m = pack.messages[language];
  const { outOfScope, needsInfo, ...answered } = m.answer;
  // An answered question may still say that the user's industry is none of the plan's (the "none of these" reply).
  const answer = decision.status === 'answered' ? [answered, needsInfo.unknownIndustry] : m.answer;
  const profile = [pack.profile.industry, ...pack.profile.flags].flatMap((entry) => strings(entry).filter((text) => text.trim()));
  return [...strings(answer), ...strings(m.facts), ...strings(m.check), ...strings(m.evidence), ...profile, ...industries.flatMap((industry) => [industry.name.zh, industry.name.en, ...industry.aliases])];
}

/** The instruction words no answer may echo: the pack's injection cues and every language's leak phrases. */
export function injectionEchoMatcher(injection: readonly string[]) {
  return cueMatcher([...injection, ...allLanguages((data) => data.leakPhrases)]);
}
