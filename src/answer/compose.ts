import type { Messages } from '../plan/schema.js';
import { format } from '../plan/template.js';
import type { ProfileField } from '../rules/profile.js';
import type { Language } from '../text/languages.js';
import { CitationList } from './citation-list.js';
import { bestExcerpt } from './excerpt.js';
import type { PackWords } from './pack-words.js';
import type { Composition, Decision, Fact, Understanding } from './types.js';

/**
 * The deterministic wording of a decision, in the question's language, with [n] markers.
 * Every sentence is a template of the pack's messages/<language>.json; this module only
 * chooses which and fills them.
 */
export class OfflineComposer {
  constructor(private readonly runtime: PackWords) {}

  compose(decision: Decision, understanding: Understanding): Composition {
    const language = understanding.language;
    const m = this.runtime.pack.messages[language];
    const citations = new CitationList();
    const lines: string[] = [];
    const period = decision.facts.find((fact) => fact.kind === 'period');
    const facts = decision.facts.filter((fact) => fact.kind !== 'period');
    const factLine = (fact: Fact, index: number) => this.factLine(fact, citations, m, language, index);

    if (decision.status === 'out_of_scope') {
      const texts = m.answer.outOfScope;
      const text = decision.note === 'other-period' ? texts.otherPeriod : decision.note === 'other-plan' ? texts.otherPlan : decision.note === 'other-document' ? texts.otherDocument : texts.default;
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
        facts.forEach((fact, index) => lines.push(factLine(fact, index + 1)));
      }
      return { answer: lines.join('\n'), citations: citations.items, ...(needs.includes('industry') ? { trusted: [this.runtime.pack.profile.industry.examples[language]] } : {}) };
    }

    // Passages of the plan are quoted the same way whatever was asked.
    if (facts.length > 0 && facts.every((fact) => fact.kind === 'quote')) {
      this.quotes(facts, understanding, citations, lines, m);
      if (period) lines.push(period.text[language]);
      return { answer: lines.join('\n'), citations: citations.items };
    }

    if (decision.unknownIndustry) lines.push(m.answer.needsInfo.unknownIndustry);
    const titledLine = (fact: Fact, index: number) => format(m.answer.lines.fact, { n: index, title: fact.title[language], text: fact.text[language], markers: citations.marker(fact.citations) });
    switch (decision.intent) {
      case 'check':
      case 'claim': {
        const checks = facts.filter((fact) => fact.kind === 'check' || fact.kind === 'claim');
        if (checks.length > 0) {
          if (checks.some((fact) => fact.kind === 'claim')) lines.push(checks.some((fact) => fact.confirmed) ? m.answer.claim.confirmed : m.answer.claim.rejected);
          else lines.push(m.answer.check.intro);
          checks.forEach((fact, index) => lines.push(titledLine(fact, index + 1)));
          break;
        }
        // No figure could be checked: the targets.
        lines.push(m.answer.check.targetsInstead);
        facts.forEach((fact, index) => lines.push(factLine(fact, index + 1)));
        break;
      }
      case 'list': {
        lines.push(m.answer.list.intro);
        facts.forEach((fact, index) =>
          lines.push(format(m.answer.lines.listed, { n: index + 1, title: fact.title[language], text: fact.text[language], markers: citations.marker(fact.citations) })),
        );
        break;
      }
      case 'applicability': {
        const who = this.describeProfile(decision, language);
        const topic = understanding.topics.length === 1 ? m.answer.topics[understanding.topics[0]!] : m.answer.applicability.anyTopic;
        if (decision.note === 'rule-not-applicable') {
          const named = understanding.namedRules.map((name) => this.runtime.ruleSet.eligibility.itemOf(name)?.title[language]).filter((title) => title !== undefined);
          lines.push(format(m.answer.applicability.ruleNotApplicable, { who, rules: named.map((title) => format(m.answer.applicability.ruleName, { title })).join(m.itemSeparator) }));
          const listings = facts.filter((fact) => fact.kind === 'list');
          const others = facts.filter((fact) => fact.kind !== 'list');
          listings.forEach((fact, index) =>
            lines.push(format(m.answer.lines.listed, { n: index + 1, title: fact.title[language], text: fact.text[language], markers: citations.marker(fact.citations) })),
          );
          if (others.length) {
            lines.push(format(m.answer.applicability.otherApply, { who, topic }));
            others.forEach((fact, index) => lines.push(factLine(fact, listings.length + index + 1)));
          }
        } else if (decision.note === 'no-items') {
          lines.push(format(m.answer.applicability.none, { who, topic }));
          if (facts.length) {
            lines.push(m.answer.applicability.whomFor);
            facts.forEach((fact, index) =>
              lines.push(format(m.answer.lines.listed, { n: index + 1, title: fact.title[language], text: fact.text[language], markers: citations.marker(fact.citations) })),
            );
          }
        } else {
          lines.push(format(m.answer.applicability.intro, { who, topic }));
          // A broad question lists what applies because of who you are in full; measures open
          // to any enterprise follow by title, each still cited.
          const specific = facts.filter((fact) => !fact.unconditional);
          const open = understanding.topics.length === 0 && specific.length > 0 ? facts.filter((fact) => fact.unconditional) : [];
          const full = open.length ? specific : facts;
          full.forEach((fact, index) => lines.push(factLine(fact, index + 1)));
          if (open.length) lines.push(format(m.answer.applicability.openToAll, { titles: this.titles(open, citations, m, language) }));
        }
        for (const { field, items } of decision.conditional ?? []) {
          if (field === 'industry') continue;
          const flag = this.runtime.pack.profile.flags.find((entry) => entry.id === field);
          if (!flag) continue;
          lines.push(format(m.answer.applicability.conditional, { condition: flag.condition[language], titles: this.titles(items, citations, m, language) }));
        }
        if (decision.industryMayAdd) lines.push(m.answer.applicability.industryMayAdd);
        break;
      }
      default: {
        lines.push(m.answer.general.intro);
        facts.forEach((fact, index) => lines.push(factLine(fact, index + 1)));
      }
    }
    if (period) lines.push(period.text[language]);
    return { answer: lines.join('\n'), citations: citations.items };
  }

  /** The plainest answer: each fact's own text with its citation markers, nothing else. */
  factsOnly(decision: Decision, language: Language): Composition {
    const list = new CitationList();
    const lines = decision.facts.map((fact) => `${fact.text[language]}${list.marker(fact.citations)}`);
    return { answer: lines.join('\n'), citations: list.items };
  }

  /** "Please tell me: …" for the fields a decision needs. */
  askFor(needs: readonly ProfileField[], language: Language): string {
    const { profile } = this.runtime.pack;
    const m = this.runtime.pack.messages[language];
    const names = needs.map((field) => (field === 'industry' ? profile.industry.question[language] : (profile.flags.find((flag) => flag.id === field)?.question[language] ?? field)));
    return format(m.answer.needsInfo.ask, { fields: names.join(m.itemSeparator), examples: needs.includes('industry') ? profile.industry.examples[language] : '' });
  }

  private factLine(fact: Fact, citations: CitationList, m: Messages, language: Language, index: number): string {
    const lines = [format(m.answer.lines.fact, { n: index, title: fact.title[language], text: fact.text[language], markers: citations.marker(fact.citations) })];
    for (const detail of fact.details ?? []) lines.push(format(m.answer.lines.target, { text: detail.text[language], markers: citations.marker(detail.citations) }));
    return lines.join('\n');
  }

  private titles(facts: readonly Fact[], citations: CitationList, m: Messages, language: Language): string {
    return facts.map((fact) => `${fact.title[language]}${citations.marker(fact.citations)}`).join(m.itemSeparator);
  }

  private describeProfile(decision: Decision, language: Language): string {
    const { pack, ruleSet } = this.runtime;
    const m = pack.messages[language];
    const industry = decision.profile.industry ? ruleSet.catalog.industryOf(decision.profile.industry) : undefined;
    const role = pack.profile.flags.find((flag) => flag.role && decision.profile[flag.id] === true);
    if (role && !industry) return role.yes[language];
    const flags = pack.profile.flags.filter((flag) => !flag.role && decision.profile[flag.id] !== undefined).map((flag) => flag[decision.profile[flag.id] ? 'yes' : 'no'][language]);
    const flagText = flags.length ? format(m.answer.who.flags, { flags: flags.join(m.answer.who.flagSeparator) }) : '';
    if (!industry) return format(m.answer.who.withoutIndustry, { flags: flagText });
    // Names are written mid-sentence: English lower-cases their first letter.
    const name = language === 'en' ? industry.name.en.charAt(0).toLowerCase() + industry.name.en.slice(1) : industry.name[language];
    return format(m.answer.who.withIndustry, { industry: name, flags: flagText });
  }

  private quotes(facts: readonly Fact[], understanding: Understanding, citations: CitationList, lines: string[], m: Messages): void {
    const language = understanding.language;
    const zh = language === 'zh';
    const { cues, glossary, ruleSet, pack } = this.runtime;
    lines.push(m.answer.quotes.intro);
    facts.forEach((fact, index) => {
      const clause = fact.citations[0]!;
      // An English question shares no characters with the plan: pick the passage by its terms' plan words.
      const query = zh
        ? understanding.searchText
        : [...understanding.terms.map((term) => term.entry.zh), ...understanding.industries.map((industry) => industry.name.zh), ...understanding.years].join(' ');
      const excerpt = bestExcerpt(clause.quote, query, { definitional: cues.definitional, copulas: pack.lexicon.definitional.copulas });
      const markers = citations.marker([{ id: clause.id, quote: excerpt }]);
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
      lines.push(format(m.answer.lines.quote, { n: index + 1, title: fact.title[language], excerpt, markers, glosses }));
    });
  }
}
