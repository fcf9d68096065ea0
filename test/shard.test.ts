// --shard I/N and merge-reports: three shards, merged, are the unsharded run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { startReferenceProvider, type ReferenceProvider } from '../src/provider/index.js';
import { loadBundledApis } from '../src/validate/load.js';
import { scenariosFor } from '../src/scenarios/index.js';
import type { Scenario } from '../src/scenarios/types.js';
import { lockGroups, parseShard, shardScenarios } from '../src/run/shard.js';
import { mergeCoverage } from '../src/run/merge.js';
import type { CoverageReport } from '../src/run/types.js';
import { cli } from './helpers/cli.js';

let all: Scenario[] = [];
beforeAll(async () => {
  all = (await loadBundledApis()).flatMap((a) => scenariosFor(a));
});

describe('shardScenarios', () => {
  it('splits every scenario into exactly one of N shards, balanced within one, whatever the input order', () => {
    for (const total of [1, 2, 3, 7]) {
      const shards = Array.from({ length: total }, (_, i) => shardScenarios(all, { index: i + 1, total }).map((s) => s.id));
      expect(shards.flat().sort()).toEqual(all.map((s) => s.id).sort());
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      // Deterministic: the same ids land in the same shard when the specs load in another order.
      const reversed = Array.from({ length: total }, (_, i) => shardScenarios([...all].reverse(), { index: i + 1, total }).map((s) => s.id).sort());
      expect(reversed).toEqual(shards.map((s) => [...s].sort()));
    }
  });

  it('keeps the scenarios of the original order within a shard, and each multi-step scenario whole', () => {
    const shard = shardScenarios(all, { index: 2, total: 3 });
    const positions = shard.map((s) => all.indexOf(s));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const multi = all.filter((s) => s.steps.length > 1);
    expect(multi.length).toBeGreaterThan(0);
    for (const s of multi) {
      const where = [1, 2, 3].filter((i) => shardScenarios(all, { index: i, total: 3 }).includes(s));
      expect(where).toHaveLength(1);
      expect(shardScenarios(all, { index: where[0], total: 3 }).find((x) => x.id === s.id)!.steps).toHaveLength(s.steps.length);
    }
  });

  it('puts scenarios that share a provider-wide state lock, directly or through a chain, in one shard', () => {
    const locked = all.map((s, i) => ({ ...s, locks: i % 17 === 0 ? ['wallets'] : i % 23 === 0 ? ['wallets', 'ledger'] : i % 29 === 0 ? ['ledger'] : undefined }));
    const group = locked.filter((s) => s.locks);
    expect(group.length).toBeGreaterThan(10);
    expect(lockGroups(locked).find((g) => g.length > 1)!.map((s) => s.id).sort()).toEqual(group.map((s) => s.id).sort());
    const shards = [1, 2, 3].map((index) => shardScenarios(locked, { index, total: 3 }));
    const holding = shards.filter((sh) => sh.some((s) => s.locks));
    expect(holding).toHaveLength(1);
    expect(holding[0].filter((s) => s.locks)).toHaveLength(group.length);
    expect(shards.flat()).toHaveLength(locked.length);
    // The group counts with its size: the other shards take up the rest evenly.
    const sizes = shards.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(group.length);
  });

  it('--shard must be I/N with 1 ≤ I ≤ N', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
    for (const bad of ['0/3', '4/3', '3', '1/0', 'a/b', '1/3/2']) expect(() => parseShard(bad)).toThrow(/--shard must look like I\/N/);
  });
});

describe('mergeCoverage', () => {
  it('an item is reached if any shard reached it; a rule keeps its worst state; totals count reachable items', () => {
    const op = (reached: boolean, state: 'passed' | 'failed' | 'not-exercised'): CoverageReport => ({
      operations: [{ api: 'a', operationId: 'o', statuses: [{ id: '200', reached }, { id: '500', reached: false, unreachable: 'no way' }], examples: [], errorIdentities: [], sourceRules: [{ id: '/x', reached: state !== 'not-exercised', text: 't', state }], assumptions: [] }],
      totals: { statuses: { reached: 0, total: 0 }, examples: { reached: 0, total: 0 }, errorIdentities: { reached: 0, total: 0 }, sourceRules: { reached: 0, total: 0 }, assumptions: { reached: 0, total: 0 } },
    });
    const m = mergeCoverage([op(false, 'not-exercised'), op(true, 'failed'), op(false, 'passed')]);
    expect(m.operations).toHaveLength(1);
    expect(m.operations[0].statuses.find((s) => s.id === '200')!.reached).toBe(true);
    expect(m.operations[0].sourceRules[0].state).toBe('failed');
    expect(m.totals.statuses).toEqual({ reached: 1, total: 1 });
    expect(m.totals.sourceRules).toEqual({ reached: 1, total: 1 });
  });
});

describe('check --shard 1/3, 2/3, 3/3, merged, is the unsharded run', () => {
  let provider: ReferenceProvider;
  const dir = mkdtempSync(join(tmpdir(), 'specgate-shard-'));
  beforeAll(async () => {
    provider = await startReferenceProvider({ faults: ['qonto.close.balance-as-number', 'mangopay.close.ignores-wallets'] });
  });
  afterAll(() => provider.close());
  const args = () => ['check', '--base-url', provider.url, '--state-url', provider.stateUrl, '--header', 'Authorization: Bearer shard-token-1', '--reporter', 'json', '--coverage'];
  type Report = { results: { id: string; outcome: string }[]; summary: { total: number; failed: number }; shard?: { index: number; total: number }; coverage?: CoverageReport };
  const outcomes = (r: Report) => Object.fromEntries(r.results.map((x) => [x.id, x.outcome]));

  it('same scenario ids, same outcomes, same exit code; JUnit and console from the merge', async () => {
    const whole = await cli([...args(), '--output', join(dir, 'whole.json')]);
    expect(whole.code).toBe(1);
    const shards = await Promise.all([1, 2, 3].map((i) => cli([...args(), '--shard', `${i}/3`, '--output', join(dir, `shard-${i}.json`)])));
    const reports = [1, 2, 3].map((i) => JSON.parse(readFileSync(join(dir, `shard-${i}.json`), 'utf8')) as Report);
    const unsharded = JSON.parse(readFileSync(join(dir, 'whole.json'), 'utf8')) as Report;
    expect(reports.map((r) => r.shard)).toEqual([1, 2, 3].map((index) => expect.objectContaining({ index, total: 3 })));
    // Each shard ran only its part: a third each, within one.
    const sizes = reports.map((r) => r.summary.total);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(unsharded.summary.total);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    // A shard's exit code is its own part's: 1 where a failure fell into it.
    expect(shards.map((s) => s.code)).toEqual(reports.map((r) => (r.summary.failed ? 1 : 0)));

    const files = [1, 2, 3].map((i) => join(dir, `shard-${i}.json`));
    const merged = await cli(['merge-reports', ...files, '--reporter', 'json']);
    expect(merged.code).toBe(whole.code);
    const m = JSON.parse(merged.stdout) as Report;
    expect(m.results.map((x) => x.id)).toEqual(unsharded.results.map((x) => x.id).sort());
    expect(outcomes(m)).toEqual(outcomes(unsharded));
    expect(Object.values(outcomes(unsharded)).filter((o) => o === 'failed')).toHaveLength(2);
    for (const s of [...shards, merged]) expect(s.stdout + s.stderr).not.toContain('shard-token-1');
    expect(m.summary).toMatchObject({ ...unsharded.summary, durationMs: expect.any(Number) });
    // Documentation coverage too: each shard reached only part of it, the merge all of it.
    expect(unsharded.coverage!.totals.statuses.reached).toBeGreaterThan(Math.max(...reports.map((r) => r.coverage!.totals.statuses.reached)));
    expect(m.coverage).toEqual(unsharded.coverage);

    const xmlFile = join(dir, 'merged.xml');
    const junit = await cli(['merge-reports', ...[...files].reverse(), '--reporter', 'junit', '--output', xmlFile]);
    expect(junit.code).toBe(1);
    expect(junit.stderr).toContain(`report written to ${xmlFile}`);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(xmlFile, 'utf8'));
    expect(Number(xml.testsuites.tests)).toBe(unsharded.summary.total);
    expect(Number(xml.testsuites.failures)).toBe(unsharded.summary.failed);

    const text = await cli(['merge-reports', ...files]);
    expect(text.stdout).toContain('FAILED qonto › closeBusinessAccount › close a business account');
    expect(text.stdout).toContain('at /bank_account/balance');
  }, 120_000);

  it('a missing, doubled or foreign shard is exit 2 with the reason, never a clean merge', async () => {
    const f = (i: number) => join(dir, `shard-${i}.json`);
    const missing = await cli(['merge-reports', f(1), f(2)]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^specgate merge-reports: shard 3\/3 missing/);
    const twice = await cli(['merge-reports', f(1), f(2), f(2)]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/shard 2\/3 given twice/);
    const foreign = await cli(['merge-reports', f(1), f(2), f(3), join(dir, 'whole.json')]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/whole\.json is not a shard report/);
    writeFileSync(join(dir, 'junk.json'), '{"not": "a report"}');
    const junk = await cli(['merge-reports', join(dir, 'junk.json')]);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/junk\.json: not a specgate JSON report/);
    const badShard = await cli(['check', '--shard', '4/3']);
    expect(badShard.code).toBe(2);
    expect(badShard.stderr).toMatch(/--shard must look like I\/N/);
  }, 60_000);
});
