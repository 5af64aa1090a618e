import type { Localized } from './rules/schema.js';

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function pick(text: Localized, language: Language): string {
  return text[language];
}

/** Chinese if the text has more Han characters than Latin letters, else English. */
export function detectLanguage(text: string): Language {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/gu)?.length ?? 0;
  return han === 0 && latin > 0 ? 'en' : han * 3 >= latin ? 'zh' : 'en';
}
