import { readFileSync } from 'node:fs';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { AskResponse } from '../answer/pipeline.js';
import { HISTORY_BUDGET_CHARS, MAX_HISTORY_TURNS, MAX_QUESTION_LENGTH, newestHistory } from '../answer/limits.js';
import { ApiError } from '../api/errors.js';
import { findPlan, planLanguage, planProfile } from '../api/plan-param.js';
import { checkFigures, eligibilityFor, targetsFor } from '../api/queries.js';
import { figureCheckSchema, historyTurnSchema, languageSchema, MAX_CHECK_FIGURES, planIdSchema } from '../api/schemas.js';
import { planView } from '../api/views.js';
import { answerWithFootnotes, withoutFootnotes } from '../documents/answer-text.js';
import { projectPath } from '../paths.js';
import { looseProfileSchema } from '../rules/profile.js';
import type { PlanService, PlanServices } from '../services.js';
import { pick } from '../text/languages.js';

/**
 * The assistant as an MCP server (the official SDK): tools to ask, check eligibility, list and
 * check targets and search the plan; resources for each plan's metadata, targets and verbatim
 * clauses. The same queries as the HTTP API; bad input comes back as a tool error naming the
 * field, never as a crash. Built per HTTP request (stateless) or once for a stdio session.
 */
export interface McpServerOptions {
  /** Each answer of the `ask` tool, as served (the HTTP route logs and counts it here). Default: as is. */
  onAnswer?: (response: AskResponse) => AskResponse;
  /** Aborted when the client goes away (the HTTP request's signal): ends the answer's LLM work. */
  signal?: AbortSignal;
}

/** MCP's code for a resource that is not there. */
const RESOURCE_NOT_FOUND = -32002;
/** Hits `search_plan` may return. */
export const MAX_SEARCH_RESULTS = 20;

let packageVersion: string | undefined;
function serverVersion(): string {
  packageVersion ??= (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
  return packageVersion;
}

/** A tool's result: the value as JSON text (for clients that read text) and as structured content. */
function jsonResult(value: object): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value as Record<string, unknown> };
}

/** Runs a tool; a client's mistake (ApiError, naming the field) or a server fault comes back as a tool error. */
async function tool(run: () => Promise<CallToolResult> | CallToolResult): Promise<CallToolResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError) return { content: [{ type: 'text', text: error.message }], isError: true };
    console.error('MCP tool failed', error);
    return { content: [{ type: 'text', text: 'server: the tool failed; the error is logged' }], isError: true };
  }
}

const decode = (value: string | string[] | undefined): string => {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

export function createMcpServer(services: PlanServices, options: McpServerOptions = {}): McpServer {
  const plans = services.all;
  const defaultPlan = services.default;
  const title = (service: PlanService) => pick(service.pack.meta.title, service.pack.meta.defaultLanguage);
  const server = new McpServer(
    { name: 'policy-assistant', title: pick(defaultPlan.pack.meta.title, 'en'), version: serverVersion() },
    {
      instructions: `Answers questions about ${plans.map((service) => `"${pick(service.pack.meta.title, 'en')}" (plan id ${service.id})`).join(', ')} only from the plan's own text: every fact comes from rule checks or verbatim quotes, each cited. Quote the citations when you pass an answer on; do not add facts of your own. Questions in Chinese are answered in Chinese, in English in English.`,
    },
  );

  // ---- the inputs, described from the packs ------------------------------------------------
  const planInput = planIdSchema.optional().describe(`The plan pack: ${plans.map((service) => `${service.id} (${title(service)})`).join(', ')}; default ${defaultPlan.id}`);
  const flags = (service: PlanService) => service.pack.profile.flags.map((flag) => `${flag.id} (${flag.description})`).join(', ');
  const profileInput = looseProfileSchema.describe(
    `The enterprise: industry (free text in Chinese or English, e.g. ${pick(defaultPlan.pack.profile.industry.examples, 'en').trim()}) and the plan's yes/no flags, each true, false or left out when not known. ${plans.map((service) => `Flags of ${service.id}: ${flags(service)}.`).join(' ')}`,
  );
  const langInput = languageSchema.optional();

  server.registerTool(
    'ask',
    {
      title: 'Ask the plan',
      description:
        'Answers a question about the plan in the language it is asked in (Chinese or English), with numbered citations quoting the plan verbatim. status "needs_info" means the answer depends on a fact about the enterprise: ask the user and call again with the reply (pass earlier turns as history). status "out_of_scope": the plan does not cover it.',
      inputSchema: {
        question: z.string().min(1).max(MAX_QUESTION_LENGTH).describe('The question, as the user asked it'),
        history: z.array(historyTurnSchema).max(MAX_HISTORY_TURNS).optional().describe('Earlier turns of this conversation, oldest first (the answers as this tool gave them)'),
        profile: profileInput.optional(),
        plan: planInput,
      },
    },
    (input, extra) =>
      tool(async () => {
        if (!input.question.trim()) throw new ApiError(400, 'invalid_request', 'question: must not be empty', 'question');
        const service = findPlan(services, input.plan);
        // An agent may pass back the answers as this tool wrote them: their footnotes are not the conversation.
        const history = input.history?.map((turn) => (turn.role === 'assistant' ? { ...turn, content: withoutFootnotes(turn.content) } : turn));
        const request = { question: input.question, history: history ? newestHistory(history, HISTORY_BUDGET_CHARS) : undefined, profile: planProfile(service, input.profile) };
        const signal = options.signal ? AbortSignal.any([options.signal, extra.signal]) : extra.signal;
        const answered = await service.pipeline.ask(request, signal);
        const response = options.onAnswer ? options.onAnswer(answered) : answered;
        return { content: [{ type: 'text', text: answerWithFootnotes(response, 'markdown') }], structuredContent: response as unknown as Record<string, unknown> };
      }),
  );

  server.registerTool(
    'check_eligibility',
    {
      title: 'What applies to an enterprise',
      description:
        'The plan\'s requirements and support measures that apply to an enterprise profile, each with why it applies (the rule conditions met) and verbatim citations; `missing` lists profile facts that would change the result, `wouldApplyIf` what would then apply.',
      inputSchema: { profile: profileInput, plan: planInput, lang: langInput },
      annotations: { readOnlyHint: true },
    },
    (input) =>
      tool(async () => {
        const service = findPlan(services, input.plan);
        return jsonResult(await eligibilityFor(service, input.profile, planLanguage(service, input.lang)));
      }),
  );

  server.registerTool(
    'list_targets',
    {
      title: 'The plan\'s quantified targets',
      description: 'The plan\'s quantified targets (with their baseline where the plan gives one), each cited verbatim; filter by industry (a name or id) or kind.',
      inputSchema: {
        industry: z.string().min(1).max(100).optional().describe('Only targets for this industry (a name in Chinese or English, or an id)'),
        kind: z.string().min(1).max(60).optional().describe(`Only targets of this kind; ${plans.map((service) => `${service.id}: ${[...new Set(service.ruleSet.targets.map((target) => target.kind))].join(', ')}`).join('; ')}`),
        plan: planInput,
        lang: langInput,
      },
      annotations: { readOnlyHint: true },
    },
    (input) =>
      tool(() => {
        const service = findPlan(services, input.plan);
        return jsonResult(targetsFor(service, input, planLanguage(service, input.lang)));
      }),
  );

  server.registerTool(
    'check_targets',
    {
      title: 'Check figures against the targets',
      description: 'Checks reported figures against the plan\'s targets: met or not, and by how much (percentage points for %). Give each figure a targetId (see list_targets) or an indicator (checks every target of it).',
      inputSchema: { figures: z.array(figureCheckSchema).min(1).max(MAX_CHECK_FIGURES), plan: planInput, lang: langInput },
      annotations: { readOnlyHint: true },
    },
    (input) =>
      tool(() => {
        const service = findPlan(services, input.plan);
        return jsonResult(checkFigures(service, input.figures, planLanguage(service, input.lang)));
      }),
  );

  server.registerTool(
    'search_plan',
    {
      title: 'Search the plan\'s text',
      description: 'The plan\'s clauses that best match a query (Chinese or English), best first, each with its id, section label, verbatim text and resource URI.',
      inputSchema: {
        query: z.string().min(1).max(MAX_QUESTION_LENGTH),
        limit: z.number().int().min(1).max(MAX_SEARCH_RESULTS).optional().describe('Most clauses to return; default 5'),
        plan: planInput,
        lang: langInput.describe('Language of the section labels; default: the plan\'s'),
      },
      annotations: { readOnlyHint: true },
    },
    (input) =>
      tool(async () => {
        const service = findPlan(services, input.plan);
        const language = planLanguage(service, input.lang);
        const hits = await service.retriever.search(input.query, { limit: input.limit ?? 5 });
        const clauses = hits.map((hit) => {
          const label = service.pack.corpus.label(hit.id, language);
          return { id: hit.id, kind: hit.kind, ...(label ? { section: label } : {}), text: hit.text, uri: `plan://${service.id}/clauses/${hit.id}` };
        });
        return jsonResult({ clauses, plan: service.id, version: service.pack.version });
      }),
  );

  // ---- resources ---------------------------------------------------------------------------
  const resourcePlan = (value: string | string[] | undefined): PlanService => {
    const id = decode(value);
    const service = services.get(id);
    if (!service) throw new McpError(RESOURCE_NOT_FOUND, `plan: no plan pack "${id.slice(0, 100)}"`);
    return service;
  };
  const completePlan = (value: string) => plans.map((service) => service.id).filter((id) => id.startsWith(value));

  server.registerResource(
    'plan',
    new ResourceTemplate('plan://{plan}', {
      list: () => ({ resources: plans.map((service) => ({ uri: `plan://${service.id}`, name: service.id, title: title(service), mimeType: 'application/json' })) }),
      complete: { plan: completePlan },
    }),
    { title: 'A plan pack', description: 'The plan\'s metadata: titles, period, issuer, its profile questions, industries and target kinds', mimeType: 'application/json' },
    (uri, variables) => {
      const service = resourcePlan(variables.plan);
      const view = planView(service.pack, service.ruleSet, service.pack.meta.defaultLanguage, service === defaultPlan);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(view) }] };
    },
  );

  server.registerResource(
    'targets',
    new ResourceTemplate('plan://{plan}/targets', {
      list: () => ({ resources: plans.map((service) => ({ uri: `plan://${service.id}/targets`, name: `${service.id}/targets`, title: `${title(service)}: targets`, mimeType: 'application/json' })) }),
      complete: { plan: completePlan },
    }),
    { title: 'A plan\'s targets', description: 'Every quantified target of the plan, each cited verbatim (in the plan\'s language; list_targets takes lang)', mimeType: 'application/json' },
    (uri, variables) => {
      const service = resourcePlan(variables.plan);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(targetsFor(service, {}, service.pack.meta.defaultLanguage)) }] };
    },
  );

  server.registerResource(
    'clause',
    new ResourceTemplate('plan://{plan}/clauses/{id}', {
      list: () => ({
        resources: plans.flatMap((service) =>
          service.pack.corpus.clauses.map((clause) => ({
            uri: `plan://${service.id}/clauses/${clause.id}`,
            name: `${service.id}/${clause.id}`,
            title: service.pack.corpus.label(clause.id, service.pack.meta.defaultLanguage) ?? clause.id,
            mimeType: 'text/plain',
          })),
        ),
      }),
      complete: { plan: completePlan },
    }),
    { title: 'A clause of a plan', description: 'One clause of the plan, verbatim', mimeType: 'text/plain' },
    (uri, variables) => {
      const service = resourcePlan(variables.plan);
      const id = decode(variables.id);
      const clause = service.pack.corpus.get(id);
      if (!clause) throw new McpError(RESOURCE_NOT_FOUND, `id: plan ${service.id} has no clause "${id.slice(0, 100)}"`);
      return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: clause.text }] };
    },
  );

  return server;
}
