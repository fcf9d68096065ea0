/** Running the lint rules over targets: each document read once (3.0 and Swagger 2.0 upgraded, pointers mapped back), levels from its profile. */
import { resolve } from 'node:path';
import { readSource, type SourceFile } from '../openapi/source.js';
import { SpecError } from '../openapi/errors.js';
import type { OpenApiSource } from '../openapi/openapi.js';
import { buildApiModel } from '../model/build.js';
import type { ApiModel } from '../model/types.js';
import { RULES } from './rules/index.js';
import { discoverTargets } from './targets.js';
import { walkDocument, type DocumentSites } from './walk.js';
import { levelsFor, lower } from './severity.js';
import { upgradeDocument } from '../openapi/upgrade.js';
import { mayReferOutside, mountExternal } from '../openapi/external.js';
import type { Finding, FindingInput, LintConfig, LintSpec, LintTarget, Rule, RuleContext } from './types.js';

export interface LintOptions {
  /** Rules to run (default: all of RULES). */
  rules?: Rule[];
  /** Profiles and per-rule levels (a config file's `lint` key); marked documents keep their profile. */
  config?: LintConfig;
  /** Where PATHs are relative to, and whose specs/ or openapi.* is linted when there is no PATH (default: the working directory). */
  cwd?: string;
}

export interface LintResult {
  findings: Finding[];
  /** Every file that was linted (documents and their specgate.yaml), absolute. */
  files: string[];
  errors: number;
  warnings: number;
}

function tryRead(file: string, unreadable: RuleContext['unreadable']): SourceFile | undefined {
  try {
    return readSource(file);
  } catch (e) {
    // Anything the loader throws (syntax, an alias bomb, an unreadable file) is a finding: lint never crashes on input.
    if (e instanceof SpecError) unreadable.push({ file, line: e.line, column: e.column, reason: e.reason });
    else unreadable.push({ file, reason: `cannot load: ${(e as Error).message.split('\n')[0]}` });
    return undefined;
  }
}

/**
 * An OpenAPI 3.0 or Swagger 2.0 document is linted as the 3.1 document specgate loads (the same
 * upgrade as check), with positions and pointers mapped back into the user's file; Redocly's
 * structural rules still read the original text. A document the upgrader chokes on is linted as written.
 */
function as31(read: SourceFile): LintSpec {
  const src = withOtherFiles(read);
  const doc = src.data as Record<string, unknown> | null;
  const version = doc && typeof doc === 'object' ? (doc.openapi ?? doc.swagger) : undefined;
  if (typeof version !== 'string' || !/^(3\.0\.\d+|2\.0)$/.test(version) || !doc || typeof doc.paths !== 'object') return src;
  try {
    const up = upgradeDocument(doc);
    return { ...src, data: up.data, locate: (p) => src.locate(up.origin(p)), origin: up.origin, upgradedFrom: up.from };
  } catch {
    return src;
  }
}

/**
 * A document split over files (3.x or Swagger 2.0), as check reads it (openapi/external.ts): rules that judge the
 * schemas see every part, each finding at its own file's line. References specgate cannot read
 * are local-refs findings; the document is then linted as written.
 */
function withOtherFiles(src: SourceFile): SourceFile {
  const doc = src.data as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object' || (typeof doc.openapi !== 'string' && doc.swagger !== '2.0') || !mayReferOutside(src.text)) return src;
  try {
    const ext = mountExternal({ ...src, data: structuredClone(doc) });
    return ext ? { ...src, data: ext.data, locate: ext.locate } : src;
  } catch {
    return src;
  }
}

async function lintTarget(target: LintTarget, rules: Rule[], config: LintConfig, out: Finding[]): Promise<void> {
  const unreadable: RuleContext['unreadable'] = [];
  const read = tryRead(target.specFile, unreadable);
  const spec = read && as31(read);
  const levelOf = levelsFor(target, config);
  const bindings = target.bindingsFile ? tryRead(target.bindingsFile, unreadable) : undefined;
  let sites: DocumentSites | undefined;
  let model: ApiModel | undefined | null;
  const sources = new Map<string, SourceFile>([spec, bindings].filter((s): s is SourceFile => !!s).map((s) => [s.file, s]));

  for (const rule of rules) {
    const level = levelOf(rule.id);
    if (level === 'off') continue;
    if (rule.needs.includes('spec') && !spec) continue;
    if (rule.needs.includes('bindings') && !bindings) continue;
    const report = (f: FindingInput) => {
      const src = typeof f.file === 'object' ? f.file : sources.get(f.file ?? target.specFile);
      const at: { line: number; column: number; file?: string } = f.line !== undefined ? { line: f.line, column: f.column ?? 1 } : src && f.pointer !== undefined ? src.locate(f.pointer) : { line: 1, column: 1 };
      // A finding in a part written in another file (openapi/external.ts) names that file.
      const file = at.file ?? (typeof f.file === 'object' ? f.file.file : resolve(f.file ?? target.specFile));
      // Pointers into an upgraded document are shown as pointers into the user's own file.
      const pointer = f.pointer !== undefined && src === spec && spec?.origin ? spec.origin(f.pointer) : f.pointer;
      out.push({ ruleId: rule.id, severity: lower(level, f.severity), file, line: at.line, column: at.column, message: f.message, pointer });
    };
    const ctx: RuleContext = {
      target,
      spec,
      bindings,
      unreadable,
      report,
      sites: () => (sites ??= walkDocument(spec?.data)),
      model: () => {
        if (model === undefined) {
          try {
            model = buildApiModel(target.api, { ...spec!, document: spec!.data } as OpenApiSource);
          } catch {
            model = null; // duplicate operationIds and the like: struct and yaml rules say where
          }
        }
        return model ?? undefined;
      },
    };
    try {
      await rule.check(ctx);
    } catch (e) {
      // A rule's own bug must not hide the other rules' findings, nor print a stack trace.
      report({ line: 1, column: 1, message: `rule crashed: ${(e as Error).message} (please report this)` });
    }
  }
}

const byPlace = (a: Finding, b: Finding) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);

/** Lint the given targets: every rule on every target, findings sorted by file and place. */
export async function lintTargets(targets: LintTarget[], options: LintOptions = {}): Promise<LintResult> {
  const rules = options.rules ?? RULES;
  const found: Finding[] = [];
  for (const t of targets) await lintTarget(t, rules, options.config ?? {}, found);
  const seen = new Set<string>();
  const findings = found.filter((f) => {
    const key = `${f.ruleId}\0${f.file}\0${f.line}\0${f.column}\0${f.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  findings.sort(byPlace);
  const files = [...new Set(targets.flatMap((t) => [t.specFile, ...(t.bindingsFile ? [t.bindingsFile] : [])]))].sort();
  return { findings, files, errors: findings.filter((f) => f.severity === 'error').length, warnings: findings.filter((f) => f.severity === 'warning').length };
}

/** Lint PATHs (spec files, specgate.yaml files or folders; the project's specs/ or openapi.* when none). */
export async function lint(paths: string[], options: LintOptions = {}): Promise<LintResult> {
  return lintTargets(discoverTargets(paths, options.cwd), options);
}

/** Exit code of a lint run: errors fail; warnings fail only past maxWarnings. */
export function lintExitCode(result: Pick<LintResult, 'errors' | 'warnings'>, maxWarnings?: number): 0 | 1 {
  if (result.errors > 0) return 1;
  if (maxWarnings !== undefined && result.warnings > maxWarnings) return 1;
  return 0;
}
