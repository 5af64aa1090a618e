import { splitSentences } from '../../text/sentences.js';
import type { HistoryTurn } from '../types.js';

/**
 * The size of what the model is sent, bounded whatever the client sends: earlier turns are cut
 * to a few hundred characters each and a total, with repeated sentences (a figure said over and
 * over) kept once; quotes are shortened, then dropped from the end, until the evidence fits.
 * Fact lines are never dropped: they are what the answer is checked against.
 */
export interface PromptBudget {
  /** Characters of one earlier turn. Default 400. */
  turnChars: number;
  /** Characters of all earlier turns together. Default 1,200. */
  historyChars: number;
  /** Characters of the numbered facts and quotes together. Default 6,000. */
  evidenceChars: number;
}

export const DEFAULT_PROMPT_BUDGET: PromptBudget = { turnChars: 400, historyChars: 1200, evidenceChars: 6000 };

/** Shortest a quote is cut to before quotes are dropped. */
const MIN_QUOTE_CHARS = 80;

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** A turn with whitespace collapsed, each sentence once (of `seen`, shared across turns), cut to `max`. */
export function condenseTurn(text: string, max: number, seen = new Set<string>()): string {
  const kept: string[] = [];
  for (const sentence of splitSentences(text.replace(/\s+/gu, ' ').trim())) {
    const key = sentence.trim().toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    kept.push(sentence.trim());
  }
  return cut(kept.join(' '), max);
}

/** The last `count` user turns, condensed, newest kept first when the total is over budget; in order. */
export function earlierUserTurns(history: readonly HistoryTurn[] | undefined, count: number, budget: PromptBudget = DEFAULT_PROMPT_BUDGET): string[] {
  const turns = (history ?? []).filter((turn) => turn.role === 'user').slice(-count);
  const seen = new Set<string>();
  const kept: string[] = [];
  let left = budget.historyChars;
  for (const turn of [...turns].reverse()) {
    if (left <= 0) break;
    const text = condenseTurn(turn.content, Math.min(budget.turnChars, left), seen);
    if (!text) continue;
    kept.unshift(text);
    left -= [...text].length;
  }
  return kept;
}

/** Fact lines (each once) and quote lines fitted into `evidenceChars`: quotes shortened, then the last ones dropped. */
export function fitEvidence(factLines: readonly string[], quoteLines: readonly string[], budget: PromptBudget = DEFAULT_PROMPT_BUDGET): { factLines: string[]; quoteLines: string[] } {
  const facts = [...new Set(factLines)];
  const size = (lines: readonly string[]) => lines.reduce((sum, line) => sum + [...line].length + 1, 0);
  let quotes = [...quoteLines];
  const room = budget.evidenceChars - size(facts);
  for (let max = 300; size(quotes) > room && max >= MIN_QUOTE_CHARS; max = Math.floor(max * 0.7)) quotes = quotes.map((line) => cut(line, max));
  while (quotes.length && size(quotes) > room) quotes = quotes.slice(0, -1);
  return { factLines: facts, quoteLines: quotes };
}
