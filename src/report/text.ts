import type { CheckFailure, RunResult, ScenarioResult } from '../checks/types.js';

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
  return lines;
}

export function problemsOf(r: ScenarioResult): { step?: string; failure?: CheckFailure; reason?: string; curl?: string }[] {
  if (r.outcome === 'error' || r.outcome === 'skipped') return [{ reason: r.reason, curl: r.steps.at(-1)?.curl }];
  return r.steps.flatMap((s) => s.failures.map((f) => ({ step: s.name, failure: f, curl: s.curl })));
}

export const countLine = (r: RunResult) =>
  `${r.summary.passed} passed, ${r.summary.failed} failed, ${r.summary.errors} errors, ${r.summary.skipped} skipped (${r.summary.total} scenarios in ${r.summary.durationMs} ms)`;
