import { stemmer } from 'stemmer';
import type { PlanPack } from '../plan/load.js';
import type { RuleSet } from '../rules/rule-set.js';
import { allLanguages, languageData, type VerifierWords } from '../text/languages.js';
import { fold, normalize } from '../text/normalize.js';
import { PhraseMatcher } from '../text/phrases.js';
import { QuantityReader } from './quantities.js';

/** The word lists of `VerifierWords` that are plain lists (the others are classes of lists). */
type ListName = Exclude<keyof VerifierWords, '$comment' | 'polarity' | 'cadence'>;

/**
 * What the verifier reads sentences by, for one plan: the languages' verifier words and the
 * plan's (lexicon.json `verifier`) compiled into matchers, the plan's units, and its English
 * names for its Chinese terms. Built once per pack, on first use.
 */
export class VerifierLexicon {
  readonly quantities: QuantityReader;
  /** Function words of each language, normalised: no content of their own. */
  readonly functionWords: ReadonlySet<string>;
  /** Stems of the English function words. */
  readonly functionStems: ReadonlySet<string>;
  /** One matcher over every polarity class (the longer phrase wins: "no need" is no "need"); the value is the class. */
  readonly polarity: PhraseMatcher<string>;
  readonly cadence: PhraseMatcher<string>;
  /** Verdict words: `met` or `notMet`. */
  readonly verdict: PhraseMatcher<'met' | 'notMet'>;
  /** Agreement words: `agree` or `disagree`. */
  readonly agreement: PhraseMatcher<'agree' | 'disagree'>;
  readonly status: PhraseMatcher<string>;
  readonly directives: PhraseMatcher<string>;
  readonly contact: PhraseMatcher<string>;
  readonly corrections: PhraseMatcher<string>;
  /** English names of the plan's terms, industries and technologies → their Chinese spellings. */
  readonly english: PhraseMatcher<string[]>;
  /** The plan's Chinese terms → their English names. */
  readonly chinese: PhraseMatcher<string[]>;

  constructor(pack: PlanPack, ruleSet: RuleSet) {
    const all = [...Object.values(languageData()).map((data) => data.verifier), pack.lexicon.verifier];
    const list = (name: ListName) => all.flatMap((words) => words[name]);
    const classes = (name: 'polarity' | 'cadence') => all.flatMap((words) => Object.entries(words[name]).flatMap(([value, phrases]) => phrases.map((phrase) => [phrase, value] as const)));
    const options = { plurals: false };
    this.quantities = new QuantityReader(pack.units);
    this.functionWords = new Set([...allLanguages((data) => data.stopWords), ...list('functionWords')].map(normalize));
    this.functionStems = new Set([...this.functionWords].filter((word) => /^[a-z]+$/u.test(word)).map((word) => stemmer(word)));
    this.polarity = new PhraseMatcher(classes('polarity'), options);
    this.cadence = new PhraseMatcher(classes('cadence'), options);
    this.verdict = new PhraseMatcher([...list('met').map((word) => [word, 'met'] as const), ...list('notMet').map((word) => [word, 'notMet'] as const)], options);
    this.agreement = new PhraseMatcher([...list('agree').map((word) => [word, 'agree'] as const), ...list('disagree').map((word) => [word, 'disagree'] as const)], options);
    const cues = (name: ListName) => new PhraseMatcher(list(name).map((word) => [word, word] as const), options);
    this.status = cues('status');
    this.directives = cues('directives');
    this.contact = cues('contact');
    this.corrections = cues('corrections');

    const english = new Map<string, Set<string>>();
    const chinese = new Map<string, Set<string>>();
    const pair = (zh: readonly string[], en: readonly string[]) => {
      for (const name of en) {
        const key = fold(name);
        if (!/[a-z]/u.test(key)) continue;
        const targets = english.get(key) ?? new Set();
        for (const term of zh) targets.add(term);
        english.set(key, targets);
      }
      for (const term of zh) {
        const key = fold(term);
        if (/[a-z0-9]/u.test(key) || [...key].length < 2) continue;
        const targets = chinese.get(key) ?? new Set();
        for (const name of en) targets.add(name);
        chinese.set(key, targets);
      }
    };
    const latin = (names: readonly string[]) => names.filter((name) => /[a-z]/iu.test(name));
    const han = (names: readonly string[]) => names.filter((name) => !/[a-z]/iu.test(name));
    for (const entry of pack.glossary) pair([entry.zh, ...han(entry.aliases)], [...entry.en, ...latin(entry.aliases)]);
    for (const industry of ruleSet.catalog.industries) pair([industry.name.zh, ...han(industry.aliases)], [industry.name.en, ...latin(industry.aliases)]);
    for (const group of ruleSet.catalog.groups) pair([group.name.zh, ...han(group.aliases)], [group.name.en, ...latin(group.aliases)]);
    for (const rule of ruleSet.rules) for (const technology of rule.event.params.technologies) pair([technology.zh], [technology.en]);
    this.english = new PhraseMatcher([...english].map(([name, zh]) => [name, [...zh]] as const));
    this.chinese = new PhraseMatcher([...chinese].map(([zh, names]) => [zh, [...names]] as const), { overlapping: true });
  }

  private static readonly cache = new WeakMap<PlanPack, VerifierLexicon>();

  /** The lexicon of a pack, built on first use. */
  static of(pack: PlanPack, ruleSet: RuleSet): VerifierLexicon {
    let lexicon = VerifierLexicon.cache.get(pack);
    if (!lexicon) {
      lexicon = new VerifierLexicon(pack, ruleSet);
      VerifierLexicon.cache.set(pack, lexicon);
    }
    return lexicon;
  }
}

/** The stem of an English word (Porter), as coverage compares them. */
export function stem(word: string): string {
  return stemmer(word.toLowerCase());
}
