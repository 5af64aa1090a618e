import type { Language } from '../language.js';
import type { ChatModel } from '../llm/index.js';
import { labelCitations, type Citation } from '../rules/citations.js';
import type { Profile, ProfileField } from '../rules/profile.js';
import type { RuleSet } from '../rules/rule-set.js';
import { CitationList, composeOffline } from './compose-offline.js';
import type { AnswerPlan, Fact, Status } from './facts.js';
import { GlossaryMatcher } from './glossary-matcher.js';
import type { Lexicon } from './lexicon.js';
import { planAnswer, type RetrievedClause } from './plan.js';
import type { AskRequest } from './schema.js';
import { LlmPipeline, type LlmReport, type OfflineAnswer, type PipelineHost } from './llm/pipeline.js';
import { Understander, type Intent, type Understanding } from './understand.js';
import { evidenceOf, verifyAnswer, type Verification } from './verify.js';

/** Retrieval as the assistant needs it (the LanceDB retriever fits). */
export interface Searcher {
  search(query: string, options?: { limit?: number }): Promise<Array<{ id: string; text: string; section: string; kind: string }>>;
}

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

export interface AskResponse {
  status: Status;
  answer: string;
  citations: Citation[];
  facts: FactView[];
  mode: 'offline' | 'llm';
  language: Language;
  intent: Intent;
  needs?: ProfileField[];
  profile: Profile;
  verification: Pick<Verification, 'ok' | 'unsupportedNumbers' | 'badMarkers'>;
  version: string;
  /** With a model configured: what it did, and why its answer was rejected when it was. */
  llm?: LlmReport;
}

export type StreamEvent = { type: 'delta'; text: string } | { type: 'done'; response: AskResponse };

export interface AssistantOptions {
  ruleSet: RuleSet;
  searcher: Searcher;
  lexicon: Lexicon;
  /** Clauses retrieved per question. Default 5. */
  retrievalLimit?: number;
  /** The model that may read questions and word answers (LLM mode); offline without it. */
  chatModel?: ChatModel;
  /** Budget for all LLM work of one answer (`LLM_TIMEOUT_MS`). Default 12,000. */
  llmTimeoutMs?: number;
}

function factView(fact: Fact, language: Language): FactView {
  return {
    id: fact.id,
    // An item's kind is what it is (audit, technology, incentive…); other facts say what they are.
    kind: fact.kind === 'item' && fact.itemKind ? fact.itemKind : fact.kind,
    title: fact.title[language],
    text: fact.text[language],
    citations: fact.citations.map((citation) => citation.id),
    ...(fact.details?.length
      ? { targets: fact.details.map((detail) => ({ id: detail.id, text: detail.text[language], citations: detail.citations.map((citation) => citation.id) })) }
      : {}),
    ...(fact.check ? { check: fact.check } : {}),
    ...(fact.confirmed !== undefined ? { confirmed: fact.confirmed } : {}),
  };
}

/** Splits an answer into the pieces a stream sends: lines, then sentences within long lines. */
export function answerPieces(answer: string): string[] {
  return answer.match(/[^\n。；.!?！？]*(?:[。；!?！？]|\.(?!\d)|\n|$)/gu)?.filter((piece) => piece.length > 0) ?? [answer];
}

/** The plainest answer: each fact's own text with its citation markers, nothing else. */
function factsOnly(plan: AnswerPlan, language: Language): { answer: string; citations: Citation[] } {
  const list = new CitationList();
  const lines = plan.facts.map((fact) => `${fact.text[language]}${list.marker(fact.citations)}`);
  return { answer: lines.join('\n'), citations: list.items };
}

/**
 * The answer pipeline: understand → rules → retrieve → decide → compose → verify.
 * Offline composition is deterministic; verification runs on every answer.
 */
export class Assistant implements PipelineHost {
  private readonly understander: Understander;
  readonly glossary: GlossaryMatcher;
  private readonly llm: LlmPipeline | undefined;

  constructor(private readonly options: AssistantOptions) {
    const { ruleSet, lexicon } = options;
    this.glossary = new GlossaryMatcher(ruleSet.glossary);
    this.understander = new Understander(ruleSet, lexicon, this.glossary);
    this.llm = options.chatModel ? new LlmPipeline(this, options.chatModel, options.llmTimeoutMs ?? 12_000) : undefined;
  }

  get ruleSet(): RuleSet {
    return this.options.ruleSet;
  }

  get lexicon(): Lexicon {
    return this.options.lexicon;
  }

  understand(request: AskRequest): Understanding {
    return this.understander.understand(request);
  }

  /**
   * What retrieval is asked: the question, widened with the groups its industry belongs to
   * (电镀 → 重金属污染防控行业), since the plan states most duties per group, not per industry.
   */
  retrievalQuery(understanding: Understanding): string {
    const { catalog } = this.options.ruleSet;
    const text = understanding.searchText;
    // The plan's own words for what the question wrote another way ("规上" → 规模以上).
    const terms = understanding.terms.map((term) => term.entry.zh).filter((zh) => !text.includes(zh));
    // "What target is there for us?" is about the industry given earlier in the conversation.
    const profileIndustry = understanding.industries.length === 0 && understanding.profile.industry ? catalog.resolve(understanding.profile.industry) : undefined;
    const widened = [text, ...terms, ...(profileIndustry ? [profileIndustry.name.zh] : [])];
    // Audits and training are set per group; technologies and targets per industry.
    if (!understanding.topics.some((topic) => topic === 'audit' || topic === 'training')) return widened.join(' ');
    // "Which industries must …?": the groups are the answer's subject.
    if (understanding.intent === 'list') {
      return [...widened, ...catalog.groups.filter((group) => group.includes.length === 0).map((group) => group.name.zh)].join(' ');
    }
    const industryIds = new Set([...understanding.industries.map((industry) => industry.id), ...(understanding.profile.industry ? [understanding.profile.industry] : [])]);
    const groupNames = [...industryIds].flatMap((id) => {
      const industry = catalog.resolve(id);
      if (!industry) return [];
      const groups = catalog.groupsOf(industry.id).map((groupId) => catalog.groups.find((group) => group.id === groupId)!);
      return groups.filter((group) => group.includes.length === 0).map((group) => group.name.zh);
    });
    return [...widened, ...new Set(groupNames)].join(' ');
  }

  /** The clauses retrieval finds for a request, best first (headings left out). */
  async retrieve(request: AskRequest, understanding = this.understand(request)): Promise<RetrievedClause[]> {
    if (understanding.outOfScope) return [];
    const hits = await this.options.searcher.search(this.retrievalQuery(understanding), { limit: this.options.retrievalLimit ?? 5 });
    return hits.filter((hit) => hit.kind !== 'heading');
  }

  async plan(request: AskRequest, understanding = this.understand(request)): Promise<{ understanding: Understanding; plan: AnswerPlan; retrieved: RetrievedClause[] }> {
    const retrieved = await this.retrieve(request, understanding);
    const plan = await planAnswer(understanding, this.options.ruleSet, retrieved, this.options.lexicon);
    return { understanding, plan, retrieved };
  }

  async planFor(request: AskRequest, understanding: Understanding): Promise<AnswerPlan> {
    return (await this.plan(request, understanding)).plan;
  }

  /** Answers a question: with the model when one is configured (verified, else the deterministic answer), else offline. */
  async ask(request: AskRequest, signal?: AbortSignal): Promise<AskResponse> {
    return this.llm ? this.llm.ask(request, signal) : this.askOffline(request);
  }

  /** The deterministic pipeline, start to end. */
  async askOffline(request: AskRequest, llm?: LlmReport): Promise<AskResponse> {
    const { understanding, plan } = await this.plan(request);
    return this.respond(plan, understanding, this.offlineAnswer(plan, understanding), 'offline', llm);
  }

  /** The deterministic wording of a plan, verified. */
  offlineAnswer(plan: AnswerPlan, understanding: Understanding): OfflineAnswer {
    let { answer, citations } = composeOffline(plan, understanding, this.options.ruleSet, this.glossary);
    let verification = verifyAnswer(answer, citations, evidenceOf(plan.facts, citations));
    if (!verification.ok) {
      // A template bug, never the user's doing: log it, and serve the facts in their own words.
      console.error('offline answer failed verification', verification, answer);
      ({ answer, citations } = factsOnly(plan, understanding.language));
      verification = verifyAnswer(answer, citations, evidenceOf(plan.facts, citations));
    }
    return { answer, citations, verification };
  }

  /** The answer as stream events: in LLM mode only verified sentences are sent (see LlmPipeline). */
  async *askStream(request: AskRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    if (this.llm) {
      yield* this.llm.askStream(request, signal);
      return;
    }
    const response = await this.askOffline(request);
    for (const text of answerPieces(response.answer)) yield { type: 'delta', text };
    yield { type: 'done', response };
  }

  respond(plan: AnswerPlan, understanding: Understanding, { answer, citations, verification }: OfflineAnswer, mode: AskResponse['mode'], llm?: LlmReport): AskResponse {
    const language = understanding.language;
    return {
      status: plan.status,
      answer,
      citations: labelCitations(citations, this.options.ruleSet.corpus, language),
      facts: plan.facts.map((fact) => factView(fact, language)),
      mode,
      language,
      intent: plan.intent,
      ...(plan.needs ? { needs: plan.needs } : {}),
      profile: plan.profile,
      verification: { ok: verification.ok, unsupportedNumbers: verification.unsupportedNumbers, badMarkers: verification.badMarkers },
      version: this.options.ruleSet.version,
      ...(llm ? { llm } : {}),
    };
  }
}
