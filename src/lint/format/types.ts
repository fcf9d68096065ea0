/** What a lint formatter receives and returns, and the path shown for a file. */
import { isAbsolute, relative, sep } from 'node:path';
import type { LintResult } from '../run.js';
import type { SeveritySetting } from '../types.js';

/** Everything a formatter may show. Formatters only render: pass/fail is decided in run.ts. */
export interface LintReport {
  result: LintResult;
  rules: { id: string; description: string; level: SeveritySetting }[];
  /** Paths are shown relative to this folder (the repository root in CI). */
  cwd: string;
  tool: { name: string; version: string };
}

export type Formatter = (report: LintReport) => string;

/** Repository-relative with forward slashes (what GitHub and SARIF expect); absolute when outside cwd. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return file.split(sep).join('/');
  return rel.split(sep).join('/');
}
