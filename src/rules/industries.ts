import type { Industry, IndustryGroup } from './schema.js';
import { escapeRegExp } from '../corpus/text.js';

/** Folds a name for lookup: width, case, whitespace and a trailing 行业/企业/industry aside (not 工业: 轻工业 is not 轻). */
export function foldName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/(行业|企业|industry|industries|sector)$/u, '')
    .trim();
}


/** "tannery" also matches "tanneries", "cell" "cells", "batch" "batches". */
function pluralTolerant(pattern: string): string {
  if (/[^aeiou]y$/u.test(pattern)) return `${pattern.slice(0, -1)}(?:y|ies)`;
  return /[a-z]$/u.test(pattern) ? `${pattern}(?:s|es)?` : pattern;
}

export interface IndustryMention {
  industry: Industry;
  /** The words in the text that named it. */
  matched: string;
  index: number;
}

/** The industry taxonomy: lookup by id, name or alias, ancestry and group membership. */
export class IndustryCatalog {
  private readonly byId = new Map<string, Industry>();
  private readonly byName = new Map<string, Industry>();
  /** Every name and alias, longest first, for finding industries inside free text. */
  private readonly names: Array<{ folded: string; industry: Industry }> = [];

  constructor(
    readonly industries: readonly Industry[],
    readonly groups: readonly IndustryGroup[],
  ) {
    for (const industry of industries) this.byId.set(industry.id, industry);
    for (const industry of industries) {
      for (const name of [industry.id, industry.name.zh, industry.name.en, ...industry.aliases]) {
        const folded = foldName(name);
        if (!folded) continue;
        if (!this.byName.has(folded)) this.byName.set(folded, industry);
        this.names.push({ folded, industry });
      }
    }
    this.names.sort((a, b) => b.folded.length - a.folded.length);
  }

  get(id: string): Industry | undefined {
    return this.byId.get(id);
  }

  /** The industry a profile's free-text field names, or undefined. */
  resolve(text: string): Industry | undefined {
    return this.byName.get(foldName(text)) ?? this.byName.get(text.normalize('NFKC').toLowerCase().trim());
  }

  /** Industries named inside a sentence, longest names first, without overlaps. */
  findInText(text: string): IndustryMention[] {
    const haystack = text.normalize('NFKC').toLowerCase();
    const taken: boolean[] = new Array(haystack.length).fill(false);
    const found: IndustryMention[] = [];
    for (const { folded, industry } of this.names) {
      if (folded.length < 2) continue;
      const latin = /[a-z]/u.test(folded);
      // Latin names stand as whole words (hyphenated compounds count as one word: "manganese"
      // is not in "zinc-manganese"), with an optional plural ("button cells").
      const pattern = latin
        ? new RegExp(`(?<![a-z0-9-])${pluralTolerant(escapeRegExp(folded).replace(/[\s-]+/gu, '[\\s-]*'))}(?![a-z0-9]|-[a-z])`, 'gu')
        : new RegExp(escapeRegExp(folded), 'gu');
      for (const match of haystack.matchAll(pattern)) {
        const index = match.index;
        const end = index + match[0].length;
        if (taken.slice(index, end).some(Boolean)) continue;
        taken.fill(true, index, end);
        if (!found.some((mention) => mention.industry.id === industry.id)) found.push({ industry, matched: text.slice(index, end), index });
      }
    }
    return found.sort((a, b) => a.index - b.index);
  }

  /** Groups a sentence names ("重点行业", "heavy-metal industries"), longest names first. */
  findGroupsInText(text: string): IndustryGroup[] {
    const haystack = text.normalize('NFKC').toLowerCase();
    const names = this.groups
      .flatMap((group) => [group.name.zh, group.name.en, ...group.aliases].map((name) => ({ name: name.normalize('NFKC').toLowerCase(), group })))
      .sort((a, b) => b.name.length - a.name.length);
    const found: IndustryGroup[] = [];
    let rest = haystack;
    for (const { name, group } of names) {
      if (!rest.includes(name)) continue;
      rest = rest.split(name).join(' ');
      if (!found.includes(group)) found.push(group);
    }
    return found;
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
