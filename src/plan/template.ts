import { z } from 'zod';

/**
 * Message templates: plain strings with `{name}` placeholders, filled by `format`. A template
 * schema lists the placeholders a template may use, so a typo in a pack is an error at load
 * ("answer.needsInfo.ask: unknown placeholder {feilds}"), not a blank in an answer.
 */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/gu;

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

/** A template that may use only the given placeholders (all optional). */
export function template<const Names extends string>(...allowed: Names[]) {
  return z.string().superRefine((text, context) => {
    for (const name of placeholdersOf(text)) {
      if (!(allowed as string[]).includes(name)) {
        context.addIssue({ code: 'custom', message: `unknown placeholder {${name}}${allowed.length ? ` (allowed: ${allowed.map((a) => `{${a}}`).join(', ')})` : ' (none allowed)'}` });
      }
    }
  }) as unknown as z.ZodType<Template<Names>>;
}

/** A template string, branded with the names it may use. */
export type Template<Names extends string> = string & { readonly __placeholders?: Names };

/** Fills a template's placeholders; a value not given leaves the placeholder empty. */
export function format<Names extends string>(text: Template<Names>, values: Partial<Record<Names, string | number>> = {}): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = (values as Record<string, string | number | undefined>)[name];
    return value === undefined ? '' : String(value);
  });
}
