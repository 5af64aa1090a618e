import type { Messages } from '../plan/schema.js';
import { format } from '../plan/template.js';
import type { ProfileField } from '../rules/profile.js';
import type { Industry } from '../rules/schema.js';
import type { Language } from '../text/languages.js';
import { quoteRendering, renderingAligned } from '../plan/quote-rendering.js';
import { englishQueryWords, englishRarity, englishTokens } from '../retrieval/english.js';
import { listSeparator } from '../text/sentences.js';
import { CitationList } from './citation-list.js';
import { bestExcerpt } from './excerpt.js';
import { LineWriter, midSentence, numbered } from './lines.js';
import type { PackWords } from './pack-words.js';
import { QuoteChooser } from './proof.js';
import { breadthOf, lengthBudget, withinLength, type Breadth } from './length.js';
import { saysOtherCadence } from './cadence.js';
import { rankItems, rankPassages } from './rank.js';
import type { Composition, Decision, Fact, Understanding } from './types.js';

/** Items an answer lists; the rest are named in one line that points to the full checklist. */
const MAX_ITEMS = 5;
/** Items listed when the user asks for every one ("list them all"). */
const MAX_ITEMS_ALL = 20;
/** Items of a broad answer (what applies, no one kind named), the first stated in full, the others by title. */
const BROAD_ITEMS = 4;
const BROAD_IN_FULL = 1;
/** Items of an answer about one kind of duty or measure stated in full when there are more than a lead can name. */
const SPECIFIC_IN_FULL = 2;
/** Titles named in a condition line. */
const CONDITION_TITLES = 2;
/** Titles named in a "more" line. */
const MORE_TITLES = 2;
/** Titles a lead names: with no more than these, the lead names them and each line says what it is. */
const LEAD_TITLES = 2;
/** Passages quoted in full when passages are the answer; the others are named. */
const PASSAGES = 2;
/** Longest excerpt of a passage quoted as the answer, in characters (one sentence at least). */
const QUOTE_LENGTH = 100;
/** "If you are also …" lines under an answer. */
const MAX_CONDITIONS = 2;

/**
 * The deterministic wording of a decision, in the question's language, with [n] markers.
 * Every sentence is a template of the pack's messages/<language>.json; this module only
 * chooses which and fills them.
 */
export class OfflineComposer {
  private readonly chooser: QuoteChooser;
  /** Words that do not make an item more relevant: too common, or only saying who the user is. */
  private readonly ignoredWords: ReadonlySet<string>;
  /** Of the too-common words, those that may still tell alike items apart ("promote"): not the plan's own subject ("cleaner production"). */
  private readonly tellingWords: ReadonlySet<string>;
  /** How rare an English stem is among the clauses' renderings: what a question's word found in a rendering weighs. Built on first use. */
  private rarityOf: ((stem: string) => number) | undefined;

  constructor(private readonly runtime: PackWords) {
    this.chooser = new QuoteChooser(runtime.pack, runtime.ruleSet.units);
    this.ignoredWords = new Set([...runtime.cues.genericTerms, ...runtime.cues.profileWords]);
    this.tellingWords = new Set([...runtime.cues.genericTerms].filter((word) => !runtime.cues.scope.strong.test(word)));
  }

  private rarity(stem: string): number {
    if (!this.rarityOf) {
      const { corpus } = this.runtime.pack;
      this.rarityOf = englishRarity(corpus.clauses.map((clause) => corpus.rendering(clause.id)).filter((text): text is string => text !== undefined));
    }
    return this.rarityOf(stem);
  }

  compose(decision: Decision, understanding: Understanding): Composition {
    const language = understanding.language;
    const m = this.runtime.pack.messages[language];
    const citations = new CitationList();
    const lines: string[] = [];
    const period = decision.facts.find((fact) => fact.kind === 'period');
    const facts = decision.facts.filter((fact) => fact.kind !== 'period');
    const writer = new LineWriter(this.runtime, this.chooser, citations, language);

    if (decision.status === 'out_of_scope') {
      const texts = m.answer.outOfScope;
      const byReason: Partial<Record<NonNullable<Decision['note']>, string>> = { 'other-period': texts.otherPeriod, 'other-plan': texts.otherPlan, 'other-document': texts.otherDocument, 'actual-results': texts.actualResults, 'unnamed-member': texts.unnamedMembers };
      const text = (decision.note ? byReason[decision.note] : undefined) ?? texts.default;
      return { answer: text, citations: [] };
    }

    if (decision.status === 'needs_info') {
      if (decision.unknownIndustry || decision.note === 'unknown-industry') lines.push(m.answer.needsInfo.unknownIndustry);
      if (decision.choices) {
        const choices = decision.choices.industries.map((industry) => industry.name[language]).join(m.itemSeparator);
        lines.push(format(m.answer.needsInfo.which, { name: decision.choices.name, choices }));
        return { answer: lines.join('\n'), citations: citations.items, trusted: [decision.choices.name, ...decision.choices.industries.flatMap((industry) => [industry.name.zh, industry.name.en])] };
      }
      const needs = decision.needs ?? ['industry'];
      lines.push(this.askFor(needs, language));
      if (facts.length > 0) {
        lines.push(m.answer.needsInfo.whateverIndustry);
        this.listItems(this.rank(facts, understanding, decision), lines, m, language, writer, { budget: lengthBudget(breadthOf(decision.intent, understanding.topics), language), closing: [] });
      }
      return { answer: lines.join('\n'), citations: citations.items, ...(needs.includes('industry') ? { trusted: [this.runtime.pack.profile.industry.examples[language]] } : {}) };
    }

    // Passages of the plan are quoted the same way whatever was asked.
    if (facts.length > 0 && facts.every((fact) => fact.kind === 'quote')) {
      const renderings = this.quotes(facts, understanding, citations, lines, m, breadthOf(decision.intent, understanding.topics), decision.note === 'outline');
      if (period) lines.push(period.text[language]);
      return { answer: lines.join('\n'), citations: citations.items, ...(renderings.length ? { trusted: renderings } : {}) };
    }

    /** Lines the rules decided that the plan's text does not state in those words (the verifier takes them as evidence). */
    const trusted: string[] = [];
    switch (decision.intent) {
      case 'check':
      case 'claim': {
        const checks = facts.filter((fact) => fact.kind === 'check');
        const claims = facts.filter((fact) => fact.kind === 'claim');
        if (checks.length > 0) {
          // "The plan requires 80%, we're at 60%": the premise is corrected, then the figure checked against the real target.
          if (claims.length > 0 && !claims.some((fact) => fact.confirmed)) lines.push(m.answer.claim.rejected);
          const groups = writer.byIndicator(checks);
          // One indicator: its verdict is the answer. Several: the verdicts first, then each.
          if (groups.length > 1) lines.push(this.checkLead(groups, writer, m, language));
          const shown = groups.slice(0, MAX_ITEMS);
          shown.forEach((group, index) => lines.push(groups.length > 1 ? numbered(m, index + 1, writer.checkLine(group)) : writer.checkLine(group, true)));
          this.more(groups.slice(MAX_ITEMS).map((group) => writer.indicatorName(group[0]!)), lines, m);
          break;
        }
        if (claims.length > 0) {
          lines.push(claims.some((fact) => fact.confirmed) ? m.answer.claim.confirmed : m.answer.claim.rejected);
          const groups = writer.byIndicator(claims).slice(0, MAX_ITEMS);
          groups.forEach((group, index) => lines.push(groups.length > 1 ? numbered(m, index + 1, writer.targetLine(group)) : writer.targetLine(group)));
          break;
        }
        // No figure could be checked: the targets.
        lines.push(m.answer.check.targetsInstead);
        this.targetLines(facts, writer, lines, m, language, understanding.exhaustive ? MAX_ITEMS_ALL : MAX_ITEMS);
        break;
      }
      case 'list': {
        // A figure the question asks for beside the list ("how many, and from which industries?") comes first.
        const targets = facts.filter((fact) => fact.kind === 'target');
        const listed = facts.filter((fact) => fact.kind !== 'target');
        // "Is X one of G?": yes or no first; not yes when the question also says how often and what applies does not.
        const claims = facts.filter((fact) => fact.kind === 'claim');
        // A denial ("coking is not one of the 11, so…?") is answered by the membership line itself: a "yes" would read as yes to the duty.
        if (claims.length > 0 && understanding.namesMembership !== 'isNot') {
          const lead = decision.note === 'other-cadence' ? m.answer.lead.notAsAsked : decision.note !== 'duty-applies' && claims.every((fact) => fact.confirmed) ? m.answer.lead.yes : m.answer.lead.no;
          lines.push(lead.trim());
        }
        for (const group of writer.byIndicator(targets)) lines.push(writer.targetLine(group));
        if (listed.length === 1) lines.push(writer.listedLine(listed[0]!));
        else if (listed.length > 1) {
          lines.push(m.answer.list.intro);
          listed.forEach((fact, index) => lines.push(numbered(m, index + 1, writer.listedLine(fact))));
        }
        // What would apply with more facts ("if you belong to a central SOE: one round"), when the decision says.
        this.conditionalLines(decision, breadthOf(decision.intent, understanding.topics), period, writer, lines, m, language);
        break;
      }
      case 'applicability': {
        const breadth = breadthOf(decision.intent, understanding.topics);
        const who = this.describeProfile(decision, language);
        const topic = understanding.topics.length === 1 ? m.answer.topics[understanding.topics[0]!] : m.answer.applicability.anyTopic;
        // The lead says who the user is, naming their industry: item lines do not say it again.
        writer.setLead({ industry: this.industryOf(decision), who: true });
        if (decision.note === 'rule-not-applicable') {
          const named = understanding.namedRules.map((name) => this.runtime.ruleSet.eligibility.itemOf(name)?.title[language]).filter((title) => title !== undefined);
          lines.push(format(m.answer.applicability.ruleNotApplicable, { who, rules: named.map((title) => format(m.answer.applicability.ruleName, { title })).join(m.itemSeparator) }));
          const listings = facts.filter((fact) => fact.kind === 'list');
          const others = this.rank(
            facts.filter((fact) => fact.kind !== 'list'),
            understanding,
            decision,
          );
          listings.forEach((fact, index) => lines.push(numbered(m, index + 1, writer.listedLine(fact))));
          if (others.length) {
            lines.push(format(m.answer.applicability.otherApply, { who, topic }));
            this.listItems(others, lines, m, language, writer, { budget: lengthBudget(breadth, language), closing: this.closing(decision, period, language), first: listings.length + 1 });
          }
        } else if (decision.note === 'no-items') {
          // That none of the plan's duties of the kind applies is the rules' finding, not a denial of what the plan states.
          const none = format(m.answer.applicability.none, { who, topic });
          lines.push(none);
          trusted.push(none);
          if (facts.length) {
            lines.push(m.answer.applicability.whomFor);
            this.rank(facts, understanding, decision).slice(0, MAX_ITEMS).forEach((fact, index) => lines.push(numbered(m, index + 1, writer.listedLine(fact))));
            this.more(this.rank(facts, understanding, decision).slice(MAX_ITEMS).map((fact) => fact.title[language]), lines, m);
          }
        } else {
          const ranked = this.rank(facts, understanding, decision);
          // "Are we exempt from the audit?" with an audit that applies is answered no.
          const yes = !understanding.yesNo ? '' : understanding.asksExemption ? m.answer.lead.no : saysOtherCadence(understanding, ranked, this.runtime) ? m.answer.lead.notAsAsked : m.answer.lead.yes;
          this.applicable(ranked, { yes, who, topic, breadth, closing: this.closing(decision, period, language) }, writer, lines, m, language);
        }
        this.conditionalLines(decision, breadth, period, writer, lines, m, language);
        if (decision.industryMayAdd) lines.push(m.answer.applicability.industryMayAdd);
        break;
      }
      case 'target': {
        this.targetLines(facts, writer, lines, m, language, understanding.exhaustive ? MAX_ITEMS_ALL : MAX_ITEMS);
        break;
      }
      default: {
        const items = facts.filter((fact) => fact.kind === 'item');
        const industry = this.industryOf(decision) ?? (understanding.industries.length === 1 ? understanding.industries[0] : undefined);
        if (items.length === facts.length && items.length > 0 && industry) {
          // Technologies of an industry: the answer first, as for what applies to an enterprise of it.
          writer.setLead({ industry, who: false });
          const topic = understanding.topics.length === 1 ? m.answer.topics[understanding.topics[0]!] : m.answer.applicability.anyTopic;
          this.applicable(this.rank(items, understanding, decision), { yes: '', who: this.describeIndustry(industry, language), topic, breadth: breadthOf(decision.intent, understanding.topics), closing: this.closing(decision, period, language) }, writer, lines, m, language);
        } else if (items.length === facts.length && items.length > 0) {
          lines.push(m.answer.general.intro);
          this.listItems(this.rank(items, understanding, decision), lines, m, language, writer, { budget: lengthBudget(breadthOf(decision.intent, understanding.topics), language), closing: this.closing(decision, period, language) });
        } else this.targetLines(facts, writer, lines, m, language, understanding.exhaustive ? MAX_ITEMS_ALL : MAX_ITEMS);
      }
    }
    // The answer first; that the user's industry is none of the plan's comes after it.
    if (decision.unknownIndustry) lines.push(m.answer.needsInfo.unknownIndustry);
    if (period) lines.push(period.text[language]);
    return { answer: lines.join('\n'), citations: citations.items, ...(trusted.length ? { trusted } : {}) };
  }

  /** Targets (and any other facts), one line per indicator: the first answers the question. */
  private targetLines(facts: readonly Fact[], writer: LineWriter, lines: string[], m: Messages, language: Language, max: number): void {
    const targets = facts.filter((fact) => fact.kind === 'target');
    const others = facts.filter((fact) => fact.kind !== 'target');
    const groups = writer.byIndicator(targets);
    const all = [...groups.map((group) => writer.targetLine(group)), ...others.map((fact) => writer.itemLine(fact))];
    if (all.length === 1) lines.push(all[0]!);
    else {
      if (groups.length === 0) lines.push(m.answer.general.intro);
      all.slice(0, max).forEach((line, index) => lines.push(index === 0 && groups.length > 0 ? line : numbered(m, index + (groups.length > 0 ? 0 : 1), line)));
    }
    this.more(
      [...groups.map((group) => writer.indicatorName(group[0]!)), ...others.map((fact) => fact.title[language])].slice(max),
      lines,
      m,
    );
  }

  /** "Met: …; not met: …" over several indicators, in the order checked. */
  private checkLead(groups: readonly Fact[][], writer: LineWriter, m: Messages, language: Language): string {
    const verdicts = { met: [] as string[], notMet: [] as string[], mixed: [] as string[] };
    for (const group of groups) {
      const met = group.map((fact) => fact.check?.met);
      (met.every((value) => value) ? verdicts.met : met.every((value) => !value) ? verdicts.notMet : verdicts.mixed).push(writer.indicatorName(group[0]!));
    }
    const parts = [
      ...(verdicts.met.length ? [format(m.answer.lead.checkMet, { names: verdicts.met.join(listSeparator(language)) })] : []),
      ...(verdicts.notMet.length ? [format(m.answer.lead.checkNotMet, { names: verdicts.notMet.join(listSeparator(language)) })] : []),
      ...(verdicts.mixed.length ? [format(m.answer.lead.checkMixed, { names: verdicts.mixed.join(listSeparator(language)) })] : []),
    ];
    return format(m.answer.lead.checks, { results: parts.join(m.answer.lead.clauseSeparator) });
  }

  /** The industry of the decision's profile, if any. */
  private industryOf(decision: Decision): Industry | undefined {
    return decision.profile.industry ? this.runtime.ruleSet.catalog.industryOf(decision.profile.industry) : undefined;
  }

  /** "an enterprise in cement": who an answer about an industry's items is for. */
  private describeIndustry(industry: Industry, language: Language, flags = ''): string {
    const m = this.runtime.pack.messages[language];
    // Names are written mid-sentence: English lower-cases their first letter.
    const name = language === 'en' ? midSentence(industry.name.en) : industry.name[language];
    return format(m.answer.who.withIndustry, { industry: name, flags });
  }

  /**
   * What more facts would add: the first conditions, by title (a broad answer has room for fewer),
   * each only while the answer stays within its length with the lines that close it (they point past
   * the answer, not to it). An item two conditions would each bring is named under the first only.
   */
  private conditionalLines(decision: Decision, breadth: Breadth, period: Fact | undefined, writer: LineWriter, lines: string[], m: Messages, language: Language): void {
    const named = new Set<string>();
    const conditional = (decision.conditional ?? [])
      .filter(({ field }) => field !== 'industry')
      .map(({ field, items }) => {
        const fresh = items.filter((item) => !named.has(item.id));
        for (const item of fresh) named.add(item.id);
        return { field, items: fresh };
      })
      .filter(({ items }) => items.length > 0);
    const budget = lengthBudget(breadth, language);
    const closing = this.closing(decision, period, language);
    for (const { field, items } of conditional.slice(0, breadth === 'broad' ? 1 : MAX_CONDITIONS)) {
      const flag = this.runtime.pack.profile.flags.find((entry) => entry.id === field);
      if (!flag) continue;
      const shown = items.slice(0, CONDITION_TITLES);
      // Measured before it is written: writing marks its quotes (markers are not counted).
      const plain = format(m.answer.applicability.conditional, { condition: flag.condition[language], titles: shown.map((item) => item.title[language]).join(m.itemSeparator) });
      if (!withinLength([...lines, plain, ...closing], budget, language)) break;
      lines.push(format(m.answer.applicability.conditional, { condition: flag.condition[language], titles: writer.titles(shown) }));
    }
  }

  /** Facts most relevant first, by the question's words, the facts stated and the industry's own names. */
  private rank(facts: readonly Fact[], understanding: Understanding, decision: Decision): Fact[] {
    const industry = this.industryOf(decision);
    const industryNames = industry ? [industry.name.zh, ...industry.aliases.filter((alias) => /\p{Script=Han}/u.test(alias))] : [];
    const corpus = this.runtime.pack.corpus;
    const placeOf = (fact: Fact) => [...new Set(fact.citations.map((citation) => corpus.sectionTitle(citation.id) ?? ''))].join(' ');
    return rankItems(facts, { ...understanding, industryNames }, this.ignoredWords, placeOf, this.tellingWords);
  }

  /**
   * What applies, most relevant first. With no more than a lead can name: the lead names them
   * (yes, and the titles), then what each says, the first always and another only while the
   * answer stays within its length. With more: the first in full, later ones in full or by title
   * while the answer stays within its length, the rest named in one closing line.
   */
  private applicable(ranked: readonly Fact[], lead: { yes: string; who: string; topic: string; breadth: Breadth; closing: readonly string[] }, writer: LineWriter, lines: string[], m: Messages, language: Language): void {
    const { yes, who, topic, breadth } = lead;
    const broad = breadth === 'broad';
    const budget = lengthBudget(breadth, language);
    const shown = ranked.slice(0, broad ? BROAD_ITEMS : MAX_ITEMS);
    if (shown.length <= LEAD_TITLES) {
      const said = [...lines, format(m.answer.lead.applicability, { yes, who, topic, titles: shown.map((fact) => writer.title(fact)).join(m.answer.lead.titleSeparator) }), ...lead.closing];
      const explained = shown.filter((fact, index) => {
        const text = writer.itemText(fact, true);
        if (index > 0 && !withinLength([...said, text], budget, language)) return false;
        said.push(text);
        return true;
      });
      // A title no line explains is marked in the lead (a sentence's markers cover all it names).
      const titles = explained.length < shown.length ? shown.map((fact) => writer.titleLine(fact, false)) : writer.namedTitles(shown);
      lines.push(format(m.answer.lead.applicability, { yes, who, topic, titles: titles.join(m.answer.lead.titleSeparator) }));
      explained.forEach((fact, index) => lines.push(numbered(m, index + 1, writer.itemLine(fact, true))));
      this.more(ranked.slice(shown.length).map((fact) => writer.title(fact)), lines, m, who, { budget, language, closing: lead.closing });
      return;
    }
    lines.push(format(m.answer.lead.applicabilityList, { yes, who, topic }));
    this.listItems(ranked, lines, m, language, writer, { budget, closing: lead.closing, inFull: broad ? BROAD_IN_FULL : SPECIFIC_IN_FULL, max: shown.length, who });
  }

  /**
   * The first items, numbered from `first`: the first in full; a later one in full (up to
   * `inFull`) or by its title only while the answer, with its closing lines, stays within the
   * language's length; the rest named in one line (by title while that fits too).
   */
  private listItems(ranked: readonly Fact[], lines: string[], m: Messages, language: Language, writer: LineWriter, within: { budget: number; closing: readonly string[]; first?: number; inFull?: number; max?: number; who?: string }): void {
    const first = within.first ?? 1;
    const max = within.max ?? MAX_ITEMS;
    const inFull = within.inFull ?? MAX_ITEMS;
    // Measured before written (writing marks quotes); room is kept for the shortest closing pointer.
    const fits = (line: string, rest: number) => withinLength([...lines, line, ...(rest > 0 ? [this.moreUnnamed(m, within.who)] : []), ...within.closing], within.budget, language);
    let shown = 0;
    for (const [index, fact] of ranked.slice(0, max).entries()) {
      const rest = ranked.length - index - 1;
      if (index === 0 || (index < inFull && fits(writer.itemText(fact), rest))) lines.push(numbered(m, first + index, writer.itemLine(fact)));
      else if (fits(writer.title(fact), rest)) lines.push(numbered(m, first + index, writer.titleLine(fact)));
      else break;
      shown += 1;
    }
    this.more(ranked.slice(shown).map((fact) => writer.title(fact)), lines, m, within.who, { budget: within.budget, language, closing: within.closing });
  }

  /** The lines that close an answer and point past it: that the industry may add more, and the plan's period. */
  private closing(decision: Decision, period: Fact | undefined, language: Language): string[] {
    const m = this.runtime.pack.messages[language];
    return [...(decision.industryMayAdd ? [m.answer.applicability.industryMayAdd] : []), ...(period ? [period.text[language]] : [])];
  }

  private moreUnnamed(m: Messages, who?: string): string {
    return format(m.answer.lead.moreUnnamed, { who: who ?? format(m.answer.who.withoutIndustry, { flags: '' }) });
  }

  /**
   * One line naming what else there is, and where the full list is. With a length, the names
   * only while the answer (and its closing lines) stays within it; else the line names none.
   */
  private more(names: readonly string[], lines: string[], m: Messages, who?: string, within?: { budget: number; language: Language; closing: readonly string[] }): void {
    if (names.length === 0) return;
    // Names only: a figure there would stand without its quote (the checklist has it). A
    // trailing figure is dropped from a name; a name with a figure inside is left out.
    const distinct = [...new Set(names.map((name) => name.replace(/\s*[(\uFF08][^()\uFF08\uFF09]*\d[^()\uFF08\uFF09]*[)\uFF09]\s*$/u, '')))].filter((name) => !/\d/u.test(name));
    const whoText = who ?? format(m.answer.who.withoutIndustry, { flags: '' });
    const named = distinct.length ? format(m.answer.lead.more, { names: distinct.slice(0, MORE_TITLES).join(m.answer.lead.titleSeparator), who: whoText }) : undefined;
    const fits = (line: string) => !within || withinLength([...lines, line, ...within.closing], within.budget, within.language);
    lines.push(named && fits(named) ? named : this.moreUnnamed(m, who));
  }

  /**
   * The plainest answer: each fact's own text with its citation markers, in the decision's order,
   * within the broad answer's length (the first always), then the line pointing to the rest.
   */
  factsOnly(decision: Decision, language: Language): Composition {
    const list = new CitationList();
    const m = this.runtime.pack.messages[language];
    const budget = lengthBudget('broad', language);
    const lines: string[] = [];
    for (const [index, fact] of decision.facts.entries()) {
      // Measured before its markers are taken (they are not counted): a fact left out cites nothing.
      const rest = decision.facts.length - index - 1;
      if (index > 0 && !withinLength([...lines, fact.text[language], ...(rest > 0 ? [this.moreUnnamed(m)] : [])], budget, language)) {
        lines.push(this.moreUnnamed(m));
        break;
      }
      lines.push(`${fact.text[language]}${list.marker(fact.citations)}`);
    }
    return { answer: lines.join('\n'), citations: list.items };
  }

  /** "Please tell me: …" for the fields a decision needs. */
  askFor(needs: readonly ProfileField[], language: Language): string {
    const { profile } = this.runtime.pack;
    const m = this.runtime.pack.messages[language];
    const names = needs.map((field) => (field === 'industry' ? profile.industry.question[language] : (profile.flags.find((flag) => flag.id === field)?.question[language] ?? field)));
    return format(m.answer.needsInfo.ask, { fields: names.join(m.itemSeparator), examples: needs.includes('industry') ? profile.industry.examples[language] : '' });
  }

  private describeProfile(decision: Decision, language: Language): string {
    const { pack } = this.runtime;
    const m = pack.messages[language];
    const industry = this.industryOf(decision);
    const role = pack.profile.flags.find((flag) => flag.role && decision.profile[flag.id] === true);
    if (role && !industry) return role.yes[language];
    const flags = pack.profile.flags.filter((flag) => !flag.role && decision.profile[flag.id] !== undefined).map((flag) => flag[decision.profile[flag.id] ? 'yes' : 'no'][language]);
    const flagText = flags.length ? format(m.answer.who.flags, { flags: flags.join(m.answer.who.flagSeparator) }) : '';
    if (!industry) return format(m.answer.who.withoutIndustry, { flags: flagText });
    return this.describeIndustry(industry, language, flagText);
  }

  /** A passage as the answer: the excerpt that best answers it; the other passages found are pointed to. */
  private quotes(facts: readonly Fact[], understanding: Understanding, citations: CitationList, lines: string[], m: Messages, breadth: Breadth, outline = false): string[] {
    const language = understanding.language;
    const zh = language === 'zh';
    const { cues, pack } = this.runtime;
    // An English question shares no characters with the plan: pick the passage by its terms' plan words.
    // A Chinese one by its words and its terms' plan words too ("shortcomings" is the plan's "problems").
    const query = zh
      ? [understanding.searchText, ...understanding.terms.map((term) => term.entry.zh)].join(' ')
      : [...understanding.terms.map((term) => term.entry.zh), ...understanding.industries.map((industry) => industry.name.zh), ...understanding.years].join(' ');
    // An English question's own words count in each sentence's rendering too ("how much investment did it bring in?"), each by its rarity.
    const questionStems = zh ? undefined : new Set(englishTokens(englishQueryWords(understanding.ownText ?? understanding.searchText).join(' ')));
    const renderedWords = (id: string) => {
      if (!questionStems?.size || !renderingAligned(pack.corpus, id)) return undefined;
      // Each sentence's question words once; a run scores the rarity of their union.
      const found = new Map<string, string[]>();
      const wordsOf = (sentence: string) => {
        let words = found.get(sentence);
        if (!words) found.set(sentence, (words = englishTokens(quoteRendering(pack.corpus, id, sentence) ?? '').filter((stem) => questionStems.has(stem))));
        return words;
      };
      return (run: readonly string[]) => [...new Set(run.flatMap(wordsOf))].reduce((sum, stem) => sum + this.rarity(stem), 0);
    };
    const figuresWanted = cues.amountAsks.test(understanding.ownText ?? understanding.searchText);
    const found = facts.map((fact) => {
      const extraScore = renderedWords(fact.citations[0]!.id);
      const options = { definitional: cues.definitional, copulas: pack.lexicon.definitional.copulas, maxLength: QUOTE_LENGTH, figuresWanted, ...(extraScore ? { extraScore } : {}) };
      return { fact, excerpt: bestExcerpt(fact.citations[0]!.quote, query, options) };
    });
    // The passage that answers first. A Chinese question's passages keep retrieval's order, which
    // ranked them by the question's own words; an English question shares none with the plan, so
    // its passages are ordered by the plan words of its terms and the years it names.
    // A passage the question quotes stays first.
    const quotedFirst = (entry: (typeof found)[number]) => understanding.quoted?.includes(entry.fact.citations[0]!.id) ?? false;
    const ordered = zh ? found : [...found.filter(quotedFirst), ...rankPassages(found.filter((entry) => !quotedFirst(entry)), (entry) => entry.excerpt, understanding, this.ignoredWords)];
    const excerpts = ordered.map(({ fact, excerpt }) => ({ fact, excerpt, markers: citations.marker([{ id: fact.citations[0]!.id, quote: excerpt }]) }));
    // The first passage in full; the next only while the passages stay within the answer's length
    // (the language's answerLength): English renders a passage in about three times the words
    // Chinese quotes it in. The others are pointed to.
    const budget = lengthBudget(breadth, language);
    // Passages of one section are pointed to once, with all their markers ("1.1 Current status[4][5]").
    const seeAlso = (rest: typeof excerpts) => {
      const byTitle = new Map<string, string>();
      for (const other of rest) byTitle.set(other.fact.title[language], `${byTitle.get(other.fact.title[language]) ?? ''}${other.markers}`);
      return byTitle.size ? [format(m.answer.quotes.seeAlso, { titles: [...byTitle].map(([title, markers]) => `${title}${markers}`).join(m.itemSeparator) })] : [];
    };
    const renderings: string[] = [];
    let shown = 0;
    // A section's outline shows each of its passages while they fit.
    for (const entry of excerpts.slice(0, outline ? excerpts.length : PASSAGES)) {
      const written = this.passageLine(entry, language, m, renderings.length > 0);
      if (shown > 0 && !withinLength([...lines, written.line], budget, language)) break;
      if (written.rendering) renderings.push(written.rendering);
      lines.push(written.line);
      shown += 1;
    }
    lines.push(...seeAlso(excerpts.slice(shown)));
    return renderings;
  }

  /** A passage's line: the plan's unofficial English rendering for English readers (the Chinese in its citation), else the excerpt verbatim. */
  private passageLine({ fact, excerpt, markers }: { fact: Fact; excerpt: string; markers: string }, language: Language, m: Messages, renderedBefore = false): { line: string; rendering?: string } {
    const zh = language === 'zh';
    const { glossary, ruleSet, pack } = this.runtime;
    const rendering = zh ? undefined : quoteRendering(pack.corpus, fact.citations[0]!.id, excerpt);
    // That the English is an unofficial rendering is said once, at the first rendered passage.
    if (rendering) return { line: format(renderedBefore ? m.answer.lines.passageRenderedAgain : m.answer.lines.passageRendered, { title: fact.title[language], rendering, markers }), rendering };
    let glosses = '';
    if (!zh) {
      // English readers get the passage verbatim, with the plan's terms in it glossed.
      // A gloss may not bring a figure of its own.
      const terms = glossary
        .find(excerpt)
        .filter((term) => !/\d/u.test(term.entry.en[0]!))
        .slice(0, 12)
        .map((term) => format(m.answer.lines.gloss, { zh: term.entry.zh, en: term.entry.en[0]! }));
      const industries = ruleSet.catalog.findInText(excerpt).map(({ industry }) => format(m.answer.lines.gloss, { zh: industry.name.zh, en: industry.name.en }));
      const all = [...industries, ...terms];
      glosses = all.length ? format(m.answer.lines.glosses, { glosses: all.join(m.itemSeparator) }) : '';
    }
    return { line: format(m.answer.lines.passage, { title: fact.title[language], excerpt, markers, glosses }) };
  }

}
