/** Joining the JSON reports of `check --shard I/N` runs into one run, as if it had run unsharded. */
import { SetupError } from '../errors.js';
import type { Shard } from './shard.js';
import { summarize } from './summary.js';
import type { CoverageItem, CoverageReport, OperationCoverage, Ratio, RuleCoverage, RunResult } from './types.js';

export type ShardRun = RunResult & { unreachable?: string; specFiles?: Record<string, string>; shard?: Shard & { scenarios?: number } };

const RULE_STATE: RuleCoverage['state'][] = ['failed', 'warned', 'passed', 'not-exercised'];
const KINDS = ['statuses', 'examples', 'errorIdentities', 'sourceRules', 'assumptions'] as const;

/** Coverage of the whole suite: an item is reached if any shard reached it; a rule keeps its worst state. */
export function mergeCoverage(reports: CoverageReport[]): CoverageReport {
  const ops = new Map<string, OperationCoverage>();
  for (const report of reports) {
    for (const op of report.operations) {
      const key = `${op.api}\u0000${op.operationId}`;
      const have = ops.get(key);
      if (!have) {
        ops.set(key, structuredClone(op));
        continue;
      }
      for (const kind of KINDS) {
        const items = have[kind] as CoverageItem[];
        for (const item of op[kind] as CoverageItem[]) {
          const mine = items.find((i) => i.id === item.id);
          if (!mine) {
            items.push(structuredClone(item));
            continue;
          }
          mine.reached ||= item.reached;
          // Unreachable only when no shard reached it and every shard says so.
          if (mine.reached || !item.unreachable) delete mine.unreachable;
          if ('state' in mine && 'state' in item) {
            const a = mine as RuleCoverage;
            a.state = RULE_STATE[Math.min(RULE_STATE.indexOf(a.state), RULE_STATE.indexOf((item as RuleCoverage).state))];
          }
        }
      }
    }
  }
  const operations = [...ops.values()];
  const ratio = (kind: (typeof KINDS)[number]): Ratio => {
    const items = operations.flatMap((o) => o[kind] as CoverageItem[]).filter((i) => !i.unreachable);
    return { reached: items.filter((i) => i.reached).length, total: items.length };
  };
  return { operations, totals: { statuses: ratio('statuses'), examples: ratio('examples'), errorIdentities: ratio('errorIdentities'), sourceRules: ratio('sourceRules'), assumptions: ratio('assumptions') } };
}

/**
 * One run from the shards: every result once (sorted by scenario id), counts recomputed, the
 * wall time of the slowest shard. Shards must be complete (1..N, each once, same N): a missing
 * shard would otherwise pass for a clean run. Reports without shard info are joined as they are.
 */
export function mergeRuns(runs: { file: string; run: ShardRun }[]): ShardRun {
  if (!runs.length) throw new SetupError('no reports to merge');
  const sharded = runs.filter((r) => r.run.shard);
  if (sharded.length && sharded.length !== runs.length) {
    throw new SetupError(`${runs.find((r) => !r.run.shard)!.file} is not a shard report (check --shard I/N) while others are`);
  }
  if (sharded.length) {
    const total = runs[0].run.shard!.total;
    const seen = new Map<number, string>();
    for (const { file, run } of runs) {
      if (run.shard!.total !== total) throw new SetupError(`${file} is shard ${run.shard!.index}/${run.shard!.total}, but ${runs[0].file} is of ${total} shards`);
      if (seen.has(run.shard!.index)) throw new SetupError(`shard ${run.shard!.index}/${total} given twice: ${seen.get(run.shard!.index)} and ${file}`);
      seen.set(run.shard!.index, file);
    }
    const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));
    if (missing.length) throw new SetupError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} missing: a merge of some shards is not the whole run`);
  }
  const owner = new Map<string, string>();
  for (const { file, run } of runs) {
    for (const r of run.results) {
      if (owner.has(r.id)) throw new SetupError(`scenario ${r.id} is in both ${owner.get(r.id)} and ${file}: were these shards of one run?`);
      owner.set(r.id, file);
    }
  }
  // Each shard knows how many scenarios the whole run has: different counts are different runs.
  const counts = [...new Set(runs.map((r) => r.run.shard?.scenarios).filter((n) => n !== undefined))];
  if (counts.length > 1) throw new SetupError(`the shards are of different runs: ${runs.map((r) => `${r.file} of ${r.run.shard!.scenarios} scenarios`).join(', ')}`);
  const results = runs.flatMap((r) => r.run.results).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const targets = [...new Set(runs.map((r) => r.run.target))];
  const unreachable = runs.find((r) => r.run.unreachable);
  const coverages = runs.map((r) => r.run.coverage).filter((c): c is CoverageReport => !!c);
  const merged: ShardRun = {
    target: targets.join(', '),
    startedAt: runs.map((r) => r.run.startedAt).sort()[0],
    results,
    summary: summarize(results, Math.max(...runs.map((r) => r.run.summary.durationMs))),
    specFiles: Object.assign({}, ...runs.map((r) => r.run.specFiles ?? {})),
  };
  if (runs.some((r) => r.run.interrupted)) merged.interrupted = true;
  if (unreachable) merged.unreachable = `${unreachable.run.unreachable} (${unreachable.file})`;
  if (coverages.length) merged.coverage = mergeCoverage(coverages);
  return merged;
}
