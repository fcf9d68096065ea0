/**
 * Keywords a valid schema may hold that have no effect where they stand (JSON Schema 2020-12):
 * Ajv's strict mode calls them errors, specgate compiles them as the specification says (they
 * are ignored, ajv.ts) and load.ts warns about each once, at its file:line, since it is usually
 * a mistake in the document. Rules are data: a keyword, when it has no effect, and why.
 */
import type { Obj } from '../openapi/walk.js';

interface IneffectiveRule {
  keyword: string;
  applies(schema: Obj): boolean;
  why: string;
}

const lacks = (schema: Obj, ...keywords: string[]) => keywords.every((k) => !Object.hasOwn(schema, k));

const RULES: readonly IneffectiveRule[] = [
  // core 10.2.2.1: "when "if" is present, and both "then" and "else" are absent, ... no effect"
  { keyword: 'if', applies: (s) => lacks(s, 'then', 'else'), why: 'without "then" or "else"' },
  // core 10.2.2.2-3: "when "if" is absent, "then"/"else" MUST NOT be evaluated"
  { keyword: 'then', applies: (s) => lacks(s, 'if'), why: 'without "if"' },
  { keyword: 'else', applies: (s) => lacks(s, 'if'), why: 'without "if"' },
  // validation 6.4.4-5: "If "contains" is not present within the same schema object, then this keyword has no effect"
  { keyword: 'minContains', applies: (s) => lacks(s, 'contains'), why: 'without "contains"' },
  { keyword: 'maxContains', applies: (s) => lacks(s, 'contains'), why: 'without "contains"' },
];

/** The keywords of one schema object that have no effect, each with the reason. */
export function ineffectiveKeywords(schema: Obj): { keyword: string; why: string }[] {
  return RULES.filter((r) => Object.hasOwn(schema, r.keyword) && r.applies(schema)).map(({ keyword, why }) => ({ keyword, why }));
}
