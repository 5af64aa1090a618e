import { allLanguages } from '../text/languages.js';
import { containsHan, escapeRegExp, fold, normalize } from '../text/normalize.js';
import { PhraseMatcher } from '../text/phrases.js';
import { negatedAt } from '../text/sentences.js';
import type { Industry, IndustryGroup, IndustryNaming } from './schema.js';


/** Texts longer than this (Chinese characters) are not read for a name typed off by sound: a name, not a paragraph. */
const MAX_HEARD_LENGTH = 24;

let suffixes: RegExp | undefined;
let businessWords: RegExp | undefined;
let businessLeads: RegExp | undefined;
let sellerWords: PhraseMatcher<string> | undefined;
let makerWords: PhraseMatcher<string> | undefined;

/** Folds a name for lookup: width, case, whitespace and a trailing "industry" word aside. */
export function foldName(text: string): string {
  suffixes ??= new RegExp(`(?:${allLanguages((data) => data.industrySuffixes).map(escapeRegExp).join('|') || '(?!)'})$`, 'u');
  return fold(text).replace(suffixes, '').trim();
}

/**
 * Whether a name says the business sells or distributes what it names rather than making it
 * ("paper trading company", a Chinese specialty shop): a seller's word and no maker's word, an
 * aside in brackets left out ("a steel company (with a trading arm)" is a steel company).
 */
function sellsOnly(text: string): boolean {
  sellerWords ??= new PhraseMatcher(allLanguages((data) => data.sellerWords).map((word) => [word, word] as const));
  makerWords ??= new PhraseMatcher(allLanguages((data) => data.makerWords).map((word) => [word, word] as const));
  const own = text.replace(/[(\uFF08][^()\uFF08\uFF09]*[)\uFF09]/gu, ' ');
  return sellerWords.test(own) && !makerWords.test(own);
}

/** A name without the business words around it ("Acme Paper Co., Ltd." → "acme paper"; the Chinese words likewise). */
export function withoutBusinessWords(text: string): string {
  businessWords ??= (() => {
    const words = [...new Set(allLanguages((data) => data.businessWords))].sort((a, b) => b.length - a.length).map((word) => escapeRegExp(fold(word)));
    // Latin words stand alone; Chinese ones end the name.
    return new RegExp(`(?:(?<![a-z0-9])(?:${words.filter((w) => /[a-z]/u.test(w)).join('|') || '(?!)'})(?![a-z0-9])|(?:${words.filter((w) => !/[a-z]/u.test(w)).join('|') || '(?!)'})$)`, 'gu');
  })();
  // Latin leads stand alone; Chinese ones start the name.
  businessLeads ??= (() => {
    const words = [...new Set(allLanguages((data) => data.businessLeads))].sort((a, b) => b.length - a.length).map((word) => escapeRegExp(fold(word)));
    return new RegExp(`^(?:${words.filter((w) => /[a-z]/u.test(w)).map((w) => `${w}(?![a-z0-9])`).join('|') || '(?!)'}|${words.filter((w) => !/[a-z]/u.test(w)).join('|') || '(?!)'})`, 'u');
  })();
  let name = fold(text);
  for (let previous = ''; previous !== name; ) {
    previous = name;
    name = name.replace(businessLeads, '').replace(businessWords, ' ').replace(/[\s,.]+$/u, '').replace(/\s+/gu, ' ').trim();
  }
  return name;
}

/**
 * English forms of a name of an activity: "brewing" is also "brewer", "brewers", "brewery";
 * "tanning" also "tanner"; "smelting" also "smelter".
 */
function wordForms(name: string): string[] {
  const match = /^(.*\b)([a-z]{3,})ing$/u.exec(fold(name));
  if (!match) return [];
  let stem = match[2]!;
  if (/([b-df-hj-np-tv-z])\1$/u.test(stem)) stem = stem.slice(0, -1);
  const base = stem.endsWith('e') ? stem.slice(0, -1) : stem;
  return ['er', 'ers', 'ery', 'eries'].map((ending) => `${match[1]}${base}${ending}`);
}

/** Damerau-Levenshtein distance (adjacent transpositions count one), or more than `limit` as soon as it must be. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/** How many letters a word may be mistyped by and still be read as a name's word: none under six letters. */
function typoLimit(length: number): number {
  return length >= 9 ? 2 : length >= 6 ? 1 : 0;
}

export interface IndustryMention {
  industry: Industry;
  /** The words in the text that named it. */
  matched: string;
  index: number;
  end: number;
}

/** What a name for an industry, as a person writes it, is in the plan. */
export type IndustryResolution =
  | { kind: 'industry'; industry: Industry; matched: string }
  /** The name fits these industries on one reading only: the user must be asked. */
  | { kind: 'ambiguous'; candidates: Industry[]; matched: string }
  | { kind: 'none' };

interface NameEntry {
  industry: Industry;
  ambiguous: boolean;
}

/** A general name with its readings: the industries it may mean, and the words that settle each. */
interface GeneralEntry {
  readings: Industry[];
  settles: PhraseMatcher<Industry>;
}

/** The industry taxonomy: lookup by id, name or alias, ancestry and group membership. */
export class IndustryCatalog {
  private readonly byId = new Map<string, Industry>();
  private readonly byName = new Map<string, Industry>();
  private readonly names: PhraseMatcher<NameEntry>;
  private readonly groupNames: PhraseMatcher<IndustryGroup>;
  private readonly notIf = new Map<string, PhraseMatcher<string>>();
  private readonly generalNames: PhraseMatcher<GeneralEntry>;
  private readonly generalByName = new Map<string, GeneralEntry>();
  /** The English words of the industries' names, by first letter, to read a misspelt word as one of them. */
  private readonly spellings = new Map<string, string[]>();
  private readonly notMisspellings: ReadonlySet<string>;
  /** Name characters a character sounds like (homophones.json). */
  private readonly soundsLike = new Map<string, string[]>();
  private readonly negations: PhraseMatcher<string>;
  private readonly notNames: PhraseMatcher<string>;

  constructor(
    readonly industries: readonly Industry[],
    readonly groups: readonly IndustryGroup[],
    naming: IndustryNaming = { generalNames: [], notMisspellings: [], negations: [] },
  ) {
    const phrases: Array<[string, NameEntry]> = [];
    for (const industry of industries) this.byId.set(industry.id, industry);
    for (const industry of industries) {
      const add = (name: string, ambiguous: boolean) => {
        const folded = foldName(name);
        if (!folded) return;
        if (!ambiguous && !this.byName.has(folded)) this.byName.set(folded, industry);
        // A one-character name is too short to find inside a sentence unless it is all the name says.
        if ([...folded].length >= 2) phrases.push([folded, { industry, ambiguous }]);
      };
      for (const name of [industry.id, industry.name.zh, industry.name.en, ...industry.aliases]) {
        add(name, false);
        for (const form of wordForms(name)) add(form, false);
      }
      for (const name of industry.ambiguousNames) add(name, true);
      if (industry.notIf.length) this.notIf.set(industry.id, new PhraseMatcher(industry.notIf.map((word) => [word, word] as const), { plurals: false }));
    }
    this.names = new PhraseMatcher(phrases, { wholeCompounds: true });
    const generalPhrases: Array<[string, GeneralEntry]> = [];
    for (const general of naming.generalNames) {
      const readings = Object.keys(general.readings).map((id) => this.byId.get(id)!);
      const settles = new PhraseMatcher(
        Object.entries(general.readings).flatMap(([id, words]) => words.map((word) => [word, this.byId.get(id)!] as [string, Industry])),
        { wholeCompounds: true },
      );
      const entry = { readings, settles };
      for (const name of general.names) {
        const folded = foldName(name);
        if (!folded) continue;
        this.generalByName.set(folded, entry);
        generalPhrases.push([name, entry]);
      }
    }
    // "LED" in capitals is the lamp, "led" the verb.
    this.generalNames = new PhraseMatcher(generalPhrases, { wholeCompounds: true, capitalsExact: true });
    for (const name of [...phrases.map(([phrase]) => phrase), ...generalPhrases.map(([phrase]) => phrase)]) {
      for (const word of fold(name).split(/[^a-z]+/u)) {
        if (word.length < 6) continue;
        const list = this.spellings.get(word[0]!) ?? [];
        if (!list.includes(word)) list.push(word);
        this.spellings.set(word[0]!, list);
      }
    }
    this.notMisspellings = new Set(naming.notMisspellings);
    // Each name character, by the characters that sound like it (one of its syllables).
    const nameChars = new Set(industries.flatMap((industry) => [industry.name.zh, ...industry.aliases]).flatMap((name) => [...name].filter(containsHan)));
    for (const chars of Object.values(naming.homophones ?? {})) {
      const own = [...chars].filter((char) => nameChars.has(char));
      if (own.length === 0) continue;
      for (const char of chars) this.soundsLike.set(char, [...new Set([...(this.soundsLike.get(char) ?? []), ...own])]);
    }
    this.negations = new PhraseMatcher(naming.negations.map((word) => [word, word] as const), { plurals: false });
    this.notNames = new PhraseMatcher((naming.notNames ?? []).map((phrase) => [phrase, phrase] as const));
    // Sector families are found through their industries, not by name.
    this.groupNames = new PhraseMatcher(groups.filter((group) => group.kind === 'plan').flatMap((group) => [group.name.zh, group.name.en, ...group.aliases].map((name) => [name, group] as [string, IndustryGroup])));
  }

  get(id: string): Industry | undefined {
    return this.byId.get(id);
  }

  /** The industry a name stands for when it is all the name says (an id, a name, an alias), or undefined. */
  resolve(text: string): Industry | undefined {
    return this.byName.get(foldName(text)) ?? this.byName.get(fold(text));
  }

  /**
   * What a name written by a person stands for: the whole name or, without its business words,
   * an alias; else the longest name inside it. A name that fits an industry only on one reading
   * is ambiguous (unless the text rules it out); a name that matches nothing is none.
   */
  resolveName(text: string): IndustryResolution {
    // An id is an id ("glass"), whatever else the word may mean.
    const id = this.byId.get(text.trim());
    if (id) return { kind: 'industry', industry: id, matched: text };
    const resolution = this.readName(text);
    if (resolution.kind !== 'none') return resolution;
    // A misspelt English word of a name ("cemnet plant"), when no name is found as written.
    const corrected = this.corrected(text);
    const reading = corrected === undefined ? resolution : this.readName(corrected);
    if (reading.kind !== 'none') return { ...reading, matched: text };
    // A Chinese name typed one character off by sound (paper for a homophone of its character), when that reads as one industry only.
    const heard = this.heard(text);
    return heard ? { kind: 'industry', industry: heard, matched: text } : reading;
  }

  /**
   * The one industry a short text names when one of its characters is replaced by a name
   * character that sounds the same, the replaced character inside the name found; undefined
   * when none or several do.
   */
  private heard(text: string): Industry | undefined {
    const chars = [...text];
    if (this.soundsLike.size === 0 || chars.filter(containsHan).length > MAX_HEARD_LENGTH) return undefined;
    const found = new Set<Industry>();
    let at = 0;
    for (const [index, char] of chars.entries()) {
      for (const sound of this.soundsLike.get(char) ?? []) {
        if (sound === char) continue;
        const replaced = [...chars.slice(0, index), sound, ...chars.slice(index + 1)].join('');
        for (const mention of this.mentions(replaced).industries) if (mention.index <= at && at < mention.end) found.add(mention.industry);
      }
      at += char.length;
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  private readName(text: string): IndustryResolution {
    if (sellsOnly(text)) return { kind: 'none' };
    const stripped = withoutBusinessWords(text);
    const general = this.generalByName.get(foldName(text)) ?? this.generalByName.get(foldName(stripped));
    if (general) return { kind: 'ambiguous', candidates: general.readings, matched: text };
    const whole = this.resolve(text) ?? this.resolve(stripped);
    if (whole) return { kind: 'industry', industry: whole, matched: text };
    const ambiguousWhole = this.ambiguousWhole(stripped || fold(text));
    if (ambiguousWhole.length) return { kind: 'ambiguous', candidates: ambiguousWhole, matched: text };
    const { industries, ambiguous } = this.mentions(text);
    // A general name is read through its readings unless a longer name holds it ("float glass" is one name).
    const allGenerals = this.generalNames.find(text);
    const generals = allGenerals.filter((general) => ![...industries, ...ambiguous].some((mention) => mention.index <= general.index && general.end <= mention.end && mention.end - mention.index > general.end - general.index));
    const inGeneral = (mention: IndustryMention) => generals.some((general) => general.index <= mention.index && mention.end <= general.end);
    // "Spinning, not dyeing": a name just after a negation, in its clause, is not what the business does (a negation inside a name is the name's).
    const names = [...industries, ...ambiguous, ...allGenerals];
    const negations = this.negations.find(text).filter((negation) => !names.some((name) => name.index <= negation.index && negation.end <= name.end));
    const folded = normalize(text);
    const negated = (mention: { index: number }) => negatedAt(folded, negations, mention.index);
    let named = industries.filter((mention) => !inGeneral(mention) && !negated(mention)).map((mention) => mention.industry);
    // A broader industry named beside a narrower one is where the narrower belongs ("textile dye house", "chromate chemicals plant").
    named = named.filter((broad) => !named.some((narrow) => narrow !== broad && this.isWithin(narrow, broad)));
    const read: Industry[] = [];
    for (const general of generals.filter((entry) => !negated(entry))) {
      const settling = general.value.settles.values(text);
      const settled = general.value.readings.filter((reading) => named.includes(reading) || settling.includes(reading));
      read.push(...(settled.length ? settled : general.value.readings));
    }
    // Two industries named ("plating and batteries") are asked about, not the first one taken.
    const all = [...new Set([...named, ...read])];
    if (all.length === 1) return { kind: 'industry', industry: all[0]!, matched: industries.find((mention) => mention.industry === all[0])?.matched ?? text };
    // The words that named them, when one general name did ("smelter" in "we run a smelter").
    if (all.length > 1) return { kind: 'ambiguous', candidates: all, matched: named.length === 0 && generals.length === 1 ? generals[0]!.matched : text };
    if (ambiguous.length) return { kind: 'ambiguous', candidates: [...new Set(ambiguous.map((mention) => mention.industry))], matched: ambiguous[0]!.matched };
    return { kind: 'none' };
  }

  /** Whether one industry is a part of another: a sub-industry, or a member of the family the other is the sector of. */
  private isWithin(narrow: Industry, broad: Industry): boolean {
    return this.lineage(narrow.id).includes(broad) || this.narrowerThan(broad.id).includes(narrow);
  }

  /**
   * The text with each English word that is no word of a name read as the one name's word it
   * is a misspelling of (one letter off in six, two in nine; the first letter as written), or
   * undefined when no word is.
   */
  private corrected(text: string): string | undefined {
    let changed = false;
    const result = fold(text).replace(/[a-z]+/gu, (word) => {
      const limit = typoLimit(word.length);
      if (!limit || this.notMisspellings.has(word)) return word;
      const list = this.spellings.get(word[0]!) ?? [];
      if (list.includes(word)) return word;
      // The nearest word, if one is nearer than any other ("phamaceutical" is "pharmaceutical", not "pharmaceuticals").
      let nearest: string | undefined;
      let best = limit + 1;
      let tied = false;
      for (const candidate of list) {
        const bound = Math.min(limit, typoLimit(candidate.length));
        const distance = editDistance(word, candidate, bound);
        if (distance > bound || distance > best) continue;
        tied = distance === best;
        if (distance < best) [nearest, best] = [candidate, distance];
      }
      if (!nearest || tied) return word;
      changed = true;
      return nearest;
    });
    return changed ? result : undefined;
  }

  /** The one industry a name written by a person stands for, or undefined (none, or ambiguous). */
  industryOf(text: string): Industry | undefined {
    const resolution = this.resolveName(text);
    return resolution.kind === 'industry' ? resolution.industry : undefined;
  }

  /** Industries an ambiguous name stands for when it is all the text says ("manganese"). */
  private ambiguousWhole(name: string): Industry[] {
    return this.industries.filter((industry) => [...industry.ambiguousNames, ...industry.aloneNames].some((candidate) => foldName(candidate) === foldName(name)));
  }

  /**
   * Industries a sentence names, longest names first, without overlaps, in text order; and the
   * names that fit an industry only on one reading, unless the sentence rules that one out.
   */
  mentions(text: string): { industries: IndustryMention[]; ambiguous: IndustryMention[]; ruledOut: Industry[] } {
    const industries: IndustryMention[] = [];
    const ambiguous: IndustryMention[] = [];
    const ruledOut: Industry[] = [];
    // Words that rule an industry out count even without its ambiguous name ("phosphate only").
    for (const [id, words] of this.notIf) if (words.test(text)) ruledOut.push(this.byId.get(id)!);
    const notNames = this.notNames.find(text);
    for (const match of this.names.find(text)) {
      if (notNames.some((phrase) => phrase.index < match.end && match.index < phrase.end)) continue;
      const mention = { industry: match.value.industry, matched: match.matched, index: match.index, end: match.end };
      if (!match.value.ambiguous) {
        if (!industries.some((entry) => entry.industry.id === mention.industry.id)) industries.push(mention);
        continue;
      }
      if (ruledOut.includes(mention.industry)) continue;
      if (!ambiguous.some((entry) => entry.industry.id === mention.industry.id)) ambiguous.push(mention);
    }
    // A name that settles the reading elsewhere in the text wins ("PVC, carbide route").
    return { industries, ambiguous: ambiguous.filter((entry) => !industries.some((known) => known.industry.id === entry.industry.id)), ruledOut };
  }

  /** Industries named inside a sentence, longest names first, without overlaps, in text order. */
  findInText(text: string): IndustryMention[] {
    return this.mentions(text).industries;
  }

  /** Groups a sentence names, longest names first. */
  findGroupsInText(text: string): IndustryGroup[] {
    return this.groupNames.values(text);
  }

  /** Where the groups a sentence names stand in it. */
  groupMentions(text: string): Array<{ group: IndustryGroup; index: number; end: number }> {
    return this.groupNames.find(text).map((match) => ({ group: match.value, index: match.index, end: match.end }));
  }

  /** Industries in a group, a sub-industry left out where its parent is listed. */
  membersOf(groupId: string): Industry[] {
    const members = this.industries.filter((industry) => this.groupsOf(industry.id).includes(groupId));
    return members.filter((industry) => !(industry.parent && members.some((member) => member.id === industry.parent)));
  }

  /** Whether words name the industry by its own broad name (its name or id), not by a narrower alias. */
  isBroadName(id: string, words: string): boolean {
    const industry = this.byId.get(id);
    if (!industry) return false;
    const name = foldName(withoutBusinessWords(words));
    return [industry.id, industry.name.zh, industry.name.en].some((own) => foldName(own) === name || foldName(own).replace(/s$/u, '') === name.replace(/s$/u, ''));
  }

  /** The industries whose parent is this one. */
  childrenOf(id: string): Industry[] {
    return this.industries.filter((industry) => industry.parent === id);
  }

  /** The industries a business named by this industry's name may be in: its children, and the members of the family it names the sector of. */
  narrowerThan(id: string): Industry[] {
    const families = this.groups.filter((group) => group.kind === 'family' && group.sector === id).map((group) => group.id);
    const members = families.flatMap((family) => this.membersOf(family));
    return [...new Set([...this.childrenOf(id), ...members])].filter((industry) => industry.id !== id);
  }

  /** The ids of the industries and of their ancestors. */
  lineageIds(ids: Iterable<string>): Set<string> {
    return new Set([...ids].flatMap((id) => this.lineage(id).map((entry) => entry.id)));
  }

  /** The industry and its ancestors, nearest first. */
  lineage(id: string): Industry[] {
    const chain: Industry[] = [];
    for (let current = this.byId.get(id); current && !chain.includes(current); current = current.parent ? this.byId.get(current.parent) : undefined) {
      chain.push(current);
    }
    return chain;
  }

  /** Group ids of the industry, inherited from ancestors and widened through `includes`. */
  groupsOf(id: string): string[] {
    const result = new Set(this.lineage(id).flatMap((industry) => industry.groups));
    let grew = true;
    while (grew) {
      grew = false;
      for (const group of this.groups) {
        if (!result.has(group.id) && group.includes.some((member) => result.has(member))) {
          result.add(group.id);
          grew = true;
        }
      }
    }
    return [...result];
  }
}
