import type { Clause, PlanCorpus } from '../plan/corpus.js';
import { chineseNumeralValue, englishValue } from '../text/figures.js';
import { languageData } from '../text/languages.js';
import { escapeRegExp, normalize } from '../text/normalize.js';
import type { RetrievedClause } from './types.js';

/** A heading's title without its numbering ("\uFF08\u4E8C\uFF09", "2.2 ", "5. "). */
export function bareTitle(title: string): string {
  return title
    .replace(/^[\u4E00-\u9FFF]{1,3}\u3001/u, '')
    .replace(/^[\uFF08(][^\uFF09)]*[\uFF09)]/u, '')
    .replace(/^\d+(?:\.\d+)*\.?\s+/u, '')
    .trim();
}

const latinWords = (text: string) => normalize(text).match(/[a-z0-9]+/gu) ?? [];

/** Whether a clause or section id is the heading's section or one of its subsections ("5", "5.3", "5.3.p4" in "5"). */
export function inSectionOf(heading: Pick<Clause, 'id'>, id: string): boolean {
  return id === heading.id || id.startsWith(`${heading.id}.`);
}

/**
 * The plan's sections a question names by their whole heading ("basic principles", "safeguard measures"),
 * by a plan word (`planWords`, the glossary's) that is a heading's whole title, or by number ("section 5")
 * when the question also names one of the plan's words (a number alone may be any text's part):
 * a question about the plan's own structure. The deepest heading named wins over the part that
 * holds it ("main targets" inside "guiding thought, basic principles and main targets").
 */
export function sectionsNamed(question: string, corpus: PlanCorpus, planWords: readonly string[] = []): Clause[] {
  // A number alone ("Part Two", a Chinese "fifth chapter") names a part of this plan only beside one of the plan's own words.
  const byNumber = planWords.length > 0;
  const folded = normalize(question);
  const words = ` ${latinWords(question).join(' ')} `;
  const named = corpus.clauses.filter((clause) => {
    if (clause.kind !== 'heading' || clause.id === 'title') return false;
    const zh = normalize(bareTitle(clause.text));
    const en = latinWords(bareTitle(clause.titleEn ?? ''));
    // A heading of one Latin word ("preface") or two Han characters says too little to name a section;
    // a plan word the question names in other words ("guiding ideology") names the section whose whole title it is.
    return (zh.length > 2 && (folded.includes(zh) || planWords.some((word) => normalize(word) === zh))) || (en.length > 1 && words.includes(` ${en.join(' ')} `));
  });
  const all = [...named, ...(byNumber ? sectionsReferenced(folded, corpus).filter((heading) => !named.includes(heading)) : [])];
  return all.filter((heading) => !all.some((other) => other !== heading && inSectionOf(heading, other.id)));
}

let referencePatterns: RegExp[] | undefined;

/** The languages' section references ("section {n}") as patterns of normalised text, `{n}` a number in digits, Chinese numerals or English words. */
function sectionReferencePatterns(): RegExp[] {
  if (!referencePatterns) {
    const data = Object.values(languageData());
    const numerals = data.flatMap((language) => (language.numerals ? [...Object.keys(language.numerals.digits), ...Object.keys(language.numerals.multipliers)] : []));
    const number = `(?<n>\\d+(?:\\.\\d+)?|[a-z]+|[${numerals.map(escapeRegExp).join('')}]+)`;
    referencePatterns = data.flatMap((language) =>
      language.sectionReferences.templates.map((template) => {
        const [before, after] = normalize(template).split('{n}').map(escapeRegExp) as [string, string];
        // A Latin reference is whole words ("subsection 5" is no "section 5").
        const edge = /^[a-z]/u.test(before) ? '(?<![a-z0-9])' : '';
        return new RegExp(`${edge}${before}${number}${after}(?![0-9])`, 'gu');
      }),
    );
  }
  return referencePatterns;
}

/** The headings a question points to by number ("section 5", "part three", "section 5.3"). */
function sectionsReferenced(folded: string, corpus: PlanCorpus): Clause[] {
  const headings: Clause[] = [];
  for (const pattern of sectionReferencePatterns()) {
    for (const match of folded.matchAll(pattern)) {
      const written = match.groups!.n!;
      // A number word, not an article ("part a" is no part one).
      const english = () => (languageData().en.numberWords?.article.includes(written) ? undefined : englishValue(written));
      const value = /^\d/u.test(written) ? written : String(/^[a-z]/u.test(written) ? (english() ?? '') : (chineseNumeralValue(written) ?? ''));
      const heading = value ? corpus.get(value) : undefined;
      if (heading?.kind === 'heading' && !headings.includes(heading)) headings.push(heading);
    }
  }
  return headings;
}

/**
 * A named section's passages, in the plan's order: its own paragraphs, then the first passage of
 * each subsection (its outline, each pointed to by its title).
 */
export function sectionPassages(heading: Clause, corpus: PlanCorpus): RetrievedClause[] {
  const own = corpus.clauses.filter((clause) => clause.section === heading.id && clause.kind !== 'heading');
  const children = corpus.clauses.filter((clause) => clause.kind === 'heading' && clause.id.startsWith(`${heading.id}.`) && !clause.id.slice(heading.id.length + 1).includes('.'));
  const firsts = children.flatMap((child) => corpus.clauses.filter((clause) => clause.section === child.id && clause.kind === 'paragraph').slice(0, 1));
  const passages = [...own.filter((clause) => clause.kind === 'paragraph'), ...firsts];
  return passages.map((clause) => ({ id: clause.id, text: clause.text, section: clause.section, kind: clause.kind }));
}
