import type { RunResult } from '../checks/types.js';
import { failureLines, problemsOf } from './text.js';
import { xmlEscape as esc } from './xml.js';

/** JUnit XML as CI systems read it: one testsuite per API and operation, one testcase per scenario. */
export function junitReport(run: RunResult): string {
  const suites = new Map<string, typeof run.results>();
  for (const r of run.results) suites.set(`${r.api}.${r.operationId}`, [...(suites.get(`${r.api}.${r.operationId}`) ?? []), r]);
  const c = (rs: typeof run.results, o: string) => rs.filter((r) => r.outcome === o).length;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(`<testsuites name="specgate" tests="${run.results.length}" failures="${c(run.results, 'failed')}" errors="${c(run.results, 'error')}" skipped="${c(run.results, 'skipped')}" time="${(run.summary.durationMs / 1000).toFixed(3)}">`);
  for (const [name, rs] of suites) {
    const time = rs.reduce((t, r) => t + r.durationMs, 0) / 1000;
    lines.push(`  <testsuite name="${esc(name)}" tests="${rs.length}" failures="${c(rs, 'failed')}" errors="${c(rs, 'error')}" skipped="${c(rs, 'skipped')}" time="${time.toFixed(3)}" timestamp="${esc(run.startedAt.replace(/\.\d+Z$/, ''))}">`);
    for (const r of rs) {
      lines.push(`    <testcase classname="${esc(name)}" name="${esc(r.name)}" time="${(r.durationMs / 1000).toFixed(3)}">`);
      const detail = problemsOf(r)
        .flatMap((p) => [...(p.reason ? [p.reason] : []), ...(p.failure ? failureLines(p.failure) : []), ...(p.curl ? [`reproduce: ${p.curl}`] : [])])
        .join('\n');
      if (r.outcome === 'failed') {
        const first = problemsOf(r)[0]?.failure;
        lines.push(`      <failure type="${esc(first?.check ?? 'check')}" message="${esc(first?.message ?? 'failed')}">${esc(detail)}</failure>`);
      } else if (r.outcome === 'error') {
        lines.push(`      <error type="${esc(r.errorKind ?? 'error')}" message="${esc(r.reason ?? 'error')}">${esc(detail)}</error>`);
      } else if (r.outcome === 'skipped') {
        lines.push(`      <skipped message="${esc(r.reason ?? '')}"/>`);
      }
      lines.push(`      <system-out>${esc(r.id)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
