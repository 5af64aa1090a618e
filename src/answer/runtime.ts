import type { PlanPack } from '../plan/load.js';
import { RuleSet } from '../rules/rule-set.js';
import type { PhraseMatcher } from '../text/phrases.js';
import { OfflineComposer } from './compose.js';
import { Cues } from './cues.js';
import { injectionEchoMatcher, periodPattern } from './evidence.js';
import { industriesOfRules } from './facts.js';
import { GlossaryMatcher } from './glossary.js';
import { IntentClassifier } from './intent.js';
import { NameIndex } from './names.js';
import type { PackEvidence } from './pack-words.js';
import { Understander } from './understand.js';

/**
 * Everything the answer pipeline knows about one plan, built once from its pack: the rules made
 * evaluable, the cue words compiled, the names an answer may use only with evidence. No plan
 * is known to the code; a second pack is a second runtime.
 */
export class PackRuntime implements PackEvidence {
  readonly ruleSet: RuleSet;
  readonly cues: Cues;
  readonly glossary: GlossaryMatcher;
  readonly names: NameIndex;
  readonly intents: IntentClassifier;
  readonly understander: Understander;
  readonly composer: OfflineComposer;
  readonly period: RegExp;
  readonly injectionEcho: PhraseMatcher<string>;

  private constructor(
    readonly pack: PlanPack,
    /** Rule name → the industries it applies to (every flag true). */
    readonly ruleMembers: ReadonlyMap<string, ReadonlySet<string>>,
    ruleSet: RuleSet,
  ) {
    this.ruleSet = ruleSet;
    this.cues = new Cues(pack);
    this.glossary = new GlossaryMatcher(pack.glossary);
    this.names = new NameIndex(ruleSet, pack.lexicon.genericNames, pack.lexicon.genericTerms);
    this.intents = new IntentClassifier(pack.id, pack.lexicon);
    this.understander = new Understander(pack, ruleSet, this.cues, this.glossary, this.intents);
    this.composer = new OfflineComposer(this);
    this.period = periodPattern(pack);
    this.injectionEcho = injectionEchoMatcher(pack.lexicon.injection);
  }

  static async create(pack: PlanPack, ruleSet = new RuleSet(pack)): Promise<PackRuntime> {
    return new PackRuntime(pack, await industriesOfRules(ruleSet), ruleSet);
  }

  get id(): string {
    return this.pack.id;
  }

  get version(): string {
    return this.pack.version;
  }
}
