import type { AskResponse } from '../answer/pipeline.js';
import { format } from '../plan/template.js';
import { LANGUAGES, languageData, type Language } from '../text/languages.js';

/**
 * An answer as text for clients that show only text (chat UIs, agents, the terminal): the
 * answer, then its citations written out as numbered footnotes with the verbatim quotes and
 * the section each stands in, in the answer's language (the words are in languages/*.json).
 * `markdown` is for chat UIs, which render it: the heading in bold and one paragraph per
 * footnote; `plain` is for the terminal: one line each.
 */
export type TextStyle = 'markdown' | 'plain';

type Cited = Pick<AskResponse, 'answer' | 'citations' | 'language'>;

/** Characters that would change how markdown shows a quote (emphasis, code, links, HTML). */
const MARKDOWN_SPECIAL = /[\\`*_<[\]]/gu;

const headingLine = (heading: string, style: TextStyle) => (style === 'markdown' ? `**${heading}**` : heading);

/** The footnotes alone, starting with the blank line that separates them from the answer; '' without citations. */
export function footnotesText(citations: Cited['citations'], language: Language, style: TextStyle): string {
  if (citations.length === 0) return '';
  const words = languageData()[language].footnotes;
  const lines = citations.map((citation, index) => {
    const quote = style === 'markdown' ? citation.quote.replace(MARKDOWN_SPECIAL, (character) => `\\${character}`) : citation.quote;
    return citation.section ? format(words.line, { n: index + 1, section: citation.section, quote }) : format(words.lineWithoutSection, { n: index + 1, quote });
  });
  return `\n\n${headingLine(words.heading, style)}\n${style === 'markdown' ? `\n${lines.join('\n\n')}` : lines.join('\n')}`;
}

/** The answer followed by its footnotes. */
export function answerWithFootnotes(response: Cited, style: TextStyle): string {
  return `${response.answer}${footnotesText(response.citations, response.language, style)}`;
}

/**
 * An answer as a chat client sends it back in the conversation, without the footnotes this
 * module wrote under it (in either language): the pipeline reads its own answers, not the quotes.
 */
export function withoutFootnotes(text: string, style: TextStyle = 'markdown'): string {
  let end = text.length;
  for (const language of LANGUAGES) {
    const at = text.lastIndexOf(`\n\n${headingLine(languageData()[language].footnotes.heading, style)}\n`);
    if (at >= 0 && at < end) end = at;
  }
  return text.slice(0, end);
}
