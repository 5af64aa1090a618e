import type { RuleSet } from '../rules/rule-set.js';

/** What the routes use; built once by the server (or a test) and handed to createApp. */
export interface AppServices {
  ruleSet: RuleSet;
}

export interface AppEnv {
  Variables: { services: AppServices };
}
