/**
 * How long answers are, as a measured property: for answered cases, the distribution of
 * answer length (Chinese characters for zh answers, words for en answers) and of citations
 * per answer, split by how broad the question is. A question is broad when it asks what
 * applies without naming one kind of duty, or asks for a list; every other one is specific.
 */

import { answerLength, lengthBudget, type Breadth } from '../src/answer/length.js';

export interface LengthSample {
  language: 'zh' | 'en';
  breadth: Breadth;
  answer: string;
  citations: number;
}

export interface Distribution {
  n: number;
  p50: number;
  p90: number;
  max: number;
}

export interface LengthReport {
  /** `${breadth} ${language}` → answer length (zh characters or en words). */
  length: Record<string, Distribution>;
  /** `${breadth}` → citations per answer. */
  citations: Record<string, Distribution>;
}

/** Goals of the answers issue, p90 of each distribution: the languages' answer lengths, and six citations. */
export const LENGTH_GOALS: Record<string, number> = {
  'specific zh': lengthBudget('specific', 'zh'),
  'specific en': lengthBudget('specific', 'en'),
  'broad zh': lengthBudget('broad', 'zh'),
  'broad en': lengthBudget('broad', 'en'),
  specific: 6,
  broad: 6,
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), max: sorted.at(-1) ?? 0 };
}

export function lengthReport(samples: readonly LengthSample[]): LengthReport {
  const length: Record<string, Distribution> = {};
  const citations: Record<string, Distribution> = {};
  for (const breadth of ['specific', 'broad'] as const) {
    const ofBreadth = samples.filter((sample) => sample.breadth === breadth);
    if (ofBreadth.length) citations[breadth] = distribution(ofBreadth.map((sample) => sample.citations));
    for (const language of ['zh', 'en'] as const) {
      const values = ofBreadth.filter((sample) => sample.language === language).map((sample) => answerLength(sample.answer, language));
      if (values.length) length[`${breadth} ${language}`] = distribution(values);
    }
  }
  return { length, citations };
}

export function formatLengthReport(report: LengthReport): string {
  const row = (name: string, d: Distribution, unit: string) => {
    const goal = LENGTH_GOALS[name];
    return `  ${name.padEnd(12)} n=${String(d.n).padStart(3)}  p50 ${String(d.p50).padStart(4)}  p90 ${String(d.p90).padStart(4)}  max ${String(d.max).padStart(5)} ${unit}${goal === undefined ? '' : `  (goal p90 <= ${goal}${d.p90 <= goal ? ', met' : ', NOT met'})`}`;
  };
  const lines = ['answer length (answered cases; zh characters, en words):'];
  for (const [name, d] of Object.entries(report.length)) lines.push(row(name, d, name.endsWith('zh') ? 'chars' : 'words'));
  lines.push('citations per answer:');
  for (const [name, d] of Object.entries(report.citations)) lines.push(row(name, d, ''));
  return lines.join('\n');
}
