import { allLanguages } from '../text/languages.js';
import { escapeRegExp, fold } from '../text/normalize.js';
import { PhraseMatcher } from '../text/phrases.js';
import type { Industry, IndustryGroup } from './schema.js';

let suffixes: RegExp | undefined;

/** Folds a name for lookup: width, case, whitespace and a trailing "industry" word aside. */
export function foldName(text: string): string {
  suffixes ??= new RegExp(`(?:${allLanguages((data) => data.industrySuffixes).map(escapeRegExp).join('|') || '(?!)'})$`, 'u');
  return fold(text).replace(suffixes, '').trim();
}

export interface IndustryMention {
  industry: Industry;
  /** The words in the text that named it. */
  matched: string;
  index: number;
  end: number;
}

/** The industry taxonomy: lookup by id, name or alias, ancestry and group membership. */
export class IndustryCatalog {
  private readonly byId = new Map<string, Industry>();
  private readonly byName = new Map<string, Industry>();
  private readonly names: PhraseMatcher<Industry>;
  private readonly groupNames: PhraseMatcher<IndustryGroup>;

  constructor(
    readonly industries: readonly Industry[],
    readonly groups: readonly IndustryGroup[],
  ) {
    const phrases: Array<[string, Industry]> = [];
    for (const industry of industries) this.byId.set(industry.id, industry);
    for (const industry of industries) {
      for (const name of [industry.id, industry.name.zh, industry.name.en, ...industry.aliases]) {
        const folded = foldName(name);
        if (!folded) continue;
        if (!this.byName.has(folded)) this.byName.set(folded, industry);
        // A one-character name is too short to find inside a sentence.
        if ([...folded].length >= 2) phrases.push([folded, industry]);
      }
    }
    this.names = new PhraseMatcher(phrases, { wholeCompounds: true });
    // Sector families are found through their industries, not by name.
    this.groupNames = new PhraseMatcher(groups.filter((group) => group.kind === 'plan').flatMap((group) => [group.name.zh, group.name.en, ...group.aliases].map((name) => [name, group] as [string, IndustryGroup])));
  }

  get(id: string): Industry | undefined {
    return this.byId.get(id);
  }

  /** The industry a profile's free-text field names as a whole, or undefined. */
  resolve(text: string): Industry | undefined {
    return this.byName.get(foldName(text)) ?? this.byName.get(fold(text));
  }

  /** Industries named inside a sentence, longest names first, without overlaps, in text order. */
  findInText(text: string): IndustryMention[] {
    const found: IndustryMention[] = [];
    for (const match of this.names.find(text)) {
      if (!found.some((mention) => mention.industry.id === match.value.id)) found.push({ industry: match.value, matched: match.matched, index: match.index, end: match.end });
    }
    return found;
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
