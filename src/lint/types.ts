/** The shapes of lint: findings, rules and their context, targets, configuration. */
import type { SourceFile } from '../openapi/source.js';
import type { ApiModel } from '../model/types.js';
import type { DocumentSites } from './walk.js';

/** What a finding does to the run: errors fail it, warnings only fail it past `--max-warnings`. */
export type Severity = 'error' | 'warning';
/** A rule's configured level; `off` means the rule is not run (or its findings are dropped for a file). */
export type SeveritySetting = Severity | 'off';

/** One problem, at a 1-based line and column of a file. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
  message: string;
  /** JSON pointer of the offending value, where the finding is about a value in a YAML/JSON file. */
  pointer?: string;
}

/** The data half of a rule: shown by `--format sarif` and the README, and the key of the severity table. */
export interface RuleMeta {
  id: string;
  description: string;
}

/** One OpenAPI document to lint, with what lives beside it in its API folder. */
export interface LintTarget {
  /** Absolute path of the OpenAPI document. */
  specFile: string;
  /** API name: the folder name for `<dir>/openapi.yaml`, else the file name without extension. */
  api: string;
  /** `specgate.yaml` beside the document, when it binds this document. */
  bindingsFile?: string;
  /** `<dir>/schemas/`: the committed JSON Schema captures (checked when present or required). */
  schemasDir: string;
  /** Captures are required (the document sits in the `specs/<api>/` layout). */
  capturesRequired: boolean;
  /** `<root>/contracts/<api>.json` for the `specs/<api>/` layout. */
  contractsFile?: string;
  /** The document is a vendor's own, captured verbatim from this source page (`verbatim: { seed }` in specgate.yaml, relative to it). */
  verbatim?: { seed: string };
  /**
   * The profile specgate.yaml marks the document with: `vendor-capture` (`verbatim: { seed }`) or
   * `reconstructed` (`reconstructed: true`, specgate's own spec built from the pages in sources/).
   * Unmarked documents get the config's `extends` (default `recommended`).
   */
  profile?: 'reconstructed' | 'vendor-capture';
}

/** The severity profiles (their levels: config.ts PROFILES). */
export type ProfileName = 'reconstructed' | 'vendor-capture' | 'recommended';

/** Lint configuration, shaped as Redocly's: `extends` (profile names) and per-rule levels. */
export interface LintConfig {
  /** Profiles for documents specgate.yaml does not mark, merged in order (default: `recommended`). */
  extends?: ProfileName[];
  /** Levels over every profile, marked documents included. */
  rules?: Record<string, SeveritySetting>;
}

/** The document as the rules read it: OpenAPI 3.1 (a 3.0 or 2.0 document upgraded, `origin` mapping its pointers back). */
export interface LintSpec extends SourceFile {
  /** The version the file declared, when it was upgraded (`3.0.3`, `2.0`). */
  upgradedFrom?: string;
  /** A pointer into `data` → the pointer of what it came from in the user's file (upgraded documents only). */
  origin?(pointer: string): string;
}

export interface FindingInput {
  /** Defaults to the target's OpenAPI document. */
  file?: string | SourceFile;
  pointer?: string;
  line?: number;
  column?: number;
  message: string;
  /** Lower a finding below its rule's level (never raises it). */
  severity?: Severity;
}

export interface RuleContext {
  target: LintTarget;
  /** The parsed document; rules that need it are skipped when it does not parse. */
  spec?: LintSpec;
  /** The parsed `specgate.yaml`, when there is one and it parses. */
  bindings?: SourceFile;
  /** Files of the target that could not be read or parsed, with where and why. */
  unreadable: { file: string; line?: number; column?: number; reason: string }[];
  /** The document's places (schemas, examples, operations...), walked once and shared by the rules. */
  sites(): DocumentSites;
  /** specgate's operation model of the document, or undefined when it cannot be built (another rule says why). */
  model(): ApiModel | undefined;
  report(f: FindingInput): void;
}

export interface Rule extends RuleMeta {
  /** What the rule reads; it is skipped (silently: another rule reports why) when that is missing. */
  needs: ('spec' | 'bindings')[];
  check(ctx: RuleContext): void | Promise<void>;
}
