import type { ProfileFile } from '../plan/schema.js';
import type { EligibilityItem, EligibilityResult } from './engine.js';
import type { Profile, ProfileField } from './profile.js';
import type { RuleSet } from './rule-set.js';
import { factsUsed, INDUSTRY_FACTS } from './schema.js';

/**
 * The guided check: of the profile questions not yet answered, the one whose answer changes
 * the result the most. A question is a candidate only when the engine says it changes the
 * result (`missing`: with the answer "yes" more items apply than without it); "not sure" is an
 * answer too, and a field answered so is not asked again. The order: the industry first (most
 * of a plan's items depend on it), then the flag whose answer decides the most items, ties in
 * the pack's order of flags (profile.json).
 */

export interface GuidedQuestion {
  /** `industry` or a flag id. */
  field: ProfileField;
  /** The items whose applicability the answer decides (for the industry: none listed, see `industryItems`). */
  items: EligibilityItem[];
}

export interface GuidedStep {
  /** The profile with the pack's implications applied (a central SOE is state-owned; not state-owned is not a central SOE). */
  profile: Profile;
  /** The next question, or undefined when no answer left would change the result. */
  next?: GuidedQuestion;
  /** Every question that would still change the result, the next first. */
  remaining: ProfileField[];
  /** The evaluation of `profile`. */
  result: EligibilityResult;
}

/** A profile the guided check cannot go on from: a contradiction, or an industry the plan does not know. */
export class GuidedCheckError extends Error {
  override name = 'GuidedCheckError';
  constructor(
    message: string,
    readonly field: string,
    readonly code: 'conflicting_profile' | 'unknown_industry',
  ) {
    super(message);
  }
}

/**
 * The pack's implications applied both ways: `if` true makes `then` true, and `then` false
 * makes `if` false. A stated value that contradicts one is an error naming the field.
 */
export function applyImplications(profile: Profile, implications: ProfileFile['implications']): Profile {
  const out: Profile = { ...profile };
  // Implications may chain: repeat until nothing changes (bounded by their number).
  for (let round = 0; round <= implications.length; round += 1) {
    let changed = false;
    for (const { if: cause, then } of implications) {
      if (out[cause] === true && out[then] === false) {
        throw new GuidedCheckError(`profile.${then}: "${cause}: true" implies "${then}: true"`, `profile.${then}`, 'conflicting_profile');
      }
      if (out[cause] === true && out[then] === undefined) {
        out[then] = true;
        changed = true;
      }
      if (out[then] === false && out[cause] === undefined) {
        out[cause] = false;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return out;
}

/** The next question of the guided check for a profile, with `unsure` the fields answered "not sure". */
export async function nextQuestion(ruleSet: RuleSet, profile: Profile, unsure: ReadonlySet<string> = new Set()): Promise<GuidedStep> {
  const { pack } = ruleSet;
  const implied = applyImplications(profile, pack.profile.implications);
  const result = await ruleSet.eligibility.evaluate(implied);
  if (implied.industry && !result.industry) {
    throw new GuidedCheckError(`profile.industry: no industry of the plan is called "${implied.industry.slice(0, 100)}"`, 'profile.industry', 'unknown_industry');
  }
  // Someone asking in a role (an authority, an association) is not an enterprise: nothing to ask.
  const roles = pack.profile.flags.filter((flag) => flag.role).map((flag) => flag.id);
  if (roles.some((role) => implied[role] === true)) return { profile: implied, remaining: [], result };

  const order = pack.profile.flags.map((flag) => flag.id);
  const flags = result.wouldApplyIf
    .filter(({ field }) => !unsure.has(field))
    .sort((a, b) => b.items.length - a.items.length || order.indexOf(a.field) - order.indexOf(b.field));
  const questions: GuidedQuestion[] = flags.map(({ field, items }) => ({ field, items }));
  if (result.missing.includes('industry') && !unsure.has('industry')) questions.unshift({ field: 'industry', items: [] });
  return { profile: implied, ...(questions[0] ? { next: questions[0] } : {}), remaining: questions.map((question) => question.field), result };
}

/** How many of the pack's rules depend on the industry: what the industry question decides. */
export function industryRuleCount(ruleSet: RuleSet): number {
  return ruleSet.rules.filter((rule) => {
    const used = factsUsed(rule.conditions);
    return INDUSTRY_FACTS.some((fact) => used.has(fact));
  }).length;
}
