/** JUnit XML reporter: one testsuite per API and operation, one uniquely named testcase per scenario. */
import type { RunResult } from '../run/types.js';
import { problemsOf, problemText, warningsOf } from './text.js';
import { xmlEscape as esc } from '../util/escape.js';
import { groupBy, summarize } from '../run/summary.js';

/** JUnit XML as CI systems read it: one testsuite per API and operation, one testcase per scenario. */
export function junitReport(run: RunResult): string {
  const suites = groupBy(run.results, (r) => `${r.api}.${r.operationId}`);
  const counts = (rs: typeof run.results) => {
    const s = summarize(rs);
    return `tests="${s.total}" failures="${s.failed}" errors="${s.errors}" skipped="${s.skipped}"`;
  };
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(`<testsuites name="specgate" ${counts(run.results)} time="${(run.summary.durationMs / 1000).toFixed(3)}">`);
  for (const [name, rs] of suites) {
    // CI systems key testcases by classname + name: a name that repeats (HAR entries of one
    // operation) gets the result's id, so no two testcases are merged or overwritten.
    const repeated = new Set(rs.map((r) => r.name).filter((n, i, all) => all.indexOf(n) !== i));
    const time = rs.reduce((t, r) => t + r.durationMs, 0) / 1000;
    lines.push(`  <testsuite name="${esc(name)}" ${counts(rs)} time="${time.toFixed(3)}" timestamp="${esc(run.startedAt.replace(/\.\d+Z$/, ''))}">`);
    for (const r of rs) {
      lines.push(`    <testcase classname="${esc(name)}" name="${esc(repeated.has(r.name) ? `${r.name} [${r.id}]` : r.name)}" time="${(r.durationMs / 1000).toFixed(3)}">`);
      const detail = problemText(problemsOf(r));
      if (r.outcome === 'failed') {
        const first = problemsOf(r)[0]?.failure;
        lines.push(`      <failure type="${esc(first?.check ?? 'check')}" message="${esc(first?.message ?? 'failed')}">${esc(detail)}</failure>`);
      } else if (r.outcome === 'error') {
        lines.push(`      <error type="${esc(r.errorKind ?? 'error')}" message="${esc(r.reason ?? 'error')}">${esc(detail)}</error>`);
      } else if (r.outcome === 'skipped') {
        lines.push(`      <skipped message="${esc(r.reason ?? '')}"/>`);
      }
      // A warning is a passing testcase that says what was assumed.
      const warnings = warningsOf(r);
      if (warnings.length) lines.push('      <properties>', ...warnings.map((w) => `        <property name="specgate.warning" value="${esc(`${w.failure!.check}: ${w.failure!.message}`)}"/>`), '      </properties>');
      lines.push(`      <system-out>${esc([r.id, ...(warnings.length ? [`WARNING (assumption, not a source sentence):\n${problemText(warnings)}`] : [])].join('\n'))}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
