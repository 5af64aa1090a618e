import type { Assistant } from '../assistant/assistant.js';
import type { Retriever } from '../retrieval/index.js';
import type { RuleSet } from '../rules/rule-set.js';

/** What the routes use; built once by the server (or a test) and handed to createApp. */
export interface AppServices {
  ruleSet: RuleSet;
  retriever: Retriever;
  assistant: Assistant;
}

export interface AppEnv {
  Variables: { services: AppServices };
}
