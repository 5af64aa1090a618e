import type { Clause } from '../plan/corpus.js';
import { format } from '../plan/template.js';
import { normalize } from '../text/normalize.js';
import { listSeparator } from '../text/sentences.js';
import { localized } from './facts.js';
import { bareTitle } from './named-sections.js';
import type { PackRuntime } from './runtime.js';
import type { Fact, Understanding } from './types.js';


/**
 * "Which industries does the mercury project cover?": the sections of the pack's
 * `sectionLists` (the key projects) the question names, each with the industries its clauses
 * name, cited where they are named. A section is named by its title's own words (the title less
 * the pack's `titleWords`: "mercury", not "pollution reduction project") beside a word for
 * such a section ("project").
 */
export function sectionListFacts(understanding: Understanding, runtime: PackRuntime): Fact[] {
  const spec = runtime.pack.lexicon.sectionLists;
  const matchers = runtime.cues.sectionLists;
  if (!spec || !matchers) return [];
  const text = understanding.searchText;
  if (!matchers.mentions.test(text) || !matchers.asks.test(text)) return [];
  const folded = normalize(text);
  const words = new Set(folded.match(/[a-z0-9]+/gu) ?? []);
  const titleWords = spec.titleWords.map(normalize);
  const { corpus } = runtime.pack;
  const headings = corpus.clauses.filter((clause) => clause.kind === 'heading' && spec.under.some((parent) => clause.id.startsWith(`${parent}.`)));
  const named = headings.filter((heading) => {
    const zh = titleWords.reduce((rest, word) => rest.replaceAll(word, ''), normalize(bareTitle(heading.text)));
    const en = (normalize(bareTitle(heading.titleEn ?? '')).match(/[a-z0-9]+/gu) ?? []).filter((word) => !titleWords.includes(word));
    return (zh.length > 0 && folded.includes(zh)) || (en.length > 0 && en.every((word) => words.has(word)));
  });
  return named.flatMap((heading): Fact[] => {
    const found = new Map<string, { name: Understanding['industries'][number]['name']; clause: Clause }>();
    for (const clause of corpus.clauses.filter((entry) => entry.section === heading.id && entry.kind === 'paragraph')) {
      for (const mention of runtime.ruleSet.catalog.findInText(clause.text)) if (!found.has(mention.industry.id)) found.set(mention.industry.id, { name: mention.industry.name, clause });
    }
    if (found.size === 0) return [];
    const clauses = [...new Set([...found.values()].map((entry) => entry.clause))];
    const names = (language: 'zh' | 'en') => [...found.values()].map((entry) => entry.name[language]).join(listSeparator(language));
    return [
      {
        id: `section:${heading.id}`,
        kind: 'list',
        title: { zh: bareTitle(heading.text), en: bareTitle(heading.titleEn ?? heading.text) },
        text: localized((language) => format(runtime.pack.messages[language].facts.industries, { industries: names(language) })),
        citations: clauses.map((clause) => ({ id: clause.id, quote: clause.text })),
      },
    ];
  });
}
