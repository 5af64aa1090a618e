import { isLlmError, type ChatModel } from '../../llm/index.js';
import type { Citation } from '../../rules/citations.js';
import type { RuleSet } from '../../rules/rule-set.js';
import type { AskResponse, StreamEvent } from '../assistant.js';
import type { AnswerPlan } from '../facts.js';
import type { GlossaryMatcher } from '../glossary-matcher.js';
import type { Lexicon } from '../lexicon.js';
import type { AskRequest } from '../schema.js';
import type { Understanding } from '../understand.js';
import type { Verification } from '../verify.js';
import { Budget } from './budget.js';
import { compositionMessages, repairMessages } from './compose-llm.js';
import { buildEvidence, problemCodes, verificationOf, type Evidence, type Problem } from './evidence.js';
import { SentenceCutter, splitSentences } from './sentences.js';
import { mergeUnderstanding, understandWithModel } from './understand-llm.js';
import type { ChatMessage } from '../../llm/index.js';

/** What the response says about the model's part in an answer (`llm` in /v1/ask). */
export interface LlmReport {
  /** The configured model. */
  model: string;
  /** Whether the model was asked to write the answer (only `answered` plans with facts are). */
  composed: boolean;
  /**
   * Why the model's answer was not served, when it was not: verification problem codes
   * (`unsupported_number`, `uncited_number`, `bad_marker`, `unsupported_name`,
   * `wrong_language`, `injection_leak`, `empty`) or an LLM error (`timeout`, `http_500`,
   * `refusal`, `malformed`, `empty`, `connection`, …), with the repair attempt's after `repair:`.
   */
  rejected?: string;
  /** The served answer is the model's second, repaired one. */
  repaired?: boolean;
  /** Profile fields and readings the model's understanding added (`industry`, `intent`, `topics`, `terms`, flags). */
  understood?: string[];
  /** Why the model's understanding was not used (the deterministic one was). */
  understandingError?: string;
  /** Time spent on LLM work for this answer. */
  elapsedMs: number;
}

/** A deterministic answer, ready to serve. */
export interface OfflineAnswer {
  answer: string;
  citations: Citation[];
  verification: Verification;
}

/** What the LLM pipeline needs of the assistant: its deterministic steps. */
export interface PipelineHost {
  readonly ruleSet: RuleSet;
  readonly lexicon: Lexicon;
  readonly glossary: GlossaryMatcher;
  understand(request: AskRequest): Understanding;
  planFor(request: AskRequest, understanding: Understanding): Promise<AnswerPlan>;
  offlineAnswer(plan: AnswerPlan, understanding: Understanding): OfflineAnswer;
  respond(plan: AnswerPlan, understanding: Understanding, answer: OfflineAnswer, mode: AskResponse['mode'], llm?: LlmReport): AskResponse;
  /** The whole deterministic pipeline, for when the LLM path itself fails. */
  askOffline(request: AskRequest, llm?: LlmReport): Promise<AskResponse>;
}

/** Share of the budget the understanding call may use, so composition always keeps time. */
const UNDERSTANDING_SHARE = 0.4;

const reasonOf = (error: unknown): string => (isLlmError(error) ? error.reason : 'unexpected');

interface Prepared {
  understanding: Understanding;
  plan: AnswerPlan;
  offline: OfflineAnswer;
}

/**
 * The answer pipeline with a model: the model may read the question (merged into the
 * deterministic reading) and word the answer, but every sentence it writes is verified
 * against the numbered facts and quotes before it is shown. One repair attempt, then the
 * deterministic answer. Every LLM failure ends in the deterministic answer, within the
 * budget (`LLM_TIMEOUT_MS`) for all LLM work of the answer.
 */
export class LlmPipeline {
  constructor(
    private readonly host: PipelineHost,
    private readonly model: ChatModel,
    private readonly budgetMs: number,
  ) {}

  async ask(request: AskRequest, signal?: AbortSignal): Promise<AskResponse> {
    const budget = new Budget(this.budgetMs, signal);
    const report: LlmReport = { model: this.model.model, composed: false, elapsedMs: 0 };
    const done = () => ({ ...report, elapsedMs: budget.elapsedMs() });
    let prepared: Prepared | undefined;
    try {
      prepared = await this.prepare(request, budget, report);
      const { understanding, plan, offline } = prepared;
      if (!composable(plan)) return this.host.respond(plan, understanding, offline, 'offline', done());
      const evidence = this.evidence(prepared);
      const messages = compositionMessages(request.question, request.history, evidence);
      report.composed = true;
      const answer = await this.compose(messages, evidence, budget, report);
      if (answer !== undefined) {
        return this.host.respond(plan, understanding, { answer, citations: evidence.citations, verification: verificationOf([], answer, evidence.citations.length) }, 'llm', done());
      }
      return this.host.respond(plan, understanding, offline, 'offline', done());
    } catch (error) {
      console.error('LLM pipeline failed; serving the deterministic answer', error);
      report.rejected = 'unexpected';
      if (prepared) return this.host.respond(prepared.plan, prepared.understanding, prepared.offline, 'offline', done());
      return this.host.askOffline(request, done());
    }
  }

  async *askStream(request: AskRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    const budget = new Budget(this.budgetMs, signal);
    const report: LlmReport = { model: this.model.model, composed: false, elapsedMs: 0 };
    const done = () => ({ ...report, elapsedMs: budget.elapsedMs() });
    let prepared: Prepared;
    try {
      prepared = await this.prepare(request, budget, report);
    } catch (error) {
      console.error('LLM pipeline failed; serving the deterministic answer', error);
      report.rejected = 'unexpected';
      yield* streamWhole(await this.host.askOffline(request, done()));
      return;
    }
    const { understanding, plan, offline } = prepared;
    if (!composable(plan)) {
      yield* streamWhole(this.host.respond(plan, understanding, offline, 'offline', done()));
      return;
    }

    let evidence: Evidence;
    let messages: ChatMessage[];
    try {
      evidence = this.evidence(prepared);
      messages = compositionMessages(request.question, request.history, evidence);
    } catch (error) {
      console.error('LLM pipeline failed; serving the deterministic answer', error);
      report.rejected = 'unexpected';
      yield* streamWhole(this.host.respond(plan, understanding, offline, 'offline', done()));
      return;
    }
    report.composed = true;

    // Stream the model's text, sentence by sentence, each verified before it is sent.
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
      stream: for await (const delta of this.model.stream({ messages, ...budget.call() })) {
        received += delta;
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
      const answer = emitted.join('');
      yield done_(this.host.respond(plan, understanding, { answer, citations: evidence.citations, verification: verificationOf([], answer, evidence.citations.length) }, 'llm', done()));
      return;
    }
    if (problems) logRejection(problems, received);
    else if (!isLlmError(error)) console.error('LLM stream failed', error);

    if (emitted.length === 0) {
      // Nothing shown yet: the one repair attempt (not streamed: it is verified whole), or the deterministic answer.
      let answer: string | undefined;
      if (problems) answer = await this.repair(messages, received, problems, evidence, budget, report);
      else report.rejected = reasonOf(error);
      if (answer !== undefined) {
        yield* streamWhole(this.host.respond(plan, understanding, { answer, citations: evidence.citations, verification: verificationOf([], answer, evidence.citations.length) }, 'llm', done()));
      } else {
        yield* streamWhole(this.host.respond(plan, understanding, offline, 'offline', done()));
      }
      return;
    }

    // Verified sentences are already out and cannot be taken back: the deterministic answer follows them.
    const why = problems ? problemCodes(problems) : reasonOf(error);
    report.rejected = `${why} after ${emitted.length} verified sentence${emitted.length === 1 ? '' : 's'}; the deterministic answer follows them`;
    const separator = '\n\n';
    yield { type: 'delta', text: separator };
    for (const text of splitSentences(offline.answer)) yield { type: 'delta', text };
    const answer = `${emitted.join('')}${separator}${offline.answer}`;
    yield done_(
      this.host.respond(plan, understanding, { answer, citations: evidence.citations, verification: { ...offline.verification, ok: offline.verification.ok } }, 'offline', done()),
    );
  }

  /** Understanding (deterministic, merged with the model's when it answers in time), plan and the deterministic answer. */
  private async prepare(request: AskRequest, budget: Budget, report: LlmReport): Promise<Prepared> {
    let understanding = this.host.understand(request);
    if (!understanding.outOfScope) {
      try {
        const reading = await understandWithModel(this.model, request, this.host.ruleSet, budget, Math.ceil(budget.totalMs * UNDERSTANDING_SHARE));
        const userTexts = [...(request.history ?? []).filter((turn) => turn.role === 'user').map((turn) => turn.content), request.question];
        const merged = mergeUnderstanding(understanding, reading, { ruleSet: this.host.ruleSet, lexicon: this.host.lexicon, glossary: this.host.glossary, userTexts });
        understanding = merged.understanding;
        report.understood = merged.added;
      } catch (error) {
        if (!isLlmError(error)) console.error('LLM understanding failed', error);
        report.understandingError = reasonOf(error);
      }
    }
    const plan = await this.host.planFor(request, understanding);
    return { understanding, plan, offline: this.host.offlineAnswer(plan, understanding) };
  }

  private evidence({ plan, understanding, offline }: Prepared): Evidence {
    return buildEvidence({ plan, understanding, offline, ruleSet: this.host.ruleSet, lexicon: this.host.lexicon });
  }

  /** The model's answer, verified (repaired once if needed), or undefined with `report.rejected` set. */
  private async compose(messages: ChatMessage[], evidence: Evidence, budget: Budget, report: LlmReport): Promise<string | undefined> {
    let first: string;
    try {
      first = (await this.model.complete({ messages, ...budget.call() })).content.trim();
    } catch (error) {
      if (!isLlmError(error)) console.error('LLM composition failed', error);
      report.rejected = reasonOf(error);
      return undefined;
    }
    const problems = evidence.checker.checkAnswer(first);
    if (problems.length === 0) return first;
    logRejection(problems, first);
    return this.repair(messages, first, problems, evidence, budget, report);
  }

  private async repair(messages: ChatMessage[], rejected: string, problems: Problem[], evidence: Evidence, budget: Budget, report: LlmReport): Promise<string | undefined> {
    const codes = problemCodes(problems);
    try {
      const second = (await this.model.complete({ messages: repairMessages(messages, rejected, problems, evidence.language), ...budget.call() })).content.trim();
      const again = evidence.checker.checkAnswer(second);
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
}

/** Only answers with facts are worded by the model; needs_info and out_of_scope stay deterministic. */
function composable(plan: AnswerPlan): boolean {
  return plan.status === 'answered' && plan.facts.some((fact) => fact.kind !== 'period');
}

function done_(response: AskResponse): StreamEvent {
  return { type: 'done', response };
}

function* streamWhole(response: AskResponse): Generator<StreamEvent> {
  for (const text of splitSentences(response.answer)) yield { type: 'delta', text };
  yield done_(response);
}

function logRejection(problems: readonly Problem[], text: string): void {
  console.warn(`LLM answer rejected: ${problems.map((problem) => `${problem.code}: ${problem.detail}`).join('; ')} — ${JSON.stringify(text.slice(0, 200))}`);
}
