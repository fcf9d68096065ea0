/** Counting outcomes and turning a run into an exit code: once, for check, validate and verify. */
import type { CheckFailure } from '../checks/types.js';
import type { Outcome, RunResult, RunSummary, ScenarioResult, StepResult } from './types.js';

export const isWarning = (f: CheckFailure) => f.severity === 'warning';

/** The outcome of a scenario whose steps all ran: failed on any source-backed failure, warned on assumptions only. */
export function outcomeOf(steps: StepResult[]): Outcome {
  const all = steps.flatMap((s) => s.failures);
  if (all.some((f) => !isWarning(f))) return 'failed';
  return all.length ? 'warned' : 'passed';
}

/** The counts of a run or of any group of its results (an API, an operation): the one counter every report uses. */
export function summarize(results: readonly Pick<ScenarioResult, 'outcome'>[], durationMs = 0): RunSummary {
  const s: RunSummary = { total: results.length, passed: 0, warned: 0, failed: 0, errors: 0, skipped: 0, durationMs };
  for (const r of results) {
    if (r.outcome === 'error') s.errors++;
    else s[r.outcome]++;
  }
  return s;
}

/** Results grouped by a key (API, operation), in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export interface ExitOptions {
  /** Warnings fail the run (exit 1). */
  strict?: boolean;
}

/**
 * 0 all is well; 1 nonconformance (or, with --strict, a warning); 2 the run could not judge
 * the target: unreachable, scenarios that could not run, or nothing checked at all.
 */
export function exitCodeOf(run: RunResult & { unreachable?: string }, opts: ExitOptions = {}): 0 | 1 | 2 {
  if (run.unreachable) return 2;
  if (run.summary.failed) return 1;
  if (opts.strict && run.summary.warned) return 1;
  if (run.summary.errors) return 2;
  if (run.summary.total - run.summary.skipped === 0) return 2;
  return 0;
}

/** The one-line reason printed first when the exit code is 2 (or undefined when it is not). */
export function exit2Reason(run: RunResult & { unreachable?: string }, command: string): string | undefined {
  if (run.unreachable) return `target ${run.target} unreachable: ${run.unreachable}`;
  if (run.summary.failed) return undefined;
  if (run.summary.errors) {
    const first = run.results.find((r) => r.outcome === 'error')!;
    return command === 'validate'
      ? `${run.summary.errors} entr${run.summary.errors === 1 ? 'y' : 'ies'} could not be fully checked (first, ${first.id}: ${first.reason})`
      : `${run.summary.errors} scenario(s) could not run (first: ${first.reason})`;
  }
  if (run.summary.total - run.summary.skipped === 0) {
    const first = run.results.find((r) => r.outcome === 'skipped');
    return run.summary.total
      ? `nothing was checked: all ${run.summary.total} ${command === 'validate' ? 'entries' : 'scenarios'} were skipped (first: ${first?.reason})`
      : `nothing was checked: no ${command === 'validate' ? 'entry of a known operation' : 'scenario'} to run`;
  }
  return undefined;
}
