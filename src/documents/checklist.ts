import type { PlanPack } from '../plan/load.js';
import { format } from '../plan/template.js';
import { labelCitations } from '../rules/citations.js';
import type { EligibilityItem, EligibilityResult } from '../rules/engine.js';
import type { Profile } from '../rules/profile.js';
import type { RuleSet } from '../rules/rule-set.js';
import { pick, type Language } from '../text/languages.js';

/**
 * An enterprise's checklist as a document says it, in one language, independent of the file
 * format: the plan and its period, the profile, each item that applies with its technologies,
 * its targets and the verbatim quotes with their clause labels, what may apply once unknown
 * facts are known, and when and from which version of the rules it was made.
 */

export interface DocumentQuote {
  /** The clause's label as the plan numbers it (e.g. a section number), else its id. */
  clause: string;
  quote: string;
}

export interface DocumentItem {
  id: string;
  kind: string;
  /** The kind as a heading. */
  kindName: string;
  title: string;
  text: string;
  technologies: string[];
  /** Each related target, worded with its year and figure. */
  targets: string[];
  quotes: DocumentQuote[];
}

export interface ChecklistDocument {
  language: Language;
  title: string;
  /** The plan's title line. */
  plan: string;
  /** The plan period, as every answer says it. */
  period: string;
  profileHeading: string;
  profile: Array<{ label: string; value: string }>;
  appliesHeading: string;
  /** Items that apply, grouped by kind in the engine's order. */
  groups: Array<{ kind: string; heading: string; items: DocumentItem[] }>;
  /** Said when nothing applies. */
  noItems?: string;
  conditional?: { heading: string; intro: string; groups: Array<{ condition: string; items: DocumentItem[] }> };
  generated: string;
  version: string;
  footer: string;
  /** The words the renderers need for their own lines. */
  words: PlanPack['messages'][Language]['ui']['documents'];
  /** A file name without extension: ASCII, safe in a header. */
  fileName: string;
}

export interface ChecklistOptions {
  /** The time of generation; default now. */
  now?: Date;
}

/** A kind's name as a heading: its first letter in upper case (the pack writes it for mid-sentence use). */
const heading = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "2015-06-30 14:05 UTC": the same in every language, with no locale data needed. */
function stamp(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function checklistDocument(ruleSet: RuleSet, profile: Profile, result: EligibilityResult, language: Language, options: ChecklistOptions = {}): ChecklistDocument {
  const { pack } = ruleSet;
  const messages = pack.messages[language];
  const words = messages.ui.documents;
  const now = options.now ?? new Date();

  const item = (entry: EligibilityItem): DocumentItem => ({
    id: entry.id,
    kind: entry.kind,
    kindName: messages.answer.topics[entry.kind] ?? entry.kind,
    title: pick(entry.title, language),
    text: pick(entry.text, language),
    technologies: entry.technologies.map((technology) => pick(technology, language)),
    targets: entry.targets.flatMap((id) => {
      const target = ruleSet.target(id);
      if (!target) return [];
      const { comparator, value, unit, year } = target.target;
      const goal = format(messages.check.goal, { comparator: messages.check.comparators[comparator], figure: ruleSet.units.write(value, unit, language) });
      return [format(words.target, { title: pick(target.title, language), target: goal, year })];
    }),
    quotes: labelCitations(entry.citations, ruleSet.corpus, language).map((citation) => ({ clause: format(words.clause, { id: citation.section ?? citation.id }), quote: citation.quote })),
  });

  const groups: ChecklistDocument['groups'] = [];
  for (const entry of result.items) {
    let group = groups.find((candidate) => candidate.kind === entry.kind);
    if (!group) groups.push((group = { kind: entry.kind, heading: heading(messages.answer.topics[entry.kind] ?? entry.kind), items: [] }));
    group.items.push(item(entry));
  }

  const flags = new Map(pack.profile.flags.map((flag) => [flag.id, flag]));
  const answer = (value: unknown) => (value === true ? words.yes : value === false ? words.no : words.notGiven);
  const profileRows = [
    { label: pick(pack.profile.industry.label, language), value: result.industry ? pick(result.industry.name, language) : (result.unrecognizedIndustry ?? words.notGiven) },
    // Role flags describe who asks, not the enterprise: shown only when stated.
    ...pack.profile.flags.filter((flag) => !flag.role || profile[flag.id] !== undefined).map((flag) => ({ label: pick(flag.label, language), value: answer(profile[flag.id]) })),
  ];

  const conditionalGroups = result.wouldApplyIf.map(({ field, items }) => {
    const flag = flags.get(field);
    return { condition: format(words.conditionalIf, { condition: flag ? pick(flag.condition, language) : field }), items: items.map(item) };
  });
  const { start, end } = pack.meta.period;

  return {
    language,
    title: format(words.title),
    plan: format(words.plan, { title: pick(pack.meta.title, language) }),
    period: format(messages.answer.period, { start, end }),
    profileHeading: format(words.profileHeading),
    profile: profileRows,
    appliesHeading: format(words.appliesHeading),
    groups,
    ...(groups.length ? {} : { noItems: format(words.noItems) }),
    ...(conditionalGroups.length ? { conditional: { heading: format(words.conditionalHeading), intro: format(words.conditionalIntro), groups: conditionalGroups } } : {}),
    generated: format(words.generated, { date: stamp(now) }),
    version: format(words.version, { version: pack.version }),
    footer: messages.ui.page.footer,
    words,
    fileName: `${words.fileName}-${result.industry?.id ?? 'any'}-${now.toISOString().slice(0, 10)}`,
  };
}
