import type { AppServices } from './api/context.js';
import { Assistant } from './assistant/assistant.js';
import { loadLexicon } from './assistant/lexicon.js';
import type { Config } from './config.js';
import { loadCorpus } from './corpus/load.js';
import { chatModelFromConfig } from './llm/index.js';
import { embedderFromEnv, openRetriever, termsFromGlossary, type TranslationTerm } from './retrieval/index.js';
import { loadRuleSetData } from './rules/load.js';
import { RuleSet } from './rules/rule-set.js';

/** Glossary terms plus industry and group names and aliases: how other spellings reach the plan's words. */
export function translationTerms(ruleSet: RuleSet): TranslationTerm[] {
  return [
    ...termsFromGlossary(ruleSet.glossary),
    ...ruleSet.catalog.industries.map((industry) => ({ zh: industry.name.zh, en: [industry.name.en, ...industry.aliases] })),
    ...ruleSet.catalog.groups.map((group) => ({ zh: group.name.zh, en: [group.name.en, ...group.aliases] })),
  ];
}

/**
 * Loads the plan, the rules and the retrieval index (built on first start, rebuilt when
 * stale): all the I/O the app needs, done once at start.
 */
export async function createServices(config: Config, env: Record<string, string | undefined> = process.env): Promise<AppServices> {
  const corpus = loadCorpus();
  const ruleSet = new RuleSet(loadRuleSetData(), corpus);
  const terms = translationTerms(ruleSet);
  const retriever = await openRetriever({ dataDir: config.DATA_DIR, corpus, terms, embedder: embedderFromEnv(env, terms) });
  const chatModel = chatModelFromConfig(config);
  const assistant = new Assistant({
    ruleSet,
    searcher: retriever,
    lexicon: loadLexicon(),
    ...(chatModel ? { chatModel, llmTimeoutMs: config.LLM_TIMEOUT_MS } : {}),
  });
  return { ruleSet, retriever, assistant };
}
