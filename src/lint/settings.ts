/** The `lint` key of a config file (specgate.config.yaml, or package.json's `specgate`), shaped as Redocly's: `extends` and per-rule `rules`. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseSource } from '../openapi/source.js';
import { SpecError } from '../openapi/errors.js';
import { pathToPointer } from '../util/pointer.js';
import { createAjv } from '../validate/ajv.js';
import { PROFILE_NAMES, type ProfileName } from './config.js';
import { RULES } from './rules/index.js';
import type { LintConfig, SeveritySetting } from './types.js';

/** Redocly's spellings (`warn`) and specgate's (`warning`); a rule may also be `{ severity }`, as in Redocly. */
const LEVEL = { enum: ['error', 'warn', 'warning', 'off'] };

/** The `lint` key, as data (the check config's schema refers to it). */
export const LINT_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    extends: { anyOf: [{ enum: PROFILE_NAMES }, { type: 'array', items: { enum: PROFILE_NAMES } }] },
    rules: {
      type: 'object',
      propertyNames: { enum: RULES.map((r) => r.id) },
      additionalProperties: { anyOf: [LEVEL, { type: 'object', required: ['severity'], additionalProperties: false, properties: { severity: LEVEL } }] },
    },
  },
};

const level = (v: unknown): SeveritySetting => {
  const s = typeof v === 'string' ? v : (v as { severity: string }).severity;
  return s === 'warn' ? 'warning' : (s as SeveritySetting);
};

export interface LintSettings {
  config: LintConfig;
  /** The config's `specs` (what lint reads when given no PATH), absolute. */
  specs?: string[];
}

/**
 * Read a config file's lint settings: `lint` (validated; errors name file:line:col) and `specs`.
 * Nothing else of the file is read, so a `${TOKEN}` that only `check` needs does not stop lint.
 */
export function loadLintSettings(where: { file: string; key?: string }): LintSettings {
  const src = parseSource(where.file, readFileSync(where.file, 'utf8'));
  const base = where.key ? pathToPointer([where.key]) : '';
  const top = (where.key ? (src.data as Record<string, unknown> | undefined)?.[where.key] : src.data) as Record<string, unknown> | null | undefined;
  const fail = (pointer: string, reason: string) => {
    const at = src.locate(base + pointer);
    return new SpecError(where.file, at.line, at.column, reason);
  };
  const raw = top?.lint;
  const specs = Array.isArray(top?.specs) && top.specs.every((s) => typeof s === 'string') ? top.specs.map((s: string) => resolve(dirname(where.file), s)) : undefined;
  if (raw === undefined || raw === null) return { config: {}, specs };
  const validate = createAjv().compile(LINT_CONFIG_SCHEMA);
  if (!validate(raw)) {
    const errs = validate.errors ?? [];
    const e = errs.find((x) => x.keyword === 'propertyNames') ?? errs.find((x) => x.keyword === 'additionalProperties') ?? errs.find((x) => x.keyword === 'enum') ?? errs[0];
    if (e.keyword === 'propertyNames') {
      const name = String(e.params.propertyName);
      throw fail(`/lint/rules${pathToPointer([name])}`, `lint.rules: unknown rule '${name}' (rules: ${RULES.map((r) => r.id).join(', ')})`);
    }
    if (e.keyword === 'additionalProperties') {
      const key = String(e.params.additionalProperty);
      throw fail(`/lint${e.instancePath}${pathToPointer([key])}`, `lint: unknown key '${key}' (${e.instancePath ? 'a rule is error, warn, off or { severity }' : 'known keys: extends, rules'})`);
    }
    const what = `lint${e.instancePath.replace(/\//g, '.')}`;
    const allowed = e.instancePath.startsWith('/extends') ? `a profile (${PROFILE_NAMES.join(', ')}) or a list of them` : e.instancePath.startsWith('/rules/') ? 'error, warn or off (or { severity: ... })' : 'a mapping';
    throw fail(`/lint${e.instancePath}`, `${what} must be ${allowed}`);
  }
  const r = raw as { extends?: ProfileName | ProfileName[]; rules?: Record<string, unknown> };
  const config: LintConfig = {};
  if (r.extends !== undefined) config.extends = Array.isArray(r.extends) ? r.extends : [r.extends];
  if (r.rules) config.rules = Object.fromEntries(Object.entries(r.rules).map(([id, v]) => [id, level(v)]));
  return { config, specs };
}
