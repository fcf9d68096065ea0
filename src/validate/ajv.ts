/** The Ajv set-up: 2020-12, formats, RE2 patterns, x- keywords registered. */
import { createRequire } from 'node:module';
import type Ajv2020Module from 'ajv/dist/2020.js';
import type { Options } from 'ajv';
import { isExtension, walkSchema } from '../openapi/walk.js';
import { specgateFormats } from './formats.js';
import { regExpEngine } from './regex.js';
import { quietKeyword } from './quiet.js';

type Ajv2020Class = typeof Ajv2020Module.default;
export type AjvInstance = InstanceType<Ajv2020Class>;

// Ajv's compiler is only needed when a schema has no prebuilt standalone validator (a --spec
// document, lint): loading it lazily keeps it off the start-up path of `specgate check`.
const require = createRequire(import.meta.url);
let ajvModules: { Ajv2020: Ajv2020Class; _: typeof import('ajv')._ } | undefined;
function ajvLib() {
  ajvModules ??= { Ajv2020: (require('ajv/dist/2020.js') as { default: Ajv2020Class }).default, _: (require('ajv') as typeof import('ajv'))._ };
  return ajvModules;
}

/** Keywords OpenAPI 3.1 adds to JSON Schema: annotations for us, so strict mode still flags typos. */
const OPENAPI_VOCABULARY = ['example', 'xml', 'externalDocs', 'discriminator', 'nullable'];

export interface AjvSetup {
  /** For standalone code: how generated modules reach the format table. */
  formatsRequire?: string;
  /** For standalone code: how generated modules reach the linear-time regex engine (validate/regex.ts). */
  regexRequire?: string;
  /**
   * Ajv's `inlineRefs`: by default every referenced schema without references of its own is
   * copied into each caller's code. Where many validators share components (validate/shared-defs.ts)
   * a number keeps only small ones inlined, so a large component is compiled once and called.
   */
  inlineRefs?: boolean | number;
  /**
   * Keep each validator's source so the set can be written out as standalone code (the cache of
   * validate/cache.ts), which reaches the format table and the regex engine by these names.
   */
  keepSource?: boolean;
  /**
   * A validator that only says valid or not: stops at the first error, and its error has no
   * message, data or schema, so its code is smaller and quicker to generate (a fifth, 3 MB document). The verdict is the
   * same as the full one's (Ajv's allErrors only decides whether to go on after an error), so a
   * set compiles these first and the full one only for data that fails (validate/compile.ts).
   */
  verdictOnly?: boolean;
  /** Schemas are checked against the meta-schema by the caller (schema-check.ts), not by Ajv as they are added. */
  checkedSchemas?: boolean;
}

/** The module names by which cached standalone code reaches specgate's format table and regex engine (validate/cache.ts supplies them). */
export const CACHE_MODULES = { formats: 'specgate:formats', regex: 'specgate:regex' } as const;

export function createAjv(setup: AjvSetup = {}): AjvInstance {
  const { Ajv2020, _ } = ajvLib();
  const options: Options = {
    // Strict mode calls some valid 2020-12 schemas errors: `if` without `then`, `minContains`
    // without `contains`, a property a `patternProperties` pattern also matches. JSON Schema gives
    // each a meaning (the lone keyword has no effect; both subschemas apply), and Ajv's "log" mode
    // compiles exactly that, so such a document is not refused. load.ts warns about the
    // keywords that have no effect, with file:line; Ajv's own log would say it again, without one.
    strictSchema: 'log',
    allowMatchingProperties: true,
    logger: { log() {}, warn() {}, error: (...args: unknown[]) => console.error(...args) },
    strictNumbers: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: !setup.verdictOnly,
    // parentSchema on each error lets an issue carry the x-source of the constraint that failed.
    verbose: !setup.verdictOnly,
    messages: !setup.verdictOnly,
    validateFormats: true,
    validateSchema: !setup.checkedSchemas,
    inlineRefs: setup.inlineRefs ?? true,
    // Spec patterns run in RE2 (linear time): `^(a+)+$` against 'aaa…!' took 105 s in RegExp.
    // At run time, no optimisation passes over the generated code: they only shorten it (the same
    // checks, the same errors) and cost ~11% of compiling a 3 MB document (bench/large-doc.mjs).
    code: setup.formatsRequire
      ? { source: true, esm: true, formats: _`require(${setup.formatsRequire}).specgateFormats`, regExp: regExpEngine(`require(${JSON.stringify(setup.regexRequire)}).specRegExp`) }
      : setup.keepSource
        ? { source: true, optimize: false, formats: _`require(${CACHE_MODULES.formats}).specgateFormats`, regExp: regExpEngine(`require(${JSON.stringify(CACHE_MODULES.regex)}).specRegExp`) }
        : { source: false, optimize: false, regExp: regExpEngine('specRegExp') },
  };
  const ajv = new Ajv2020(options);
  for (const [name, format] of Object.entries(specgateFormats)) ajv.addFormat(name, format);
  for (const keyword of OPENAPI_VOCABULARY) if (!ajv.getKeyword(keyword)) ajv.addKeyword({ keyword });
  // Ajv resolves `$anchor` but its strict mode calls it unknown (ajv-validator/ajv#1854, open):
  // a 2020-12 keyword, so declared here; the meta-schema still checks its value.
  if (!ajv.getKeyword('$anchor')) ajv.addKeyword({ keyword: '$anchor', schemaType: 'string' });
  if (setup.verdictOnly) ajv.addKeyword(quietKeyword);
  return ajv;
}

/** Is this a format specgate checks? Any other is an annotation (JSON Schema 2020-12, 7.2.3). */
export const knownFormat = (name: string) => Object.hasOwn(specgateFormats, name);

/**
 * `x-` extensions are allowed on any schema, and an unknown keyword or `format` is an annotation,
 * not an error (JSON Schema 2020-12 core, 6.5; validation, 7.2.3): register the ones a schema uses
 * before compiling it (load.ts warns about each, typos included, with its file:line).
 */
export function registerExtensions(ajv: AjvInstance, schema: unknown): void {
  walkSchema(schema, (node) => {
    for (const k of Object.keys(node)) if (!ajv.getKeyword(k) && !ajv.RULES.keywords[k] && KEYWORD_NAME.test(k)) ajv.addKeyword({ keyword: k });
    if (typeof node.format === 'string' && !ajv.formats[node.format]) ajv.addFormat(node.format, true);
  });
}

/** The keyword names Ajv accepts (others stay unknown: Ajv's log mode ignores them, load.ts warns). */
const KEYWORD_NAME = /^[a-z_$][a-z0-9_$:-]*$/i;

let known: Set<string> | undefined;
/** The keywords specgate's Ajv knows: JSON Schema 2020-12 and OpenAPI's own. */
const knownKeywords = () => (known ??= new Set(Object.keys(createAjv().RULES.keywords)));

/** Is this a keyword specgate's Ajv knows, or an `x-` extension? */
export const knownKeyword = (name: string): boolean => isExtension(name) || knownKeywords().has(name);

/** The known keyword a name is probably a typo of (at most two edits away), if any. */
export function likelyKeyword(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of knownKeywords()) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase(), bestDistance);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Levenshtein distance, given up at `limit` (returns `limit` then). */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...row) >= limit) return limit;
    prev = row;
  }
  return Math.min(prev[b.length]!, limit);
}
