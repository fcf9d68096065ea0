/** Documentation coverage as text (`check --coverage` on the console): totals, per operation, and every item not reached. */
import type { CoverageItem, CoverageReport, Ratio, RuleCoverage } from '../run/types.js';

const KINDS = [
  ['statuses', 'statuses'],
  ['examples', 'examples'],
  ['errorIdentities', 'error identities'],
  ['sourceRules', 'x-source rules'],
  ['assumptions', 'x-assumptions'],
] as const;

const pct = (r: Ratio) => (r.total ? `${Math.floor((100 * r.reached) / r.total)}%` : '-');
const ratio = (r: Ratio) => `${r.reached}/${r.total} ${pct(r)}`.padEnd(13);
const ratioOf = (items: CoverageItem[]): Ratio => {
  const reachable = items.filter((i) => !i.unreachable);
  return { reached: reachable.filter((i) => i.reached).length, total: reachable.length };
};
const short = (text: string) => {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 90 ? s.slice(0, 89) + '…' : s;
};

export function coverageLines(cov: CoverageReport): string[] {
  const out = ['Coverage (documented items exercised; unreachable ones, with their reason, are not counted):'];
  out.push('  ' + KINDS.map(([k, label]) => `${label} ${cov.totals[k].reached}/${cov.totals[k].total} (${pct(cov.totals[k])})`).join(', '));
  const pad = Math.max(...cov.operations.map((o) => `${o.api} ${o.operationId}`.length), 10);
  out.push('', `  ${''.padEnd(pad)}  ${KINDS.map(([, l]) => l.padEnd(13)).join(' ')}`);
  for (const op of cov.operations) out.push(`  ${`${op.api} ${op.operationId}`.padEnd(pad)}  ${KINDS.map(([k]) => ratio(ratioOf(op[k]))).join(' ')}`);
  const missed: string[] = [];
  const rulesByState: string[] = [];
  for (const op of cov.operations) {
    for (const [k, label] of KINDS) {
      for (const i of op[k] as (CoverageItem | RuleCoverage)[]) {
        const text = 'text' in i ? ` "${short(i.text)}"` : '';
        if (i.unreachable) missed.push(`  - ${op.api} › ${op.operationId} › ${label} ${i.id}${text}: unreachable: ${i.unreachable}`);
        else if (!i.reached) missed.push(`  - ${op.api} › ${op.operationId} › ${label} ${i.id}${text}: not exercised`);
        else if ('state' in i && (i.state === 'failed' || i.state === 'warned')) rulesByState.push(`  - ${op.api} › ${op.operationId} › ${label} ${i.id}${text}: ${i.state}`);
      }
    }
  }
  if (rulesByState.length) out.push('', 'Rules exercised and not held:', ...rulesByState);
  if (missed.length) out.push('', 'Not reached:', ...missed);
  return out;
}
