import type { RunResult, ScenarioResult } from '../checks/types.js';
import { countLine, failureLines, problemsOf } from './text.js';

const MARK: Record<ScenarioResult['outcome'], string> = { passed: '.', failed: 'F', error: 'E', skipped: 's' };

/** One character per finished scenario, as pytest does, so a long run shows it is alive. */
export const progressMark = (r: ScenarioResult) => MARK[r.outcome];

export function consoleReport(run: RunResult): string {
  const out: string[] = [];
  out.push(`specgate check against ${run.target}${run.interrupted ? ' (INTERRUPTED: partial report)' : ''}`, '');
  const groups = new Map<string, ScenarioResult[]>();
  for (const r of run.results) {
    const k = `${r.api} ${r.operationId}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const pad = Math.max(...[...groups.keys()].map((k) => k.length), 10);
  for (const [k, rs] of groups) {
    const c = (o: string) => rs.filter((r) => r.outcome === o).length;
    const status = c('failed') ? 'FAIL' : c('error') ? 'ERROR' : 'ok';
    out.push(`  ${k.padEnd(pad)}  ${String(c('passed')).padStart(3)} passed  ${String(c('failed')).padStart(3)} failed  ${String(c('error')).padStart(3)} errors  ${String(c('skipped')).padStart(3)} skipped  ${status}`);
  }
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
  const skipped = run.results.filter((r) => r.outcome === 'skipped');
  if (skipped.length) {
    out.push('', 'Skipped:');
    for (const r of skipped) out.push(`  - ${r.api} › ${r.name}: ${r.reason}`);
  }
  out.push('', countLine(run));
  return out.join('\n') + '\n';
}
