import type { Messages, UnitsFile } from '../plan/schema.js';
import { format } from '../plan/template.js';
import type { Language, Localized } from '../text/languages.js';
import type { Comparator, Target, Unit } from './schema.js';

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

/** Rounds away float noise (50.1 − 50 = 0.1, not 0.10000000000000142). */
export function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** The units of a plan, by symbol: which compare with which, and how. */
export class UnitTable {
  private readonly bySymbol: Map<string, { family: string; factor: number }>;
  constructor(file: UnitsFile) {
    this.bySymbol = new Map(file.units.map((unit) => [unit.symbol, unit]));
  }
  has(symbol: string): boolean {
    return this.bySymbol.has(symbol);
  }
  family(symbol: string): string | undefined {
    return this.bySymbol.get(symbol)?.family;
  }
  /** A value in one unit expressed in another of the same family, or undefined. */
  convert(value: number, from: string, to: string): number | undefined {
    const a = this.bySymbol.get(from);
    const b = this.bySymbol.get(to);
    if (!a || !b || a.family !== b.family) return undefined;
    return round((value * a.factor) / b.factor);
  }
}

const formatFigure = (value: number, unit: Unit) => `${round(value)}${unit}`;

/** Checks a reported figure against a target: met or not, and by how much, worded in every language. */
export function checkTarget(target: Target, reported: ReportedFigure, units: UnitTable, messages: Readonly<Record<Language, Messages>>): TargetCheck {
  if (!Number.isFinite(reported.value)) throw new TargetCheckError('value must be a finite number', 'value');
  const value = units.convert(reported.value, reported.unit, target.target.unit);
  if (value === undefined) {
    throw new TargetCheckError(`unit "${reported.unit}" cannot be compared with target ${target.id} in "${target.target.unit}"`, 'unit');
  }
  const goal = target.target.value;
  const { comparator, unit, year } = target.target;
  const met = comparator === '>' ? value > goal : comparator === '>=' ? value >= goal : value === goal;
  const difference = round(value - goal);
  const summary = (language: Language): string => {
    const words = messages[language].check;
    const amount = units.family(unit) === 'percent' ? format(words.percentPoints, { n: Math.abs(difference) }) : formatFigure(Math.abs(difference), unit);
    const gap = met ? (difference > 0 ? format(words.metBy, { amount }) : '') : difference < 0 ? format(words.shortBy, { amount }) : format(words.mustExceed);
    const goalText = format(words.goal, { comparator: words.comparators[comparator], figure: formatFigure(goal, unit) });
    return format(met ? words.met : words.notMet, { value: formatFigure(value, unit), year, goal: goalText, gap });
  };
  return {
    targetId: target.id,
    met,
    comparator,
    target: { value: goal, unit, year },
    reported: { value, unit },
    difference,
    summary: { zh: summary('zh'), en: summary('en') },
  };
}
