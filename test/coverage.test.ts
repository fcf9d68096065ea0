// check --coverage: documented statuses, examples, error identities, x-source rules and x-assumptions exercised, from the run's exchanges.
import { describe, expect, it } from 'vitest';
import { runCheck } from '../src/run/check.js';
import { startReferenceProvider } from '../src/provider/index.js';
import type { CoverageReport, OperationCoverage } from '../src/run/types.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';

const op = (c: CoverageReport, api: string, id: string) => c.operations.find((o) => o.api === api && o.operationId === id)!;
const missed = (o: OperationCoverage) => (['statuses', 'examples', 'errorIdentities', 'sourceRules', 'assumptions'] as const).flatMap((k) => o[k].filter((i) => !i.reached && !i.unreachable).map((i) => `${k} ${i.id}`));

describe('check --coverage', () => {
  it('the bundled suite on the reference provider reaches every reachable item; unreachable ones say why', async () => {
    const run = await runCheck({ coverage: true });
    const cov = run.coverage!;
    expect(cov.operations.map((o) => `${o.api}.${o.operationId}`)).toEqual(['mangopay.createLegalUserSca', 'mangopay.updateLegalUser', 'mangopay.closeLegalUser', 'qonto.closeBusinessAccount', 'udara360.closeAccount']);
    expect(cov.operations.flatMap(missed)).toEqual([]);
    for (const r of Object.values(cov.totals)) expect(r.reached).toBe(r.total);
    const u = op(cov, 'udara360', 'closeAccount');
    expect(u.statuses.find((s) => s.id === '500')).toMatchObject({ reached: false, unreachable: expect.stringMatching(/system fail/) });
    expect(u.statuses.filter((s) => !s.unreachable).every((s) => s.reached)).toBe(true);
    // Every rule is exercised and held: no x-source rule failed on the reference provider.
    expect(cov.operations.flatMap((o) => o.sourceRules).filter((r) => r.state !== 'passed' && !r.unreachable)).toEqual([]);
    const mp = op(cov, 'mangopay', 'createLegalUserSca');
    expect(mp.errorIdentities.map((i) => i.id)).toEqual(expect.arrayContaining(['param_error', 'fraud_policy', 'idempotent_creation_conflict']));
    expect(mp.sourceRules.length).toBeGreaterThan(50);
  }, 60_000);

  it('a fault shows: the rule it breaks failed, the example it stops is not reached', async () => {
    const provider = await startReferenceProvider({ faults: ['mangopay.close.ignores-wallets', 'mangopay.update.creation-date-as-string'] });
    try {
      const run = await runCheck({ baseUrl: provider.url, stateUrl: provider.stateUrl, apis: ['mangopay'], headers: { Authorization: 'Bearer specgate-reference-token' }, coverage: true, negative: false });
      const close = op(run.coverage!, 'mangopay', 'closeLegalUser');
      // Non-empty wallets now answer 204: the documented 400 example and its identity are never met.
      expect(close.examples.find((e) => e.id === '400 user_closure_not_possible')!.reached).toBe(false);
      expect(close.errorIdentities.find((e) => e.id === 'user_closure_not_possible')!.reached).toBe(false);
      const update = op(run.coverage!, 'mangopay', 'updateLegalUser');
      const failed = update.sourceRules.filter((r) => r.state === 'failed');
      expect(failed.map((r) => r.id)).toContain('/components/schemas/LegalUserResponse/properties/CreationDate');
      expect(run.coverage!.totals.examples.reached).toBeLessThan(run.coverage!.totals.examples.total);
    } finally {
      await provider.close();
    }
  }, 60_000);

  it('the console shows the figures and what was not reached; the JSON report holds the same data; the config file can ask for it', async () => {
    const text = await cli(['check', '--coverage', '--api', 'udara360']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Coverage \(documented items exercised/);
    expect(text.stdout).toMatch(/udara360 closeAccount\s+3\/3 100%/);
    expect(text.stdout).toMatch(/udara360 › closeAccount › statuses 500: unreachable: no documented request or state makes the system fail/);
    const json = await cli(['check', '--coverage', '--api', 'udara360', '--reporter', 'json']);
    const report = JSON.parse(json.stdout) as { coverage: CoverageReport };
    expect(report.coverage.totals.statuses).toEqual({ reached: 3, total: 3 });
    const without = JSON.parse((await cli(['check', '--api', 'udara360', '--reporter', 'json'])).stdout) as { coverage?: unknown };
    expect(without.coverage).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'specgate-coverage-'));
    writeFileSync(join(dir, 'specgate.config.yaml'), 'apis: [udara360]\ncoverage: true\nreporters: [json]\n');
    const fromFile = JSON.parse((await cli(['check'], { cwd: dir })).stdout) as { coverage: CoverageReport };
    expect(fromFile.coverage.totals).toEqual(report.coverage.totals);
    writeFileSync(join(dir, 'specgate.config.yaml'), 'coverage: yes please\n');
    const bad = await cli(['check'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/specgate\.config\.yaml:1:\d+: .*coverage/);
  }, 60_000);
});
