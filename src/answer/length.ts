import { languageData, type Language } from '../text/languages.js';

/** How broad a question is: what applies without naming one kind of duty, or a list, is broad; anything else is specific. */
export type Breadth = 'specific' | 'broad';

/** Chinese characters, or English words, of an answer (citation markers and list numbers aside). */
export function answerLength(answer: string, language: Language): number {
  const text = answer.replace(/\[\d+\]/gu, '').replace(/^\s*\d+\.\s/gmu, '');
  if (language === 'zh') return [...text.replace(/\s/gu, '')].length;
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.,%-]*/gu) ?? []).length;
}

/** Whether lines, joined as an answer, stay within a length budget in this language. */
export function withinLength(lines: readonly string[], budget: number, language: Language): boolean {
  return answerLength(lines.join('\n'), language) <= budget;
}

/** The breadth of a question from its intent and the kinds of item it names. */
export function breadthOf(intent: string, topics: readonly string[]): Breadth {
  return intent === 'list' || (intent === 'applicability' && topics.length !== 1) ? 'broad' : 'specific';
}

/** How long an answer of this breadth may be in this language (languages/*.json `answerLength`). */
export function lengthBudget(breadth: Breadth, language: Language): number {
  return languageData()[language].answerLength[breadth];
}
