import type { PlanPack } from '../plan/load.js';
import type { RuleSet } from '../rules/rule-set.js';
import type { PhraseMatcher } from '../text/phrases.js';
import type { Cues } from './cues.js';
import type { GlossaryMatcher } from './glossary.js';
import type { NameIndex } from './names.js';

/** What wording an answer needs of a plan: its pack, its rules, its cue words and glossary. */
export interface PackWords {
  readonly pack: PlanPack;
  readonly ruleSet: RuleSet;
  readonly cues: Cues;
  readonly glossary: GlossaryMatcher;
}

/** What checking an answer needs of a plan besides: the names it guards, the instruction words and the period. */
export interface PackEvidence extends PackWords {
  readonly names: NameIndex;
  readonly injectionEcho: PhraseMatcher<string>;
  readonly period: RegExp;
}
