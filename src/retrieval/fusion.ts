/** One fused result: its score and its 1-based rank in each list that had it. */
export interface FusedResult<Source extends string> {
  id: string;
  score: number;
  ranks: Partial<Record<Source, number>>;
}

/**
 * Reciprocal-rank fusion (Cormack et al. 2009): score = Σ weight / (k + rank) over the lists
 * that contain the id. It needs no score calibration between BM25 and cosine distance, and
 * k = 60 keeps one list's top hit from drowning agreement between lists. Ids repeated within
 * a list count at their best rank only. Best first; ties broken by id for stable output.
 */
export function reciprocalRankFusion<Source extends string>(
  lists: Readonly<Record<Source, readonly string[]>>,
  options: { k?: number; weights?: Partial<Record<Source, number>> } = {},
): FusedResult<Source>[] {
  const k = options.k ?? 60;
  const fused = new Map<string, FusedResult<Source>>();
  for (const source of Object.keys(lists) as Source[]) {
    const weight = options.weights?.[source] ?? 1;
    lists[source].forEach((id, index) => {
      const entry: FusedResult<Source> = fused.get(id) ?? { id, score: 0, ranks: {} };
      if (entry.ranks[source] !== undefined) return;
      entry.ranks[source] = index + 1;
      entry.score += weight / (k + index + 1);
      fused.set(id, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
