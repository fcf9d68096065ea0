/** The wording shared by reporters: failure lines, problems, warnings, count lines. */
import type { CheckFailure } from '../checks/types.js';
import type { RunResult, RunSummary, ScenarioResult } from '../run/types.js';

export const show = (v: unknown): string => {
  if (v === undefined) return '(absent)';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 200 ? s.slice(0, 200) + '…' : s;
};

/** The lines that explain one failure: the same wording in every reporter. */
export function failureLines(f: CheckFailure): string[] {
  const lines = [`${f.check}: ${f.message}`];
  if (f.pointer !== undefined && f.pointer !== '') lines.push(`at ${f.pointer}`);
  if (f.expected !== undefined || f.actual !== undefined) lines.push(`expected ${show(f.expected)}, actual ${show(f.actual)}`);
  if (f.source) lines.push(`source: "${f.source}"`);
  if (f.assumption) lines.push(`assumption: "${f.assumption}"`);
  return lines;
}

type Problem = { step?: string; failure?: CheckFailure; reason?: string; curl?: string };

/** What went wrong in a scenario: its reason (error, skip) or its source-backed failures. */
export function problemsOf(r: ScenarioResult): Problem[] {
  if (r.outcome === 'error' || r.outcome === 'skipped') return [{ reason: r.reason, curl: r.steps.at(-1)?.curl }];
  return r.steps.flatMap((s) => s.failures.filter((f) => f.severity !== 'warning').map((f) => ({ step: s.name, failure: f, curl: s.curl })));
}

/** Mismatches with assumptions only: reported with the assumption's text, failing only with --strict. */
export function warningsOf(r: ScenarioResult): Problem[] {
  return r.steps.flatMap((s) => s.failures.filter((f) => f.severity === 'warning').map((f) => ({ step: s.name, failure: f, curl: s.curl })));
}

/** Every line of a list of problems, as the file reporters embed them. */
export const problemText = (ps: Problem[]) =>
  ps.flatMap((p) => [...(p.reason ? [p.reason] : []), ...(p.failure ? failureLines(p.failure) : []), ...(p.curl ? [`reproduce: ${p.curl}`] : [])]).join('\n');

export const countLine = (r: RunResult) =>
  `${r.summary.passed} passed, ${r.summary.warned ? `${r.summary.warned} warned, ` : ''}${r.summary.failed} failed, ${r.summary.errors} errors, ${r.summary.skipped} skipped (${r.summary.total} scenarios in ${r.summary.durationMs} ms)`;

type Count = 'passed' | 'warned' | 'failed' | 'errors' | 'skipped';

/** One line of a console table: a group's label, its counts (from summarize) and FAIL / ERROR / ok. */
export function groupLine(label: string, pad: number, s: RunSummary, columns: readonly Count[]): string {
  const status = s.failed ? 'FAIL' : s.errors ? 'ERROR' : 'ok';
  return `  ${label.padEnd(pad)}  ${columns.map((c) => `${String(s[c]).padStart(3)} ${c}`).join('  ')}  ${status}`;
}
