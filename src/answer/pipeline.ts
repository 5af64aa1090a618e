import { isLlmError, type ChatMessage, type ChatModel } from '../llm/index.js';
import { labelCitations, type Citation } from '../rules/citations.js';
import type { EligibilityResult } from '../rules/engine.js';
import { reciprocalRankFusion } from '../retrieval/fusion.js';
import type { Profile, ProfileField } from '../rules/profile.js';
import type { Language } from '../text/languages.js';
import { SentenceCutter, splitSentences } from '../text/sentences.js';
import { decide, needsEligibility } from './decide.js';
import { buildEvidence, type Evidence } from './evidence.js';
import { Budget } from './llm/budget.js';
import { compositionMessages, repairMessages, type CompositionPrompt } from './llm/compose-llm.js';
import { mergeUnderstanding, understandingDecisive, understandWithModel } from './llm/understand-llm.js';
import { DEFAULT_PROMPT_BUDGET, type PromptBudget } from './llm/prompt-budget.js';
import type { PackRuntime } from './runtime.js';
import type { Industry } from '../rules/schema.js';
import type { AskInput, Composition, Decision, Fact, Intent, RetrievedClause, RuleResults, Searcher, Status, Understanding } from './types.js';
import { problemCodes, verificationOf, type Problem, type Verification } from './verify.js';

export interface FactView {
  id: string;
  kind: string;
  title: string;
  text: string;
  citations: string[];
  targets?: Array<{ id: string; text: string; citations: string[] }>;
  check?: Fact['check'];
  confirmed?: boolean;
}

/** What the response says about the model's part in an answer (`llm` in /v1/ask). */
export interface LlmReport {
  /** The configured model. */
  model: string;
  /** Whether the model was asked to write the answer (only `answered` decisions with facts are). */
  composed: boolean;
  /**
   * Why the model's answer was not served, when it was not: verification problem codes or an
   * LLM error (`timeout`, `http_500`, `refusal`, `malformed`, `empty`, `connection`, …), with
   * the repair attempt's after `repair:`.
   */
  rejected?: string;
  /** The served answer is the model's second, repaired one. */
  repaired?: boolean;
  /** Profile fields and readings the model's understanding added. */
  understood?: string[];
  /** Why the model's understanding was not used (the deterministic one was). */
  understandingError?: string;
  /** The deterministic reading was decisive: the model was not asked to read the question. */
  understandingSkipped?: boolean;
  /** Time spent on LLM work for this answer. */
  elapsedMs: number;
}

export interface AskResponse {
  status: Status;
  /** The answer's first sentence, markers aside: what was asked, answered. */
  summary: string;
  answer: string;
  citations: Array<Citation & { section?: string }>;
  facts: FactView[];
  mode: 'offline' | 'llm';
  language: Language;
  intent: Intent;
  needs?: ProfileField[];
  /** When the industry must be chosen: the user's word for it and the plan's industries it may mean (any may be "none of these"). */
  choices?: { name: string; industries: Array<{ id: string; name: string }> };
  profile: Profile;
  verification: Pick<Verification, 'ok' | 'unsupportedNumbers' | 'badMarkers'>;
  /** The plan pack that answered. */
  plan: string;
  version: string;
  /** With a model configured: what it did, and why its answer was rejected when it was. */
  llm?: LlmReport;
}

export type StreamEvent = { type: 'delta'; text: string } | { type: 'done'; response: AskResponse };

export interface PipelineOptions {
  runtime: PackRuntime;
  searcher: Searcher;
  /** Clauses retrieved per question. Default 5. */
  retrievalLimit?: number;
  /** The model that may read questions and word answers (LLM mode); offline without it. */
  chatModel?: ChatModel;
  /** Budget for all LLM work of one answer (`LLM_TIMEOUT_MS`). Default 12,000. */
  llmTimeoutMs?: number;
  /**
   * Output token limit of the model's answer (`LLM_MAX_TOKENS`), sent as `max_tokens`; an
   * answer longer than four characters a token is cut off and rejected. Default 1,200: a broad
   * answer is at most about 900 Chinese characters or 200 English words.
   */
  llmMaxTokens?: number;
  /** Bounds on what the model is sent. Default `DEFAULT_PROMPT_BUDGET`. */
  promptBudget?: PromptBudget;
}

/** Everything decided about one question, before wording. */
export interface Decided {
  understanding: Understanding;
  eligibility: RuleResults | undefined;
  retrieved: RetrievedClause[];
  decision: Decision;
}

/** A worded answer with the evidence it was checked against, and the verdict. */
interface Worded {
  composition: Composition;
  evidence: Evidence;
  verification: Verification;
}

/** Share of the budget the understanding call may use, so composition always keeps time. */
const UNDERSTANDING_SHARE = 0.4;

export const DEFAULT_LLM_MAX_TOKENS = 1200;
/** Characters an answer may have per token of its limit: past it, a server that ignored `max_tokens` is cut off. */
const CHARS_PER_TOKEN = 4;

const reasonOf = (error: unknown): string => (isLlmError(error) ? error.reason : 'unexpected');

function factView(fact: Fact, language: Language): FactView {
  return {
    id: fact.id,
    // An item's kind is what it is (audit, technology, incentive…); other facts say what they are.
    kind: fact.kind === 'item' && fact.itemKind ? fact.itemKind : fact.kind,
    title: fact.title[language],
    text: fact.text[language],
    citations: fact.citations.map((citation) => citation.id),
    ...(fact.details?.length ? { targets: fact.details.map((detail) => ({ id: detail.id, text: detail.text[language], citations: detail.citations.map((citation) => citation.id) })) } : {}),
    ...(fact.check ? { check: fact.check } : {}),
    ...(fact.confirmed !== undefined ? { confirmed: fact.confirmed } : {}),
  };
}

/**
 * The answer pipeline, one direction: understand → rules → retrieve → decide → compose →
 * verify. Understanding and composition have a deterministic strategy and, with a model
 * configured, a model strategy (the model may read the question and word the answer); the one
 * verifier checks every answer, and anything the model writes that fails it, or any model
 * failure, ends in the deterministic answer within `LLM_TIMEOUT_MS`.
 */
export class AnswerPipeline {
  constructor(private readonly options: PipelineOptions) {}

  get runtime(): PackRuntime {
    return this.options.runtime;
  }

  // ---- the steps --------------------------------------------------------------------------

  /** Step 1, deterministic. */
  understand(request: AskInput): Promise<Understanding> {
    return this.runtime.understander.understand(request);
  }

  /**
   * Step 2: the eligibility rules over the profile, when the decision needs them; and over each
   * industry the user may mean when their name for it is not settled, or over the sub-industries
   * of the industry they named (a textile mill may dye), so the decision can tell whether to ask.
   */
  async rules(understanding: Understanding): Promise<RuleResults | undefined> {
    if (!needsEligibility(understanding)) return undefined;
    const { eligibility, catalog } = this.runtime.ruleSet;
    const { profile } = understanding;
    const result = await eligibility.evaluate(profile);
    let candidates: Industry[] = [];
    let name: string | undefined;
    if (understanding.industryCandidates && !result.industry) {
      candidates = understanding.industryCandidates.industries;
      name = understanding.industryCandidates.name;
    } else if (result.industry && understanding.industryWords && catalog.isBroadName(result.industry.id, understanding.industryWords)) {
      // An industry named by its broad name may be one of its sub-industries (a textile mill may dye).
      const narrower = catalog.narrowerThan(result.industry.id);
      if (narrower.length) candidates = [catalog.get(result.industry.id)!, ...narrower];
    }
    const children = new Set(result.industry ? catalog.childrenOf(result.industry.id).map((industry) => industry.id) : []);
    const alternatives = await Promise.all(
      candidates.map(async (industry) => ({
        industry,
        result: await eligibility.evaluate({ ...profile, industry: industry.id }),
        ...(result.industry && industry.id !== result.industry.id && !children.has(industry.id) && !understanding.industryCandidates ? { sectorMember: true } : {}),
      })),
    );
    return { result, alternatives, ...(name ? { name } : {}) };
  }

  /**
   * What retrieval is asked: the question, widened with the plan's words for the terms it
   * wrote another way, the industry given earlier, and, for audits and training (set per group
   * in the plan), the groups its industry belongs to.
   */
  retrievalQuery(understanding: Understanding): string {
    const { catalog } = this.runtime.ruleSet;
    const text = understanding.searchText;
    const terms = understanding.terms.map((term) => term.entry.zh).filter((zh) => !text.includes(zh));
    const profileIndustry = understanding.industries.length === 0 && understanding.profile.industry ? catalog.industryOf(understanding.profile.industry) : undefined;
    const widened = [text, ...terms, ...(profileIndustry ? [profileIndustry.name.zh] : [])];
    if (!understanding.topics.some((topic) => topic === 'audit' || topic === 'training')) return widened.join(' ');
    // "Which industries must ...?": the groups are the answer's subject.
    const planGroup = (group: (typeof catalog.groups)[number]) => group.kind === 'plan' && group.includes.length === 0;
    if (understanding.intent === 'list') return [...widened, ...catalog.groups.filter(planGroup).map((group) => group.name.zh)].join(' ');
    const industryIds = new Set([...understanding.industries.map((industry) => industry.id), ...(understanding.profile.industry ? [understanding.profile.industry] : [])]);
    const groupNames = [...industryIds].flatMap((id) => {
      const industry = catalog.industryOf(id);
      if (!industry) return [];
      const groups = catalog.groupsOf(industry.id).map((groupId) => catalog.groups.find((group) => group.id === groupId)!);
      return groups.filter(planGroup).map((group) => group.name.zh);
    });
    return [...widened, ...new Set(groupNames)].join(' ');
  }

  /** Step 3: the clauses retrieval finds, best first (headings left out). */
  async retrieve(understanding: Understanding): Promise<RetrievedClause[]> {
    if (understanding.outOfScope) return [];
    const options = { limit: this.options.retrievalLimit ?? 5, language: understanding.language };
    const hits = await this.options.searcher.search(this.retrievalQuery(understanding), options);
    const { ownText } = understanding;
    if (!ownText) return hits.filter((hit) => hit.kind !== 'heading');
    // A follow-up with words of its own ("what problems were there then?"): the turn before's words must not drown them.
    const own = await this.options.searcher.search(this.retrievalQuery({ ...understanding, searchText: ownText, terms: understanding.ownTerms ?? [] }), options);
    const byId = new Map([...own, ...hits].map((hit) => [hit.id, hit]));
    const fused = reciprocalRankFusion({ own: own.map((hit) => hit.id), joint: hits.map((hit) => hit.id) });
    return fused
      .map((entry) => byId.get(entry.id)!)
      .filter((hit) => hit.kind !== 'heading')
      .slice(0, options.limit);
  }

  /** Steps 2–4 for an understanding. */
  async decide(understanding: Understanding): Promise<Decided> {
    const eligibility = await this.rules(understanding);
    const retrieved = await this.retrieve(understanding);
    const ownTargets = await this.targetsOfEnterprise(understanding, eligibility?.result);
    return { understanding, eligibility, retrieved, decision: decide(understanding, this.runtime, eligibility, retrieved, ownTargets) };
  }

  /**
   * The targets the rules set for the enterprise the user describes (its industry's groups, a
   * provincial park): a target or check question is about those first (90% of a key industry's
   * heads trained, not the 50% of all above-scale enterprises).
   */
  private async targetsOfEnterprise(understanding: Understanding, evaluated: EligibilityResult | undefined): Promise<ReadonlySet<string>> {
    if (!['target', 'check', 'claim'].includes(understanding.intent) || understanding.outOfScope) return new Set();
    const industry = understanding.profile.industry ?? understanding.industries[0]?.id;
    if (!industry && understanding.stated.length === 0) return new Set();
    // The profile as step 2 evaluated it (when it did) is not evaluated again.
    const result = evaluated && industry === understanding.profile.industry ? evaluated : await this.runtime.ruleSet.eligibility.evaluate({ ...understanding.profile, ...(industry ? { industry } : {}) });
    return new Set(result.items.flatMap((item) => item.targets));
  }

  /** Steps 5–6, deterministic: the answer worded from the pack's templates, verified; the facts' own words if that fails. */
  word(decided: Decided, request?: AskInput): Worded {
    const { decision, understanding } = decided;
    const composer = this.runtime.composer;
    let composition = composer.compose(decision, understanding);
    let evidence = buildEvidence(decision, understanding, composition, this.runtime, request);
    let problems = evidence.checker.checkAnswer(composition.answer);
    // A yes the plan cannot back (it would confirm the user's own figures: "our last audit was three years ago", "our 6,000 t/d line") is not said; the rest stands.
    if (problems.length && understanding.yesNo && problems.every((problem) => problem.code === 'wrong_verdict')) {
      const plain = composer.compose(decision, { ...understanding, yesNo: false });
      const plainEvidence = buildEvidence(decision, understanding, plain, this.runtime, request);
      const plainProblems = plainEvidence.checker.checkAnswer(plain.answer);
      if (plainProblems.length === 0) [composition, evidence, problems] = [plain, plainEvidence, plainProblems];
    }
    if (problems.length && composition.answer) {
      // A template bug, never the user's doing: log it, and serve the facts in their own words.
      console.error('deterministic answer failed verification', problemCodes(problems), problems.map((problem) => problem.detail), composition.answer);
      composition = composer.factsOnly(decision, understanding.language);
      evidence = buildEvidence(decision, understanding, composition, this.runtime, request);
      problems = evidence.checker.checkAnswer(composition.answer);
    }
    return { composition, evidence, verification: verificationOf(composition.answer ? problems : [], composition.answer, composition.citations.length) };
  }

  // ---- whole answers ----------------------------------------------------------------------

  async ask(request: AskInput, signal?: AbortSignal): Promise<AskResponse> {
    const model = this.options.chatModel;
    if (!model) {
      const decided = await this.decide(await this.understand(request));
      return this.respond(decided, this.word(decided, request), 'offline');
    }
    const budget = new Budget(this.options.llmTimeoutMs ?? 12_000, signal);
    const report: LlmReport = { model: model.model, composed: false, elapsedMs: 0 };
    const done = () => ({ ...report, elapsedMs: budget.elapsedMs() });
    let decided: Decided | undefined;
    let worded: Worded | undefined;
    try {
      decided = await this.decide(await this.understandWithModel(request, model, budget, report));
      worded = this.word(decided, request);
      if (!composable(decided.decision)) return this.respond(decided, worded, 'offline', done());
      const prompt = this.compositionPrompt(decided.understanding.language);
      const messages = compositionMessages(request.question, request.history, worded.evidence, prompt, this.promptBudget);
      report.composed = true;
      const answer = await this.compose(model, messages, worded.evidence, prompt, budget, report);
      if (answer !== undefined) return this.respondWithModel(decided, worded.evidence, answer, done());
      return this.respond(decided, worded, 'offline', done());
    } catch (error) {
      console.error('LLM pipeline failed; serving the deterministic answer', error);
      report.rejected = 'unexpected';
      if (decided && worded) return this.respond(decided, worded, 'offline', done());
      const fallback = await this.decide(await this.understand(request));
      return this.respond(fallback, this.word(fallback, request), 'offline', done());
    }
  }

  /** The answer as stream events: only verified text is sent. */
  async *askStream(request: AskInput, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    const model = this.options.chatModel;
    if (!model) {
      const decided = await this.decide(await this.understand(request));
      yield* streamWhole(this.respond(decided, this.word(decided, request), 'offline'));
      return;
    }
    const budget = new Budget(this.options.llmTimeoutMs ?? 12_000, signal);
    const report: LlmReport = { model: model.model, composed: false, elapsedMs: 0 };
    const done = () => ({ ...report, elapsedMs: budget.elapsedMs() });
    let decided: Decided;
    let worded: Worded;
    let prompt: CompositionPrompt;
    let messages: ChatMessage[];
    try {
      decided = await this.decide(await this.understandWithModel(request, model, budget, report));
      worded = this.word(decided, request);
      if (!composable(decided.decision)) {
        yield* streamWhole(this.respond(decided, worded, 'offline', done()));
        return;
      }
      prompt = this.compositionPrompt(decided.understanding.language);
      messages = compositionMessages(request.question, request.history, worded.evidence, prompt, this.promptBudget);
    } catch (error) {
      console.error('LLM pipeline failed; serving the deterministic answer', error);
      report.rejected = 'unexpected';
      const fallback = await this.decide(await this.understand(request));
      yield* streamWhole(this.respond(fallback, this.word(fallback, request), 'offline', done()));
      return;
    }
    report.composed = true;
    const { evidence } = worded;

    // The model's text, sentence by sentence, each verified before it is sent.
    const emitted: string[] = [];
    let received = '';
    let problems: Problem[] | undefined;
    let error: unknown;
    try {
      const cutter = new SentenceCutter();
      const verifier = evidence.checker.verifier();
      let started = false;
      const feed = (piece: string | undefined): string[] | undefined => {
        const step = piece === undefined ? verifier.end() : verifier.push(piece);
        if (!step.ok) {
          problems = step.problems;
          return undefined;
        }
        emitted.push(...step.release);
        return step.release;
      };
      stream: for await (const delta of model.stream({ messages, ...budget.call(), maxTokens: this.maxTokens })) {
        received += delta;
        if (received.length > this.maxChars) {
          // A server that ignores max_tokens: stop reading; what was verified stays, the rest is not shown.
          problems = this.tooLong(received, null);
          break;
        }
        for (const piece of cutter.push(delta)) {
          const text = started ? piece : piece.trimStart();
          if (!text) continue;
          started = true;
          const release = feed(text);
          if (!release) break stream;
          for (const released of release) yield { type: 'delta', text: released };
        }
      }
      if (!problems) {
        let rest = cutter.end().trimEnd();
        if (!started) rest = rest.trimStart();
        const release = [...(rest ? (feed(rest) ?? []) : []), ...(problems ? [] : (feed(undefined) ?? []))];
        for (const released of release) yield { type: 'delta', text: released };
        if (!problems && emitted.length === 0) problems = [{ code: 'empty', detail: 'the answer is empty' }];
      }
    } catch (caught) {
      error = caught;
    }

    if (!problems && error === undefined) {
      yield done_(this.respondWithModel(decided, evidence, emitted.join(''), done()));
      return;
    }
    if (problems) logRejection(problems, received);
    else if (!isLlmError(error)) console.error('LLM stream failed', error);
    received = this.cap(received);

    if (emitted.length === 0) {
      // Nothing shown yet: the one repair attempt (not streamed: it is verified whole), or the deterministic answer.
      let answer: string | undefined;
      if (problems) answer = await this.repair(model, messages, received, problems, evidence, prompt, budget, report);
      else report.rejected = reasonOf(error);
      yield* streamWhole(answer !== undefined ? this.respondWithModel(decided, evidence, answer, done()) : this.respond(decided, worded, 'offline', done()));
      return;
    }

    // Verified sentences are already out and cannot be taken back: the deterministic answer follows them.
    const why = problems ? problemCodes(problems) : reasonOf(error);
    report.rejected = `${why} after ${emitted.length} verified sentence${emitted.length === 1 ? '' : 's'}; the deterministic answer follows them`;
    const separator = '\n\n';
    yield { type: 'delta', text: separator };
    for (const text of splitSentences(worded.composition.answer)) yield { type: 'delta', text };
    const answer = `${emitted.join('')}${separator}${worded.composition.answer}`;
    yield done_(this.respond(decided, { ...worded, composition: { answer, citations: evidence.citations } }, 'offline', done()));
  }

  // ---- the model strategies ---------------------------------------------------------------

  private get maxTokens(): number {
    return this.options.llmMaxTokens ?? DEFAULT_LLM_MAX_TOKENS;
  }

  private get maxChars(): number {
    return this.maxTokens * CHARS_PER_TOKEN;
  }

  private get promptBudget(): PromptBudget {
    return this.options.promptBudget ?? DEFAULT_PROMPT_BUDGET;
  }

  /** An answer cut at the token limit, or longer than any answer within it: not shown. */
  private tooLong(text: string, finishReason: string | null): Problem[] {
    if (text.length > this.maxChars) return [{ code: 'too_long', detail: `the answer is longer than ${this.maxChars} characters; write a shorter one` }];
    if (finishReason === 'length') return [{ code: 'too_long', detail: `the answer was cut at the limit of ${this.maxTokens} tokens; write a shorter one` }];
    return [];
  }

  /** A rejected answer as the repair prompt quotes it: no longer than an answer may be. */
  private cap(text: string): string {
    return text.length > this.maxChars ? `${text.slice(0, this.maxChars)}…` : text;
  }

  /** Step 1 with a model: the deterministic reading, merged with the model's when it answers in time. */
  private async understandWithModel(request: AskInput, model: ChatModel, budget: Budget, report: LlmReport): Promise<Understanding> {
    const understanding = await this.understand(request);
    if (understanding.outOfScope) return understanding;
    const userTexts = [...(request.history ?? []).filter((turn) => turn.role === 'user').map((turn) => turn.content), request.question];
    if (understandingDecisive(understanding, this.runtime, userTexts)) {
      report.understandingSkipped = true;
      return understanding;
    }
    try {
      const reading = await understandWithModel(model, request, this.runtime, budget, Math.ceil(budget.totalMs * UNDERSTANDING_SHARE));
      const merged = mergeUnderstanding(understanding, reading, this.runtime, userTexts);
      report.understood = merged.added;
      return merged.understanding;
    } catch (error) {
      if (!isLlmError(error)) console.error('LLM understanding failed', error);
      report.understandingError = reasonOf(error);
      return understanding;
    }
  }

  private compositionPrompt(language: Language): CompositionPrompt {
    const { pack } = this.runtime;
    return { prompts: pack.prompts, languageName: pack.messages[language].llm.languageName };
  }

  /** Step 5 with a model: its answer, verified (repaired once if needed), or undefined with `report.rejected` set. */
  private async compose(model: ChatModel, messages: ChatMessage[], evidence: Evidence, prompt: CompositionPrompt, budget: Budget, report: LlmReport): Promise<string | undefined> {
    let first: string;
    let problems: Problem[];
    try {
      const result = await model.complete({ messages, ...budget.call(), maxTokens: this.maxTokens });
      first = result.content.trim();
      problems = this.tooLong(first, result.finishReason);
    } catch (error) {
      if (!isLlmError(error)) console.error('LLM composition failed', error);
      report.rejected = reasonOf(error);
      return undefined;
    }
    if (problems.length === 0) problems = evidence.checker.checkAnswer(first);
    if (problems.length === 0) return first;
    logRejection(problems, first);
    return this.repair(model, messages, first, problems, evidence, prompt, budget, report);
  }

  private async repair(model: ChatModel, messages: ChatMessage[], rejected: string, problems: Problem[], evidence: Evidence, prompt: CompositionPrompt, budget: Budget, report: LlmReport): Promise<string | undefined> {
    const codes = problemCodes(problems);
    try {
      const result = await model.complete({ messages: repairMessages(messages, this.cap(rejected), problems, prompt), ...budget.call(), maxTokens: this.maxTokens });
      const second = result.content.trim();
      const long = this.tooLong(second, result.finishReason);
      const again = long.length ? long : evidence.checker.checkAnswer(second);
      if (again.length === 0) {
        report.repaired = true;
        return second;
      }
      logRejection(again, second);
      report.rejected = `${codes}; repair: ${problemCodes(again)}`;
    } catch (error) {
      if (!isLlmError(error)) console.error('LLM repair failed', error);
      report.rejected = `${codes}; repair: ${reasonOf(error)}`;
    }
    return undefined;
  }

  // ---- responses --------------------------------------------------------------------------

  private respondWithModel(decided: Decided, evidence: Evidence, answer: string, llm: LlmReport): AskResponse {
    const composition = { answer, citations: evidence.citations };
    return this.respond(decided, { composition, evidence, verification: verificationOf([], answer, evidence.citations.length) }, 'llm', llm);
  }

  respond({ decision, understanding }: Decided, { composition, verification }: Worded, mode: AskResponse['mode'], llm?: LlmReport): AskResponse {
    const language = understanding.language;
    const { pack } = this.runtime;
    return {
      status: decision.status,
      summary: summaryOf(composition.answer),
      answer: composition.answer,
      citations: labelCitations(composition.citations, pack.corpus, language),
      facts: decision.facts.map((fact) => factView(fact, language)),
      mode,
      language,
      intent: decision.intent,
      ...(decision.needs ? { needs: decision.needs } : {}),
      ...(decision.choices ? { choices: { name: decision.choices.name, industries: decision.choices.industries.map((industry) => ({ id: industry.id, name: industry.name[language] })) } } : {}),
      profile: decision.profile,
      verification: { ok: verification.ok, unsupportedNumbers: verification.unsupportedNumbers, badMarkers: verification.badMarkers },
      plan: pack.id,
      version: pack.version,
      ...(llm ? { llm } : {}),
    };
  }
}

/** The answer's first line (its lead: what was asked, answered), without citation markers. */
export function summaryOf(answer: string): string {
  const first = answer.trim().split('\n')[0] ?? '';
  return first.replace(/\[\d+\]/gu, '').trim();
}

/** Only answers with facts are worded by the model; needs_info and out_of_scope stay deterministic. */
function composable(decision: Decision): boolean {
  return decision.status === 'answered' && decision.facts.some((fact) => fact.kind !== 'period');
}

function done_(response: AskResponse): StreamEvent {
  return { type: 'done', response };
}

/** A whole answer as stream events: its sentences, then the response. */
export function* streamWhole(response: AskResponse): Generator<StreamEvent> {
  for (const text of splitSentences(response.answer)) yield { type: 'delta', text };
  yield done_(response);
}

function logRejection(problems: readonly Problem[], text: string): void {
  console.warn(`LLM answer rejected: ${problems.map((problem) => `${problem.code}: ${problem.detail}`).join('; ')} — ${JSON.stringify(text.slice(0, 200))}`);
}
