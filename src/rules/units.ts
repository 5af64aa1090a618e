import type { UnitsFile } from '../plan/schema.js';
import { format } from '../plan/template.js';
import { languageData, type Language } from '../text/languages.js';
import type { Unit } from './schema.js';

/** Rounds away float noise (50.1 − 50 = 0.1, not 0.10000000000000142), or to `decimals` places. */
export function round(value: number, decimals = 6): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  // A figure too large to scale is already whole.
  return Number.isFinite(rounded) ? rounded : value;
}

/** A number as a language writes it: float noise rounded away, thousands grouped where the language groups them. */
export function writeNumber(value: number, language: Language): string {
  const [whole, fraction] = String(round(value)).split('.') as [string, string | undefined];
  const separator = languageData()[language].thousandsSeparator;
  const grouped = separator ? whole.replace(/\B(?=(\d{3})+(?!\d))/gu, separator) : whole;
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/**
 * The units of a plan, by symbol: which compare with which, and how a figure in each is
 * written in each language (units.json). The one place figures with units are formatted.
 */
export class UnitTable {
  private readonly bySymbol: Map<string, UnitsFile['units'][number]>;
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
  /**
   * A figure as `language` writes it: the unit's writing for that language from units.json
   * (0.2 in the ten-thousand-tonnes-a-year unit → "2,000 tonnes a year" in English), else the number then the symbol, as the
   * plan writes it.
   */
  write(value: number, unit: Unit, language: Language): string {
    const writing = this.bySymbol.get(unit)?.written[language];
    if (!writing) return `${writeNumber(value, language)}${unit}`;
    const scaled = round(value * writing.scale);
    return format(scaled === 1 && writing.one ? writing.one : writing.other, { n: writeNumber(scaled, language) });
  }
}
