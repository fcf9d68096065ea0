/** Ajv errors as specgate issues: pointer, expected and actual (clipped), and the source sentence of the rule. */
import type { ErrorObject } from 'ajv';
import { provenanceAt, provenanceOfNode } from '../model/provenance.js';
import { appendPointer } from '../util/pointer.js';
import { excerpt } from '../util/excerpt.js';
import { isOpenEnum, OPEN_ENUM_ASSUMPTION } from '../model/schema.js';

export type IssueLocation = 'status' | 'content-type' | 'path' | 'query' | 'header' | 'body';

/** One reason a request or response does not conform. */
export interface ValidationIssue {
  location: IssueLocation;
  /** JSON pointer into the body, or `/<name>` for a parameter or header. */
  pointer: string;
  keyword: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** The `x-source` sentence of the constraint that failed, when the spec gives one. */
  source?: string;
  sourceFile?: string;
  /** The `x-assumption` that alone backs the constraint (nearest on its schema path): a mismatch is a warning. */
  assumption?: string;
}

/** An actual value is shown up to this many characters: a failure must not carry a 10 MB body along. */
const MAX_ACTUAL = 1000;
const clip = (s: string) => (s.length > MAX_ACTUAL ? `${excerpt(s, MAX_ACTUAL)}… (${s.length - MAX_ACTUAL} more characters)` : s);
/** The value itself when small, else the start of its JSON text. */
const preview = (v: unknown): unknown => {
  if (typeof v === 'string') return clip(v);
  if (v === null || typeof v !== 'object') return v;
  const json = JSON.stringify(v);
  return json.length > MAX_ACTUAL ? clip(json) : v;
};

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

function describe(err: ErrorObject): Pick<ValidationIssue, 'pointer' | 'expected' | 'actual'> {
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'required':
      return { pointer: appendPointer(err.instancePath, String(p.missingProperty)), expected: 'present', actual: 'absent' };
    case 'additionalProperties':
      return { pointer: appendPointer(err.instancePath, String(p.additionalProperty)), expected: 'no such property', actual: 'present' };
    case 'type':
      // null says its type itself (not `null null`).
      return { pointer: err.instancePath, expected: p.type, actual: err.data === null ? 'null' : clip(`${jsonType(err.data)} ${JSON.stringify(err.data)}`) };
    case 'enum':
      return { pointer: err.instancePath, expected: p.allowedValues, actual: preview(err.data) };
    case 'const':
      return { pointer: err.instancePath, expected: p.allowedValue, actual: preview(err.data) };
    case 'maxLength':
    case 'minLength':
      return { pointer: err.instancePath, expected: `${err.keyword} ${String(p.limit)}`, actual: `${[...String(err.data)].length} characters` };
    case 'format':
      return { pointer: err.instancePath, expected: `format ${String(p.format)}`, actual: preview(err.data) };
    case 'pattern':
      return { pointer: err.instancePath, expected: `pattern ${String(p.pattern)}`, actual: preview(err.data) };
    default:
      // A bound with its comparison (`> 0` for exclusiveMinimum 0, not a bare 0 that reads as the value wanted).
      return { pointer: err.instancePath, expected: p.limit !== undefined && typeof p.comparison === 'string' ? `${p.comparison} ${String(p.limit)}` : (p.limit ?? p), actual: preview(err.data) };
  }
}

/**
 * Ajv errors in specgate's words, each with what backs the rule it broke: the x-source sentence,
 * or the x-assumption alone, of the nearest schema on its path in `root` (the schema validated).
 */
export function toIssues(errors: ErrorObject[] | null | undefined, location: IssueLocation, prefix = '', root?: unknown): ValidationIssue[] {
  if (!errors) return [];
  const out: (ValidationIssue & { schemaPath: string })[] = [];
  for (const err of errors) {
    // The keyword's own schema first, then the nearest enclosing one that says what backs it.
    const property = err.keyword === 'required' ? String((err.params as { missingProperty?: unknown }).missingProperty) : undefined;
    const found = provenanceOfNode(err.parentSchema, err.keyword, property) ?? (root === undefined ? undefined : provenanceAt(root, err.schemaPath, property));
    const src = found?.source !== undefined ? { quote: found.source, file: found.sourceFile ?? '' } : undefined;
    if (err.keyword === 'if') {
      // Ajv reports the `then` failures first; the if/then rule's own x-source belongs to them.
      const base = err.schemaPath.replace(/\/if$/, '/');
      for (const prev of out) {
        if (prev.source || !prev.schemaPath.startsWith(base) || !found) continue;
        if (src) Object.assign(prev, { source: src.quote, sourceFile: src.file });
        else prev.assumption ??= found.assumption;
      }
      continue;
    }
    const d = describe(err);
    // An open enum backs nothing beyond its list, unless a source sentence says more.
    const open = err.keyword === 'enum' && !src && isOpenEnum(err.parentSchema) ? { assumption: OPEN_ENUM_ASSUMPTION } : {};
    out.push({
      location,
      pointer: prefix + d.pointer,
      keyword: err.keyword,
      message: err.message ?? err.keyword,
      expected: d.expected,
      actual: d.actual,
      source: src?.quote,
      sourceFile: src?.file,
      ...(found?.assumption ? { assumption: found.assumption } : {}),
      ...open,
      schemaPath: err.schemaPath,
    });
  }
  return out.map(({ schemaPath: _s, ...issue }) => issue);
}
