import { loadCorpus } from './corpus/load.js';
import type { AppServices } from './api/context.js';
import type { Config } from './config.js';
import { loadRuleSetData } from './rules/load.js';
import { RuleSet } from './rules/rule-set.js';

/** Loads the plan, the rules and the index: all the I/O the app needs, done once at start. */
export async function createServices(_config: Config): Promise<AppServices> {
  const corpus = loadCorpus();
  const ruleSet = new RuleSet(loadRuleSetData(), corpus);
  return { ruleSet };
}
