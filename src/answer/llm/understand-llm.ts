import { z } from 'zod';
import type { ChatMessage, ChatModel } from '../../llm/index.js';
import { format } from '../../plan/template.js';
import { INTENTS, ITEM_KINDS } from '../../plan/schema.js';
import type { ProfileField } from '../../rules/profile.js';
import { fold } from '../../text/normalize.js';
import type { PackRuntime } from '../runtime.js';
import type { HistoryTurn, Understanding } from '../types.js';
import type { Budget } from './budget.js';
import { earlierUserTurns } from './prompt-budget.js';

const MAX_TERMS = 5;

/**
 * What the model reads from a question, for one pack (its flags are fields). Every field is
 * required and nullable (strict structured outputs refuse optional fields); null means "the
 * user did not say".
 */
export function llmUnderstandingSchema(runtime: PackRuntime) {
  const flags: Record<string, z.ZodType<boolean | null>> = {};
  // Facts about the user's own enterprise; who asks (a role) is read deterministically.
  for (const flag of runtime.pack.profile.flags.filter((entry) => !entry.role)) flags[flag.id] = z.boolean().nullable();
  return z
    .object({
      industry: z.string().nullable().describe('The industry of the user’s own enterprise, as one of the listed names; null if the user names none'),
      industryWords: z.string().nullable().describe('The user’s own words that name that industry, copied exactly'),
      ...flags,
      intent: z.enum(INTENTS).nullable(),
      topics: z.array(z.enum(ITEM_KINDS)),
      terms: z.array(z.string()).describe('The plan’s terms for the pollutants, technologies and indicators asked about'),
    })
    .strict();
}
export type LlmUnderstanding = { industry: string | null; industryWords: string | null; intent: Understanding['intent'] | null; topics: Understanding['topics']; terms: string[] } & Record<string, unknown>;

function systemPrompt(runtime: PackRuntime): string {
  const { pack, ruleSet } = runtime;
  const industries = ruleSet.catalog.industries.map((industry) => `${industry.name.zh} (${industry.name.en})`).join('; ');
  const flags = pack.profile.flags.filter((flag) => !flag.role).map((flag) => `${flag.id} (${flag.yes.zh})`).join(', ');
  return pack.prompts.understand.map((line) => format(line, { industries, flags, maxTerms: MAX_TERMS })).join('\n');
}

export function understandingMessages(question: string, history: readonly HistoryTurn[] | undefined, runtime: PackRuntime): ChatMessage[] {
  const earlier = earlierUserTurns(history, 4);
  const context = earlier.length ? `Earlier messages of the same user (context):\n${earlier.map((turn) => `<<<${turn}>>>`).join('\n')}\n\n` : '';
  return [
    { role: 'system', content: systemPrompt(runtime) },
    { role: 'user', content: `${context}Question:\n<<<${question}>>>` },
  ];
}

/**
 * Merges the model's reading into the deterministic one, which wins wherever it found
 * something. The model can add only what the user's words back:
 * - an industry, when none was found, if its name resolves in the catalog (never a new id)
 *   and the words it says name it are in the user's text;
 * - a profile flag left unset, if the user's words contain one of the pack's cues for it
 *   (the model settles the polarity; it cannot bring up a fact the user never touched);
 * - intent and topics, when the deterministic intent is `general`;
 * - glossary terms (only entries of the glossary), which widen retrieval and target matching.
 * Figures and the out-of-scope decision stay deterministic.
 */
export function mergeUnderstanding(base: Understanding, llm: LlmUnderstanding, runtime: PackRuntime, userTexts: readonly string[]): { understanding: Understanding; added: string[] } {
  const { ruleSet, cues, glossary } = runtime;
  const added: string[] = [];
  const profile = { ...base.profile };
  const stated = new Set<ProfileField>(base.stated);
  let industries = base.industries;
  const userWords = fold(userTexts.join('\n'));

  if (!profile.industry && llm.industry && llm.industryWords) {
    const industry = ruleSet.catalog.resolve(llm.industry);
    const words = fold(llm.industryWords);
    if (industry && [...words].length >= 2 && userWords.includes(words)) {
      profile.industry = industry.id;
      stated.add('industry');
      if (industries.length === 0) industries = [industry];
      added.push('industry');
    }
  }

  const joined = userTexts.join('\n');
  for (const { id, matcher } of cues.flags) {
    const value = llm[id];
    if (typeof value !== 'boolean' || profile[id] !== undefined) continue;
    if (!matcher.test(joined)) continue;
    profile[id] = value;
    stated.add(id);
    added.push(id);
  }

  let { intent, topics } = base;
  if (base.intent === 'general' && !base.outOfScope) {
    if (llm.intent && llm.intent !== 'general') {
      // A check or claim needs a figure the deterministic parse found; without one it is a target question.
      intent = (llm.intent === 'check' || llm.intent === 'claim') && base.figures.length === 0 ? 'target' : llm.intent;
      added.push('intent');
    }
    if (topics.length === 0 && llm.topics.length > 0) {
      topics = [...new Set(llm.topics)];
      added.push('topics');
    }
  }

  const terms = [...base.terms];
  const extra: string[] = [];
  for (const text of llm.terms.slice(0, MAX_TERMS)) {
    for (const match of glossary.find(text)) {
      if (terms.some((term) => term.entry === match.entry)) continue;
      terms.push(match);
      extra.push(match.entry.zh);
    }
  }
  if (extra.length) added.push('terms');

  return {
    understanding: { ...base, profile, stated: [...stated], industries, intent, topics, terms, searchText: extra.length ? `${base.searchText} ${extra.join(' ')}` : base.searchText },
    added,
  };
}

/** Asks the model to read the question; throws `LlmError` (the caller keeps the deterministic reading). */
/** Output token limit of the understanding call: its JSON is a few short fields. */
export const UNDERSTANDING_MAX_TOKENS = 400;

export async function understandWithModel(model: ChatModel, input: { question: string; history?: readonly HistoryTurn[] | undefined }, runtime: PackRuntime, budget: Budget, capMs: number): Promise<LlmUnderstanding> {
  return (await model.completeJson(
    { messages: understandingMessages(input.question, input.history, runtime), ...budget.call(capMs), maxTokens: UNDERSTANDING_MAX_TOKENS },
    llmUnderstandingSchema(runtime),
    { name: 'question_understanding' },
  )) as LlmUnderstanding;
}

/**
 * Whether the deterministic reading leaves the model nothing to add, so the understanding call
 * is skipped. The merge (see `mergeUnderstanding`) can add only an industry when none was
 * found, a profile flag the user's words cue but the reading left unset, intent and topics when
 * the intent is general, and glossary terms. So the reading is decisive when its intent is not
 * general, no unset flag is cued, and it has an industry or terms, or asks something no
 * industry changes (a check, a claim, a list, a target).
 */
export function understandingDecisive(understanding: Understanding, runtime: PackRuntime, userTexts: readonly string[]): boolean {
  if (understanding.outOfScope) return true;
  if (understanding.intent === 'general') return false;
  const joined = userTexts.join('\n');
  if (runtime.cues.flags.some(({ id, matcher }) => understanding.profile[id] === undefined && matcher.test(joined))) return false;
  const industryFree = understanding.intent === 'check' || understanding.intent === 'claim' || understanding.intent === 'list' || understanding.intent === 'target';
  return understanding.profile.industry !== undefined || (industryFree && understanding.terms.length > 0) || (understanding.intent === 'check' || understanding.intent === 'claim');
}
