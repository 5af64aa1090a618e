import { readJsonFile } from '../corpus/load.js';
import { glossaryFileSchema, type GlossaryEntry } from '../rules/schema.js';
import { termsFromGlossary, type TranslationTerm } from './terms.js';

export const GLOSSARY_FILE = new URL('../../rules/glossary.json', import.meta.url);

/** rules/glossary.json, validated (a `DataFileError` names the bad field). */
export function loadGlossary(file: URL = GLOSSARY_FILE): GlossaryEntry[] {
  return readJsonFile(file, (value) => glossaryFileSchema.parse(value), 'rules/glossary.json').terms;
}

/** The glossary as translation terms (English renderings and aliases → the plan's Chinese term). */
export function loadGlossaryTerms(file: URL = GLOSSARY_FILE): TranslationTerm[] {
  return termsFromGlossary(loadGlossary(file));
}
