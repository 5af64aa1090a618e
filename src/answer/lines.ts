import type { Messages } from '../plan/schema.js';
import { format } from '../plan/template.js';
import type { ResolvedTarget } from '../rules/rule-set.js';
import { checkWording } from '../rules/targets.js';
import type { Industry } from '../rules/schema.js';
import type { Language, Localized } from '../text/languages.js';
import { splitSentences } from '../text/sentences.js';
import type { CitationList } from './citation-list.js';
import { ContentWords } from './content-words.js';
import type { PackWords } from './pack-words.js';
import type { QuoteChooser } from './proof.js';
import type { Fact } from './types.js';
import { VerifierLexicon } from './verifier-lexicon.js';

/** Share of a title's content words its item's text may leave out and still say all the title says. */
const TITLE_UNCOVERED = 0.25;

/** Quotes marked on one line that merges several statements of an indicator. */
const MAX_SOURCES = 2;

/** A name written mid-sentence: a capitalised first word is lower-cased ("Share of …" → "share of …"), an acronym kept. */
export function midSentence(name: string): string {
  return /^\p{Lu}\p{Ll}/u.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}

/** "3. …": a line of a numbered list. */
export function numbered(m: Messages, n: number, line: string): string {
  return format(m.answer.lines.numbered, { n, line });
}

/**
 * The lines of an answer, each a fact in the reader's words with the quotes that prove it:
 * targets that measure the same indicator are one line (both wordings stated where they
 * differ), a title is not repeated by its text, and each line is marked with the fewest quotes
 * that carry its figures.
 */
export class LineWriter {
  private readonly m: Messages;
  /** What the answer's lead already said: the industry it named, and whether it said who the user is. */
  private lead: { industry?: Industry | undefined; who: boolean } = { who: false };
  private content?: ContentWords;

  constructor(
    private readonly runtime: PackWords,
    private readonly chooser: QuoteChooser,
    private readonly citations: CitationList,
    private readonly language: Language,
  ) {
    this.m = runtime.pack.messages[language];
  }

  /** Target, check and claim facts grouped by the indicator they measure, in order of first mention. */
  byIndicator(facts: readonly Fact[]): Fact[][] {
    const groups = new Map<string, Fact[]>();
    for (const fact of facts) {
      const key = this.targetOf(fact)?.indicator ?? fact.id;
      groups.set(key, [...(groups.get(key) ?? []), fact]);
    }
    return [...groups.values()];
  }

  /** The indicator's name without its figure (rules/indicators.json), or the fact's title. */
  indicatorName(fact: Fact): string {
    const indicator = this.targetOf(fact)?.indicator;
    return (indicator && this.runtime.pack.indicators[indicator]?.[this.language]) ?? fact.title[this.language];
  }

  /**
   * "Indicator: reported 45%, the 2015 target was above 50%: not met (short by 5 points)." The
   * only indicator checked leads with its verdict: "Target not met — 45% against the 2015 target of
   * above 50% for the indicator (short by 5 percentage points)."
   */
  checkLine(group: readonly Fact[], only = false): string {
    const [primary, ...others] = this.primaryFirst(group);
    const check = primary!.check;
    const summary = check?.summary ?? primary!.text;
    const markers = this.markMerged(summary, primary!, others);
    let line = check && only
      ? format(check.met ? this.m.answer.lines.checkMet : this.m.answer.lines.checkNotMet, { ...checkWording(check, this.runtime.ruleSet.units, this.runtime.pack.messages, this.language), name: midSentence(this.indicatorName(primary!)), markers })
      : format(this.m.answer.lines.indicator, { name: this.indicatorName(primary!), text: summary[this.language], markers });
    for (const other of this.differentlyWorded(primary!, others)) {
      const target = this.targetOf(other)!;
      line += format(this.m.answer.lines.otherVerdict, {
        source: this.sourceOf(target),
        goal: this.goal(target),
        verdict: other.check?.met ? this.m.check.verdictMet : this.m.check.verdictNotMet,
        markers: this.mark(this.goal(target), [other]),
      });
    }
    return line;
  }

  /** A target as the plan states it (its sentence rather than a table row), once per indicator. */
  targetLine(group: readonly Fact[]): string {
    const [primary, ...others] = this.primaryFirst(group);
    const text = primary!.text[this.language];
    let line = `${text}${this.markMerged(primary!.text, primary!, others)}`;
    for (const other of this.differentlyWorded(primary!, others)) {
      const target = this.targetOf(other)!;
      line += format(this.m.answer.lines.otherWording, { source: this.sourceOf(target), goal: this.goal(target), markers: this.mark(this.goal(target), [other]) });
    }
    return line;
  }

  /** The lead names the industry (an item title's subject that names it is not repeated) and says who the user is. */
  setLead(lead: { industry?: Industry | undefined; who: boolean }): void {
    this.lead = lead;
  }

  /**
   * An item's title as this answer shows it: without a subject that names the industry the lead
   * already named ("Cement: promote …" in an answer for a cement enterprise reads "promote …",
   * "Promote …" where it starts a line).
   */
  title(fact: Fact, startsLine = false): string {
    const title = fact.title[this.language];
    const industry = this.lead.industry;
    const at = title.indexOf(this.m.answer.lines.titleTopic);
    if (!industry || at <= 0) return title;
    if (this.runtime.ruleSet.catalog.resolve(title.slice(0, at))?.id !== industry.id) return title;
    const rest = title.slice(at + this.m.answer.lines.titleTopic.length).trim();
    if (!rest) return title;
    return startsLine ? rest.charAt(0).toUpperCase() + rest.slice(1) : rest;
  }

  /**
   * An item's text as this answer shows it: an opening sentence that only restates who the user
   * is (no figure, and more follows) is left out when the lead said who. The checklist keeps it.
   */
  text(fact: Fact): string {
    const text = fact.text[this.language];
    if (!this.lead.who) return text;
    const [first, ...rest] = splitSentences(text);
    if (!first || rest.length === 0 || /\d/u.test(first)) return text;
    if (!this.m.answer.lines.restatesWho.some((opening) => first.trimStart().startsWith(opening))) return text;
    return text.slice(text.indexOf(first) + first.length).trim();
  }

  /**
   * Whether an item's text already says all its title says: the title's figures are in the text
   * (in the plan's words) and nearly all its content words too. Then the line is the text alone.
   */
  textCoversTitle(fact: Fact, text = this.text(fact)): boolean {
    if (this.chooser.unproven(fact.title.zh, [fact.text.zh]).length > 0) return false;
    this.content ??= new ContentWords(VerifierLexicon.of(this.runtime.pack, this.runtime.ruleSet));
    const coverage = this.content.coverage(this.title(fact), [this.content.vocabulary([text])]);
    return coverage.total > 0 && coverage.uncovered.length <= coverage.total * TITLE_UNCOVERED;
  }

  /** An item's line without its markers, as `itemLine` writes it: to measure before writing. */
  itemText(fact: Fact, titleNamed = false): string {
    const text = this.text(fact);
    return titleNamed || this.textCoversTitle(fact, text) ? text : format(this.m.answer.lines.item, { title: this.title(fact, true), text, markers: '' });
  }

  /**
   * An eligibility item: its title and text, with the targets it adds. The text stands alone
   * when the title was just named (in the answer's first sentence) or the text says all it says.
   */
  itemLine(fact: Fact, titleNamed = false): string {
    const text = this.text(fact);
    const markers = this.mark(fact.text, [fact]);
    const alone = titleNamed || this.textCoversTitle(fact, text);
    const lines = [alone ? `${text}${markers}` : format(this.m.answer.lines.item, { title: this.title(fact, true), text, markers })];
    // A target under the item is shown only when the item's text does not already state its figure.
    for (const detail of fact.details ?? []) {
      const detailText = detail.text[this.language];
      if (this.chooser.unproven(detail.text.zh, [fact.text.zh]).length === 0) continue;
      lines.push(format(this.m.answer.lines.target, { text: detailText, markers: this.mark(detail.text, [detail]) }));
    }
    return lines.join('\n');
  }

  /** An item by its title alone, marked with the quote that states it (a line of its own unless `startsLine` is false). */
  titleLine(fact: Fact, startsLine = true): string {
    return `${this.title(fact, startsLine)}${this.mark(fact.title, [fact])}`;
  }

  /** "Title — text" (a rule with the industries it is for), marked with the quote of the rule and the one that lists them. */
  listedLine(fact: Fact): string {
    const text = fact.text[this.language];
    const chosen = [...this.chooser.choose(fact.title.zh, fact.citations), ...this.chooser.choose(fact.text.zh, fact.citations)];
    const markers = this.citations.marker(chosen.filter((citation, index) => chosen.findIndex((other) => other.id === citation.id && other.quote === citation.quote) === index));
    return format(this.m.answer.lines.entry, { title: fact.title[this.language], text, markers });
  }

  /**
   * Titles as the answer's first sentence names them: when one states a figure, which needs its
   * quote, each is marked (a sentence's markers must cover all it names); otherwise none is.
   */
  namedTitles(facts: readonly Fact[]): string[] {
    const figures = facts.some((fact) => this.chooser.quantities(fact.title.zh).length > 0);
    return facts.map((fact) => (figures ? this.titleLine(fact, false) : this.title(fact)));
  }

  /** Titles with one marker each, as a list inside a sentence. */
  titles(facts: readonly Fact[]): string {
    return facts.map((fact) => this.titleLine(fact)).join(this.m.itemSeparator);
  }

  /**
   * Markers of the fewest quotes of these facts that carry the sentence's figures, chosen by the
   * sentence's Chinese wording (the plan's own words and units).
   */
  private mark(sentence: Localized | string, facts: readonly Fact[]): string {
    const text = typeof sentence === 'string' ? sentence : sentence.zh;
    return this.citations.marker(this.chooser.choose(text, facts.flatMap((fact) => fact.citations)));
  }

  /** The primary's markers, and the first quote of each other source that states the same figure (a table row beside the sentence). */
  private markMerged(sentence: Localized, primary: Fact, others: readonly Fact[]): string {
    const chosen = this.chooser.choose(sentence.zh, [...primary.citations, ...others.flatMap((fact) => fact.citations)]);
    for (const other of others) {
      if (chosen.length >= MAX_SOURCES) break;
      const carrier = this.chooser.choose(sentence.zh, other.citations).find((citation) => !chosen.some((known) => known.id === citation.id) && this.chooser.unproven(sentence.zh, [citation.quote]).length < this.chooser.quantities(sentence.zh).length);
      if (carrier) chosen.push(carrier);
    }
    return this.citations.marker(chosen);
  }

  private targetOf(fact: Fact): ResolvedTarget | undefined {
    const id = fact.check?.targetId ?? fact.id.replace(/^(check|claim):/u, '');
    return this.runtime.ruleSet.target(id);
  }

  /** The fullest statement first: the one that also gives the earlier figure, else the plan's sentence before a table row. */
  private primaryFirst(group: readonly Fact[]): Fact[] {
    const isRow = (fact: Fact) => this.targetOf(fact)?.citations.some((citation) => this.runtime.pack.corpus.get(citation.id)?.kind === 'table-row') ?? false;
    const lead = group.find((fact) => this.targetOf(fact)?.baseline) ?? group.find((fact) => !isRow(fact));
    return lead ? [lead, ...group.filter((fact) => fact !== lead)] : [...group];
  }

  /** The other facts of an indicator whose target reads differently (">30%" in a table, "at least 30%" in the text). */
  private differentlyWorded(primary: Fact, others: readonly Fact[]): Fact[] {
    const own = this.targetOf(primary)?.target;
    const seen = new Set<string>();
    return others.filter((other) => {
      const target = this.targetOf(other)?.target;
      if (!target || !own) return false;
      const key = `${target.comparator}${target.value}${target.unit}`;
      const sameFigure = this.runtime.ruleSet.units.convert(target.value, target.unit, own.unit) === own.value;
      if ((target.comparator === own.comparator && sameFigure) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** Where in the plan a target is stated: its section's title. */
  private sourceOf(target: ResolvedTarget): string {
    const id = target.citations[0]!.id;
    const corpus = this.runtime.pack.corpus;
    return (this.language === 'zh' ? corpus.sectionTitle(id) : corpus.sectionTitleEn(id)) ?? id;
  }

  /** "above 50%": a target's comparator and figure in the answer's language. */
  private goal(target: ResolvedTarget): string {
    const { comparator, value, unit } = target.target;
    return format(this.m.check.goal, { comparator: this.m.check.comparators[comparator], figure: `${value}${unit}` });
  }
}
