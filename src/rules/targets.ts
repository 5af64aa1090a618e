import type { Messages } from '../plan/schema.js';
import { format } from '../plan/template.js';
import type { Language, Localized } from '../text/languages.js';
import type { Comparator, Target, Unit } from './schema.js';
import { round, writeNumber, type UnitTable } from './units.js';

/** Decimals a figure converted from the user's words is shown to. */
const CONVERTED_DECIMALS = 2;

/** A figure someone reports, to check against a target. */
export interface ReportedFigure {
  value: number;
  unit: Unit;
  /** How it was written, where that is not the figure itself (a share as a decimal, a monthly figure): said beside it. */
  written?: string;
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
  const check = { targetId: target.id, met, comparator, target: { value: goal, unit, year }, reported: { value, unit, ...(reported.written ? { written: reported.written } : {}) }, difference };
  const summary = (language: Language): string => {
    const words = messages[language].check;
    return format(met ? words.met : words.notMet, checkWording(check, units, messages, language));
  };
  return { ...check, summary: { zh: summary('zh'), en: summary('en') } };
}

/** The pieces a check is worded from, in one language: the reported figure, the year, the goal ("above 50%") and the gap (" (short by 5 percentage points)"). */
export function checkWording(check: Omit<TargetCheck, 'summary'>, units: UnitTable, messages: Readonly<Record<Language, Messages>>, language: Language): { value: string; year: number; goal: string; gap: string } {
  const words = messages[language].check;
  const { met, comparator, difference } = check;
  const { value: goal, unit, year } = check.target;
  // A figure converted from what the user wrote (3 of 9 firms) is shown to two decimals; the verdict is the exact figure's.
  // A gap that two decimals would make nothing is shown as it is.
  const shown = (amount: number) => {
    const rounded = check.reported.written ? round(amount, CONVERTED_DECIMALS) : amount;
    return rounded === 0 && amount !== 0 ? amount : rounded;
  };
  const figure = (amount: number) => units.write(amount, unit, language);
  const amount = units.family(unit) === 'percent' ? format(words.percentPoints, { n: writeNumber(shown(Math.abs(difference)), language) }) : figure(shown(Math.abs(difference)));
  const gap = met ? (difference > 0 ? format(words.metBy, { amount }) : '') : difference < 0 ? format(words.shortBy, { amount }) : format(words.mustExceed);
  const reported = figure(shown(check.reported.value));
  const value = check.reported.written && words.asWritten ? format(words.asWritten, { value: reported, written: check.reported.written }) : reported;
  return { value, year, goal: format(words.goal, { comparator: words.comparators[comparator], figure: figure(goal) }), gap };
}
