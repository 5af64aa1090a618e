import { tryGetContext } from 'hono/context-storage';

/** A part of an answer served by a fallback: `search` when the index was broken and memory searched. */
export type DegradedPart = 'search';

/** The context variable the notes live in (declared in the app's Env too). */
export interface NotesEnv {
  Variables: { degraded?: Set<DegradedPart> };
}

/**
 * Notes on the request being handled in this async context (if any: hono's context storage)
 * that part of its answer came from a fallback. Lets a deep module say so without every
 * caller in between passing it along.
 */
export function noteDegraded(part: DegradedPart): void {
  const c = tryGetContext<NotesEnv>();
  if (!c) return;
  const parts = c.get('degraded') ?? new Set<DegradedPart>();
  parts.add(part);
  c.set('degraded', parts);
}
