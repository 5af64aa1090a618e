import { z } from 'zod';
import { readJsonFile } from '../corpus/load.js';
import { RULES_DIR } from '../rules/load.js';
import { itemKindSchema, PROFILE_FLAGS, unitSchema } from '../rules/schema.js';
import { escapeRegExp } from '../corpus/text.js';

const cues = z.array(z.string().min(1));

export const lexiconSchema = z.object({
  profileFlags: z.array(z.object({ flag: z.enum(PROFILE_FLAGS), yes: cues, no: cues })),
  implications: z.array(z.object({ if: z.enum(PROFILE_FLAGS), then: z.enum(PROFILE_FLAGS), why: z.string() })),
  negations: cues,
  topics: z.array(z.object({ kind: itemKindSchema, cues })),
  intents: z.object({
    list: cues,
    self: cues,
    /** Speakers who are not an enterprise (an association, an office): their "we" asks about the plan. */
    notEnterprise: cues,
    applicability: cues,
    target: cues,
    /** "多少": a target question only when no duty (audit, training…) is named. */
    weakTarget: cues,
    /** "削减", "reduction": a target question unless they describe a group ("…related to the reduction of major pollutants"). */
    reduction: cues,
    technology: cues,
    check: cues,
    claim: cues,
    /** Words that, in a figure's own clause, make it the plan's figure as the user claims it. */
    claimLead: cues,
    reporter: cues,
    past: cues,
    how: cues,
  }),
  /** Glossary words too common to single out what a question asks for. */
  genericTerms: cues,
  scope: z.object({
    strong: cues,
    otherPlans: cues,
    chitChat: cues,
    /** Topics the plan does not cover even when its words appear (penalties, share prices). */
    notCovered: cues,
    firstYearOutside: z.number().int(),
    lastYearBefore: z.number().int(),
  }),
  injection: cues,
  /** Names that contain a profile cue without stating a fact (中小企业发展基金 is no claim to be an SME). */
  notStatements: cues,
  /** Sections that describe the time before the plan, and the last year that counts as before. */
  pastSections: z.object({ sections: z.array(z.string().min(1)), lastPastYear: z.number().int() }),
  /** Figures that describe the enterprise (日产3000吨), not a result to check. */
  figureContexts: z.object({ ignoreBefore: cues, ignoreAfter: cues }),
  units: z.array(z.object({ pattern: z.string().min(1), unit: unitSchema, scale: z.number().positive().optional() })),
});
export type Lexicon = z.infer<typeof lexiconSchema>;

export function loadLexicon(dir: URL = RULES_DIR): Lexicon {
  return readJsonFile(new URL('lexicon.json', dir), (value) => lexiconSchema.parse(value), 'rules/lexicon.json');
}

const isLatin = (text: string) => /[a-z]/iu.test(text);

/** A match of a cue in a text: where it starts and ends. */
export interface CueMatch {
  cue: string;
  index: number;
  end: number;
}

/**
 * Finds cues in text: Chinese cues as substrings, Latin cues as whole words (so "no" does
 * not match inside "nothing"), case-insensitively. Longer cues win where they overlap.
 */
export function findCues(text: string, list: readonly string[]): CueMatch[] {
  const haystack = text.normalize('NFKC').toLowerCase();
  const sorted = [...list].sort((a, b) => b.length - a.length);
  const taken: boolean[] = new Array(haystack.length).fill(false);
  const matches: CueMatch[] = [];
  for (const cue of sorted) {
    const needle = cue.normalize('NFKC').toLowerCase();
    const pattern = isLatin(needle) ? new RegExp(`(?<![a-z0-9])${escapeRegExp(needle)}(?![a-z0-9])`, 'gu') : new RegExp(escapeRegExp(needle), 'gu');
    for (const match of haystack.matchAll(pattern)) {
      const index = match.index;
      const end = index + needle.length;
      if (taken.slice(index, end).some(Boolean)) continue;
      taken.fill(true, index, end);
      matches.push({ cue, index, end });
    }
  }
  return matches.sort((a, b) => a.index - b.index);
}

export function hasCue(text: string, list: readonly string[]): boolean {
  return findCues(text, list).length > 0;
}
