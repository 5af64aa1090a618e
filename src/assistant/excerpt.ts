import { sentences } from '../corpus/text.js';

function bigrams(text: string): Set<string> {
  const chars = [...text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}]/gu, '')];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 1) grams.add(chars[i]! + chars[i + 1]!);
  return grams;
}

/**
 * The run of consecutive sentences of a clause that shares the most character bigrams with
 * the query, at most `maxLength` characters (one sentence at least): a verbatim excerpt.
 */
export function bestExcerpt(clauseText: string, query: string, maxLength = 160): string {
  const parts = sentences(clauseText);
  if (parts.length <= 1 || clauseText.length <= maxLength) return clauseText;
  const wanted = bigrams(query);
  // "什么是X" / "what is X" is answered by the sentence that says "X是…".
  const definitional = /什么是|是什么|何为|what (?:is|are|does)|define|meaning/iu.test(query);
  const score = (sentence: string) =>
    [...bigrams(sentence)].filter((gram) => wanted.has(gram)).length + (definitional && /^[^，。；]{2,10}是/u.test(sentence) ? 3 : 0);
  let best = { start: 0, end: 1, score: -1 };
  for (let start = 0; start < parts.length; start += 1) {
    let length = 0;
    let total = 0;
    for (let end = start; end < parts.length; end += 1) {
      length += parts[end]!.length;
      if (end > start && length > maxLength) break;
      total += score(parts[end]!);
      if (total > best.score) best = { start, end: end + 1, score: total };
    }
  }
  return parts.slice(best.start, best.end).join('');
}
