/** The console reporter: a table per operation, then every failure with its curl line. */
import type { RunResult, ScenarioResult } from '../run/types.js';
import { countLine, failureLines, groupLine, problemsOf, warningsOf } from './text.js';
import { groupBy, summarize } from '../run/summary.js';
import { coverageLines } from './coverage-text.js';

const MARK: Record<ScenarioResult['outcome'], string> = { passed: '.', warned: 'W', failed: 'F', error: 'E', skipped: 's' };

/** One character per finished scenario, as pytest does, so a long run shows it is alive. */
export const progressMark = (r: ScenarioResult) => MARK[r.outcome];

export function consoleReport(run: RunResult, command = 'check'): string {
  const out: string[] = [];
  out.push(`specgate ${command} ${command === 'validate' ? 'of' : 'against'} ${run.target}${run.interrupted ? ' (INTERRUPTED: partial report)' : ''}`, '');
  const groups = groupBy(run.results, (r) => `${r.api} ${r.operationId}`);
  const pad = Math.max(...[...groups.keys()].map((k) => k.length), 10);
  for (const [k, rs] of groups) out.push(groupLine(k, pad, summarize(rs), ['passed', 'warned', 'failed', 'errors', 'skipped']));
  const bad = run.results.filter((r) => r.outcome === 'failed' || r.outcome === 'error');
  if (bad.length) out.push('', bad.some((r) => r.outcome === 'failed') ? 'Failures:' : 'Errors:');
  for (const r of bad) {
    out.push('', `✗ ${r.outcome === 'failed' ? 'FAILED' : `ERROR (${r.errorKind ?? 'run'})`} ${r.api} › ${r.operationId} › ${r.name}`, `  scenario: ${r.id}`);
    let lastCurl: string | undefined;
    for (const p of problemsOf(r)) {
      if (p.reason) out.push(`  ${p.reason}`);
      if (p.failure) out.push(...failureLines(p.failure).map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));
      if (p.curl && p.curl !== lastCurl) lastCurl = p.curl;
    }
    if (lastCurl) out.push(`  reproduce: ${lastCurl}`);
  }
  const warned = run.results.filter((r) => warningsOf(r).length);
  if (warned.length) out.push('', 'Warnings (mismatches with an assumption, not a source sentence; --strict makes them fail):');
  for (const r of warned) {
    out.push('', `! WARNING ${r.api} › ${r.operationId} › ${r.name}`, `  scenario: ${r.id}`);
    for (const p of warningsOf(r)) out.push(...failureLines(p.failure!).map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));
    const curl = warningsOf(r).at(-1)?.curl;
    if (curl) out.push(`  reproduce: ${curl}`);
  }
  const skipped = run.results.filter((r) => r.outcome === 'skipped');
  if (skipped.length) {
    out.push('', 'Skipped:');
    for (const r of skipped) out.push(`  - ${r.api} › ${r.name}: ${r.reason}`);
  }
  if (run.coverage) out.push('', ...coverageLines(run.coverage));
  out.push('', countLine(run));
  return out.join('\n') + '\n';
}
