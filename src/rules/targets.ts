import type { Comparator, Localized, Target, Unit } from './schema.js';

/** A figure someone reports, to check against a target. */
export interface ReportedFigure {
  value: number;
  unit: Unit;
}

export interface TargetCheck {
  targetId: string;
  met: boolean;
  comparator: Comparator;
  target: { value: number; unit: Unit; year: number };
  reported: ReportedFigure;
  /** reported − target, in the target's unit (percentage points for %). */
  difference: number;
  summary: Localized;
}

export class TargetCheckError extends Error {
  override name = 'TargetCheckError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

type UnitFamily = 'percent' | 'mass' | 'count';
const UNITS: Record<Unit, { family: UnitFamily; factor: number }> = {
  '%': { family: 'percent', factor: 1 },
  吨: { family: 'mass', factor: 1 },
  '吨/年': { family: 'mass', factor: 1 },
  万吨: { family: 'mass', factor: 10_000 },
  '万吨/年': { family: 'mass', factor: 10_000 },
  家: { family: 'count', factor: 1 },
};

const COMPARATOR_WORDS: Record<Comparator, Localized> = {
  '>': { zh: '高于', en: 'above' },
  '>=': { zh: '不低于', en: 'at least' },
  '=': { zh: '等于', en: 'exactly' },
};

/** Rounds away float noise (50.1 − 50 = 0.1, not 0.10000000000000142). */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function formatFigure(value: number, unit: Unit): string {
  return `${round(value)}${unit}`;
}

/** Checks a reported figure against a target: met or not, and by how much. */
export function checkTarget(target: Target, reported: ReportedFigure): TargetCheck {
  const from = UNITS[reported.unit];
  const to = UNITS[target.target.unit];
  if (from.family !== to.family) {
    throw new TargetCheckError(`unit "${reported.unit}" cannot be compared with target ${target.id} in "${target.target.unit}"`, 'unit');
  }
  if (!Number.isFinite(reported.value)) throw new TargetCheckError('value must be a finite number', 'value');
  const value = round((reported.value * from.factor) / to.factor);
  const goal = target.target.value;
  const { comparator } = target.target;
  const met = comparator === '>' ? value > goal : comparator === '>=' ? value >= goal : value === goal;
  const difference = round(value - goal);
  const unit = target.target.unit;
  const gapZh = unit === '%' ? `${Math.abs(difference)}个百分点` : formatFigure(Math.abs(difference), unit);
  const gapEn = unit === '%' ? `${Math.abs(difference)} percentage points` : formatFigure(Math.abs(difference), unit);
  const goalText = `${COMPARATOR_WORDS[comparator].zh}${formatFigure(goal, unit)}`;
  const goalTextEn = `${COMPARATOR_WORDS[comparator].en} ${formatFigure(goal, unit)}`;
  const year = target.target.year;
  const zh = met
    ? `报告值${formatFigure(value, unit)}，${year}年目标为${goalText}：已达到${difference > 0 ? `（高出${gapZh}）` : ''}。`
    : `报告值${formatFigure(value, unit)}，${year}年目标为${goalText}：未达到${difference < 0 ? `（差${gapZh}）` : '（须高于目标值）'}。`;
  const en = met
    ? `Reported ${formatFigure(value, unit)}; the ${year} target was ${goalTextEn}: met${difference > 0 ? ` (by ${gapEn})` : ''}.`
    : `Reported ${formatFigure(value, unit)}; the ${year} target was ${goalTextEn}: not met${difference < 0 ? ` (short by ${gapEn})` : ' (it had to be exceeded)'}.`;
  return {
    targetId: target.id,
    met,
    comparator,
    target: { value: goal, unit, year },
    reported: { value, unit },
    difference,
    summary: { zh, en },
  };
}
