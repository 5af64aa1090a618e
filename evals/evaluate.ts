import type { PlanCorpus } from '../src/plan/corpus.js';
import { citationMarkers, FIGURE, hasFact, isVerbatim, normalizeText, scriptLanguage } from './match.js';
import { answerVerdict, cadences } from './verdict.js';
import type { EvalCase } from './schema.js';

/** The parts of a /v1/ask response the evals read. */
export interface AskResponse {
  status?: unknown;
  answer?: unknown;
  citations?: unknown;
  facts?: unknown;
  language?: unknown;
  needs?: unknown;
  mode?: unknown;
}

interface Citation {
  id: string;
  quote: string;
}

const short = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max)}…` : text);

function asCitations(value: unknown): Citation[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((entry) => ({
    id: typeof entry?.id === 'string' ? entry.id : '',
    quote: typeof entry?.quote === 'string' ? entry.quote : '',
  }));
}

/**
 * Does a fact carry key = value? Kinds are matched loosely: `kind: "audit"` also matches
 * an eligibility item returned as `{ kind: "item", itemKind: "audit" }`.
 */
function factHas(fact: object, key: string, value: unknown): boolean {
  const record = fact as Record<string, unknown>;
  if (record[key] === value) return true;
  return key === 'kind' && record.itemKind === value;
}

/**
 * What is wrong with one /v1/ask response to a case: the case's expectations, and the
 * checks every answer must pass (HTTP 200, citations that quote the plan verbatim,
 * [n] markers that point at a citation, the question's language, and nothing stated
 * as fact when out of scope). An empty list means the case passed.
 */
export function evaluateResponse(testCase: EvalCase, httpStatus: number, body: unknown, corpus: PlanCorpus): string[] {
  const failures: string[] = [];
  if (httpStatus !== 200) return [`HTTP ${httpStatus}: ${short(JSON.stringify(body) ?? '', 200)}`];
  if (!body || typeof body !== 'object') return ['the response is not a JSON object'];
  const response = body as AskResponse;
  const answer = typeof response.answer === 'string' ? response.answer : undefined;
  if (answer === undefined) return ['no answer string in the response'];
  const citations = asCitations(response.citations);
  const facts = Array.isArray(response.facts) ? (response.facts as unknown[]) : undefined;
  const status = response.status;
  const expect = testCase.expect;

  // --- every answer --------------------------------------------------------------------
  if (!citations) failures.push('no citations array');
  if (!facts) failures.push('no facts array');
  if (response.language !== testCase.language) failures.push(`language is ${JSON.stringify(response.language)}, the question is ${testCase.language}`);
  const written = scriptLanguage(answer);
  if (written !== 'unknown' && written !== testCase.language) failures.push(`the answer is written in ${written}, the question is ${testCase.language}`);
  for (const [index, citation] of (citations ?? []).entries()) {
    const clause = corpus.get(citation.id);
    if (!clause) failures.push(`citation [${index + 1}] cites "${citation.id}", which is no clause of the plan`);
    else if (!isVerbatim(citation.quote, clause.text)) failures.push(`citation [${index + 1}] (${citation.id}) does not quote the plan verbatim: "${short(citation.quote)}"`);
  }
  const markers = citationMarkers(answer);
  for (const marker of new Set(markers)) {
    if (marker < 1 || marker > (citations?.length ?? 0)) failures.push(`marker [${marker}] points at no citation (${citations?.length ?? 0} given)`);
  }
  if (status === 'answered') {
    if (!citations?.length) failures.push('answered without a citation');
    else if (markers.length === 0) failures.push('answered without a [n] citation marker');
  }
  if (status === 'out_of_scope') {
    if (facts?.length) failures.push(`out_of_scope but states ${facts.length} fact(s)`);
    const figure = answer.match(FIGURE);
    if (figure) failures.push(`out_of_scope but the answer states a figure: "${figure[0]}"`);
  }

  // --- the case's expectations -----------------------------------------------------------
  const allowed = [expect.status].flat();
  if (!allowed.includes(status as never)) failures.push(`status is ${JSON.stringify(status)}, expected ${allowed.join(' or ')}`);
  for (const fact of expect.answerIncludesAll) {
    if (!hasFact(answer, fact)) failures.push(`answer lacks "${fact}"`);
  }
  if (expect.answerIncludesAny.length && !expect.answerIncludesAny.some((fact) => hasFact(answer, fact))) {
    failures.push(`answer has none of ${expect.answerIncludesAny.map((fact) => `"${fact}"`).join(', ')}`);
  }
  for (const group of expect.answerIncludesOneOfEach) {
    if (!group.some((fact) => hasFact(answer, fact))) failures.push(`answer has none of ${group.map((fact) => `"${fact}"`).join(', ')}`);
  }
  for (const fact of expect.answerExcludes) {
    if (hasFact(answer, fact)) failures.push(`answer states "${fact}", which it must not`);
  }
  if (expect.citesAny.length) {
    const cited = (citations ?? []).map((citation) => citation.id);
    // A heading expected stands for its section: a passage of that section cites it (answers never cite a heading alone).
    const inSection = (heading: string) => corpus.get(heading)?.kind === 'heading' && cited.some((id) => { const section = corpus.get(id)?.section; return section === heading || Boolean(section?.startsWith(`${heading}.`)); });
    if (!expect.citesAny.some((id) => cited.includes(id) || inSection(id))) {
      failures.push(`cites none of ${expect.citesAny.join(', ')} (cites ${cited.join(', ') || 'nothing'})`);
    }
  }
  if (expect.needsAll.length) {
    const needs = Array.isArray(response.needs) ? response.needs : [];
    const missing = expect.needsAll.filter((field) => !needs.includes(field));
    if (missing.length) failures.push(`needs lacks ${missing.join(', ')} (needs ${JSON.stringify(response.needs ?? null)})`);
  }
  // A duration the case expects ("two years") is contradicted by a different cadence ("every three years").
  for (const fact of [...expect.answerIncludesAll, ...expect.answerIncludesAny]) {
    const duration = /^(\d+)\s*(?:年|years?)$/u.exec(normalizeText(fact));
    if (!duration) continue;
    const other = cadences(answer).find((value) => value !== Number(duration[1]));
    if (other !== undefined) failures.push(`answer states a cadence of ${other} year(s), not "${fact}"`);
  }
  const checks = (facts ?? []).filter((fact): fact is { kind: string; check: CheckFact } => isCheckFact(fact));
  if (expect.verdict) {
    const structured = checks.length === 0 ? 'none' : checks.every((fact) => fact.check.met) ? 'met' : checks.every((fact) => !fact.check.met) ? 'not_met' : 'mixed';
    if (structured !== expect.verdict) failures.push(`the checks say ${structured}, expected ${expect.verdict}`);
    const written = answerVerdict(answer);
    if (written !== expect.verdict) failures.push(`the answer's words say ${written}, expected ${expect.verdict}`);
  }
  if (expect.reported) {
    const wanted = toBase(expect.reported.value, expect.reported.unit);
    const read = checks.map((fact) => toBase(fact.check.reported.value, fact.check.reported.unit));
    const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.01, Math.abs(b) * 1e-3);
    if (!read.some((value) => wanted && value && value.family === wanted.family && close(value.value, wanted.value))) {
      failures.push(`the reported figure was read as ${checks.map((fact) => `${fact.check.reported.value}${fact.check.reported.unit}`).join(', ') || 'nothing'}, expected ${expect.reported.value}${expect.reported.unit}`);
    }
  }
  if (expect.confirmed !== undefined) {
    const claims = (facts ?? []).filter((fact) => fact && typeof fact === 'object' && (fact as { kind?: unknown }).kind === 'claim') as Array<{ confirmed?: boolean }>;
    const confirmed = claims.length ? claims.some((fact) => fact.confirmed === true) : /^(?:是的|对|没错|正确|yes\b|correct\b|that(?:'|’)s right)/iu.test(answer.trim());
    if (confirmed !== expect.confirmed) failures.push(`the answer ${confirmed ? 'confirms' : 'does not confirm'} the claim, expected it ${expect.confirmed ? 'to confirm' : 'to correct'} it`);
  }
  for (const wanted of expect.factIncludes) {
    const found = (facts ?? []).some((fact) => fact && typeof fact === 'object' && Object.entries(wanted).every(([key, value]) => factHas(fact, key, value)));
    if (!found) failures.push(`no fact with ${JSON.stringify(wanted)}`);
  }
  return failures;
}

interface CheckFact {
  met: boolean;
  reported: { value: number; unit: string };
}

function isCheckFact(fact: unknown): boolean {
  const check = (fact as { check?: { met?: unknown; reported?: { value?: unknown } } } | null)?.check;
  return typeof check?.met === 'boolean' && typeof check.reported?.value === 'number';
}

const UNIT_BASE: Record<string, { family: string; factor: number }> = {
  '%': { family: 'percent', factor: 1 },
  吨: { family: 'mass', factor: 1 },
  '吨/年': { family: 'mass', factor: 1 },
  万吨: { family: 'mass', factor: 10_000 },
  '万吨/年': { family: 'mass', factor: 10_000 },
  家: { family: 'count', factor: 1 },
};

function toBase(value: number, unit: string): { family: string; value: number } | undefined {
  const base = UNIT_BASE[unit];
  return base ? { family: base.family, value: value * base.factor } : undefined;
}
