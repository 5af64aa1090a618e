/** The bounds on what a client may send with a question (documented in the README). */
export const MAX_QUESTION_LENGTH = 2000;
export const MAX_HISTORY_TURNS = 20;
export const MAX_TURN_LENGTH = 8000;
/** Of the history, only the newest turns that together fit in this many characters are read. */
export const HISTORY_BUDGET_CHARS = 12_000;

/** The newest turns whose contents together fit in `budget` characters, oldest first; older turns are dropped whole. */
export function newestHistory<Turn extends { content: string }>(turns: readonly Turn[], budget = HISTORY_BUDGET_CHARS): Turn[] {
  let used = 0;
  let first = turns.length;
  while (first > 0 && used + turns[first - 1]!.content.length <= budget) {
    first -= 1;
    used += turns[first]!.content.length;
  }
  return turns.slice(first);
}
