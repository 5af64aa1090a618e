import type { Messages } from '../plan/schema.js';
import { format } from '../plan/template.js';
import type { ResolvedTarget, RuleSet } from '../rules/rule-set.js';
import { checkTarget, TargetCheckError, type TargetCheck } from '../rules/targets.js';
import type { Language } from '../text/languages.js';
import type { TableRow } from './read-table.js';

/**
 * A batch of reported figures, one a row: `region, indicator or target id, value[, unit]`.
 * Every row is either checked (one result per target it names: an indicator can have two) or
 * reported as an error with its line, column and reason; none is dropped. A first row that
 * names no target and holds no number is the header, and is returned as such.
 */

export const COLUMNS = ['region', 'indicator', 'value', 'unit'] as const;
export type ColumnName = (typeof COLUMNS)[number];

/** Longest cell kept; a longer one is an error of its row. */
export const MAX_CELL_LENGTH = 200;

export interface RowError {
  line: number;
  /** 1-based column of the cell at fault (the row's last column when it has too many or too few). */
  column: number;
  /** Which of region, indicator, value, unit it is (absent for a row of the wrong width). */
  field?: ColumnName;
  /** The cell as written (cut to MAX_CELL_LENGTH). */
  value: string;
  reason: string;
}

export interface RowResult {
  line: number;
  region: string;
  /** The indicator or target id as the row wrote it. */
  indicator: string;
  check: TargetCheck;
  target: ResolvedTarget;
}

export interface BatchOutcome {
  header?: string[];
  results: RowResult[];
  errors: RowError[];
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/iu;
const fold = (text: string) => text.normalize('NFKC').trim().toLowerCase();

/** "1,234.5" and "45%" as numbers (the % is the unit when none is given); full-width digits too. */
function parseValue(text: string): { value: number; percent: boolean } | undefined {
  let cleaned = text.normalize('NFKC').trim().replace(/[\s,]/gu, '');
  const percent = cleaned.endsWith('%');
  if (percent) cleaned = cleaned.slice(0, -1);
  if (!NUMBER.test(cleaned)) return undefined;
  const value = Number(cleaned);
  return Number.isFinite(value) ? { value, percent } : undefined;
}

/** Finds targets by id, by indicator key or by title, and units by symbol or by how people write them. */
export class TargetLookup {
  private readonly byKey = new Map<string, ResolvedTarget[]>();
  private readonly units = new Map<string, { unit: string; scale: number }>();

  constructor(ruleSet: RuleSet) {
    const add = (key: string, target: ResolvedTarget) => {
      const folded = fold(key);
      const list = this.byKey.get(folded) ?? [];
      if (!list.includes(target)) list.push(target);
      this.byKey.set(folded, list);
    };
    // A target id names one target; an indicator key (or a title) every target of it.
    for (const target of ruleSet.targets) {
      add(target.indicator, target);
      add(target.title.zh, target);
      add(target.title.en, target);
    }
    for (const target of ruleSet.targets) this.byKey.set(fold(target.id), [target]);
    for (const unit of ruleSet.pack.units.units) this.units.set(fold(unit.symbol), { unit: unit.symbol, scale: 1 });
    for (const pattern of ruleSet.pack.units.patterns) {
      if (!this.units.has(fold(pattern.pattern))) this.units.set(fold(pattern.pattern), { unit: pattern.unit, scale: pattern.scale ?? 1 });
    }
  }

  targets(indicator: string): ResolvedTarget[] {
    return this.byKey.get(fold(indicator)) ?? [];
  }

  unit(text: string): { unit: string; scale: number } | undefined {
    return this.units.get(fold(text));
  }
}

const lookups = new WeakMap<RuleSet, TargetLookup>();
export function targetLookup(ruleSet: RuleSet): TargetLookup {
  let lookup = lookups.get(ruleSet);
  if (!lookup) {
    lookup = new TargetLookup(ruleSet);
    lookups.set(ruleSet, lookup);
  }
  return lookup;
}

/** Checks every row against the plan's targets; bad rows become errors worded in `language`. */
export function checkRows(rows: readonly TableRow[], ruleSet: RuleSet, messages: Readonly<Record<Language, Messages>>, language: Language): BatchOutcome {
  const words = messages[language].ui.batch.errors;
  const lookup = targetLookup(ruleSet);
  const outcome: BatchOutcome = { results: [], errors: [] };

  rows.forEach((row, index) => {
    const cells = [...row.cells];
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    const [region = '', indicator = '', rawValue = '', rawUnit = ''] = cells;
    const error = (column: number, field: ColumnName | undefined, reason: string) => {
      outcome.errors.push({ line: row.line, column, ...(field ? { field } : {}), value: (cells[column - 1] ?? '').slice(0, MAX_CELL_LENGTH), reason });
    };

    if (index === 0 && !parseValue(rawValue) && lookup.targets(indicator).length === 0) {
      outcome.header = cells.map((cell) => cell.slice(0, MAX_CELL_LENGTH));
      return;
    }
    if (cells.length < 3) return error(Math.max(1, cells.length), undefined, format(words.tooFewColumns, { n: cells.length }));
    if (cells.length > COLUMNS.length) return error(cells.length, undefined, format(words.tooManyColumns, { n: cells.length }));
    const tooLong = cells.findIndex((cell) => cell.length > MAX_CELL_LENGTH);
    if (tooLong >= 0) return error(tooLong + 1, COLUMNS[tooLong], format(words.tooLong, { n: MAX_CELL_LENGTH }));
    if (!region) return error(1, 'region', format(words.emptyRegion));
    if (!indicator) return error(2, 'indicator', format(words.emptyIndicator));
    const targets = lookup.targets(indicator);
    if (targets.length === 0) return error(2, 'indicator', format(words.unknownIndicator, { value: indicator }));
    if (!rawValue) return error(3, 'value', format(words.emptyValue));
    const parsed = parseValue(rawValue);
    if (!parsed) return error(3, 'value', format(words.badValue, { value: rawValue }));
    let unit: { unit: string; scale: number } | undefined;
    if (rawUnit) {
      unit = lookup.unit(rawUnit);
      if (!unit) return error(4, 'unit', format(words.unknownUnit, { value: rawUnit }));
    } else if (parsed.percent) {
      unit = lookup.unit('%');
    }

    for (const target of targets) {
      const reported = { value: parsed.value * (unit?.scale ?? 1), unit: unit?.unit ?? target.target.unit };
      try {
        const check = checkTarget(target, reported, ruleSet.units, messages);
        outcome.results.push({ line: row.line, region, indicator, check, target });
      } catch (caught) {
        if (!(caught instanceof TargetCheckError)) throw caught;
        const message = format(words.incompatibleUnit, { unit: reported.unit, targetUnit: target.target.unit });
        if (rawUnit) error(4, 'unit', message);
        else error(3, 'value', message);
        return;
      }
    }
  });
  return outcome;
}
