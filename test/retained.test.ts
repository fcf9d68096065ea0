import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckRun } from '../src/run/check.js';
import { detailOf, ResultSpill } from '../src/run/keep.js';
import { reportChunks, REPORTERS } from '../src/report/index.js';
import type { ScenarioResult } from '../src/run/types.js';

const report = (run: CheckRun, reporter: string) => [...reportChunks(run, reporter, { specFiles: { mangopay: 'specs/mangopay/openapi.yaml' }, strict: false })].join('');

describe('a long run keeps passed results small: their detail waits in a spill file', () => {
  let full: CheckRun;
  let spilled: CheckRun;
  const spill = ResultSpill.open();
  let slim: ScenarioResult[];
  beforeAll(async () => {
    // The same run kept two ways: whole (as runCheck without a spill), and as `specgate check` keeps it.
    full = await runCheck({ coverage: true });
    slim = full.results.map(spill.keep);
    spilled = await runCheck({ coverage: true, spill });
  }, 60_000);
  afterAll(() => spill.close());

  it('every reporter writes the same report from the slimmed results as from the whole ones', () => {
    expect(full.results.filter((r) => r.outcome === 'passed').length).toBeGreaterThan(100);
    const kept = { ...full, results: slim };
    for (const reporter of REPORTERS) expect(report(kept, reporter), reporter).toBe(report(full, reporter));
    // The JSON report holds the exchanges of passed scenarios: read back from the file.
    expect(JSON.parse(report(kept, 'json')).results.filter((r: { outcome: string }) => r.outcome === 'passed').every((r: { steps: { response?: unknown; curl?: string }[] }) => r.steps.every((s) => s.response && s.curl))).toBe(true);
  });

  it('a passed result holds its verdict only; no step, exchange, body or curl line', () => {
    for (const r of slim.filter((x) => x.outcome === 'passed')) {
      expect(Object.keys(r)).toEqual(['id', 'name', 'api', 'operationId', 'kind', 'outcome', 'steps', 'durationMs']);
      expect(r.steps).toEqual([]);
      expect(Object.isFrozen(r.steps)).toBe(true);
      expect(detailOf(r)).toEqual(JSON.parse(JSON.stringify(full.results[slim.indexOf(r)])));
      expect(detailOf({ ...r })).toEqual(detailOf(r)); // a copy still finds its detail
    }
    // What a report shows in detail stays whole, in memory.
    const passed = full.results.find((r) => r.outcome === 'passed' && r.steps.length)!;
    const warned: ScenarioResult = { ...passed, outcome: 'warned', steps: [{ ...passed.steps[0], failures: [{ check: 'response_schema_conformance', message: 'm', severity: 'warning', assumption: 'a' }] }] };
    const error: ScenarioResult = { ...passed, outcome: 'error', errorKind: 'transport', reason: 'connection refused' };
    expect(spill.keep(warned)).toBe(warned);
    expect(spill.keep(error)).toBe(error);
  });

  it('runCheck with a spill: slim results, the same verdicts and coverage (read before slimming)', () => {
    expect(spilled.results.filter((r) => r.outcome === 'passed').every((r) => r.steps.length === 0 && detailOf(r).steps.length > 0)).toBe(true);
    expect(spilled.results.map((r) => `${r.id} ${r.outcome}`)).toEqual(full.results.map((r) => `${r.id} ${r.outcome}`));
    expect(spilled.coverage).toEqual(full.coverage);
    expect(spilled.coverage!.totals.statuses.reached).toBeGreaterThan(0);
  });

  it('a closed spill says so instead of reporting nothing', () => {
    const s = ResultSpill.open();
    const r = s.keep(full.results.find((x) => x.outcome === 'passed')!);
    s.close();
    expect(() => detailOf(r)).toThrow(/results file is closed/);
  });
});
