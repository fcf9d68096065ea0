/** The console report of verify. */
import type { RunResult } from '../run/types.js';
import { failureLines, groupLine } from '../report/text.js';
import { groupBy, summarize } from '../run/summary.js';

/**
 * The console report of `verify`: per API a count line, then every interaction that did not
 * pass, by name, with each of Pact's mismatches (and schema failures) on its own line, then the
 * warned ones. (json, junit and github reuse
 * the `check` formatters: an interaction is reported like a scenario.)
 */
export function verifyConsoleReport(run: RunResult): string {
  const out = [`specgate verify against ${run.target}`, ''];
  const groups = groupBy(run.results, (r) => r.api);
  const pad = Math.max(...[...groups.keys()].map((a) => a.length), 8);
  const columns = run.summary.warned ? (['passed', 'warned', 'failed', 'errors'] as const) : (['passed', 'failed', 'errors'] as const);
  for (const [api, rs] of groups) out.push(groupLine(api, pad, summarize(rs), columns));
  const bad = run.results.filter((r) => r.outcome === 'failed' || r.outcome === 'error');
  for (const r of bad) {
    out.push('', `✗ ${r.outcome === 'failed' ? 'FAILED' : `ERROR (${r.errorKind ?? 'run'})`} ${r.api} › ${r.operationId} › ${r.name}`);
    if (r.reason) out.push(`  ${r.reason}`);
    for (const f of r.steps.flatMap((s) => s.failures)) out.push(...failureLines(f).map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));
  }
  // An answer that departs only from an assumption of the spec (its schema check): shown, exit 0.
  for (const r of run.results.filter((x) => x.outcome === 'warned')) {
    out.push('', `! WARNED ${r.api} › ${r.operationId} › ${r.name}`);
    for (const f of r.steps.flatMap((st) => st.failures)) out.push(...failureLines(f).map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));
  }
  const s = run.summary;
  out.push('', `${s.passed} passed, ${s.warned ? `${s.warned} warned, ` : ''}${s.failed} failed, ${s.errors} errors (${s.total} interactions in ${s.durationMs} ms)`);
  return out.join('\n') + '\n';
}
