import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReferenceProvider } from '../src/provider/index.js';
import { FAULTS, VARIANTS, type FaultName, type VariantName } from '../src/testing.js';
import { runCheck } from '../src/run/check.js';
import { exitCodeOf } from '../src/run/summary.js';

/**
 * The suite's yardstick: every deliberate bug in the reference provider must be caught by the
 * scenario meant to catch it, and correct-but-unusual behaviour must never be flagged.
 */
const score = { caught: 0, missed: [] as string[], falseAlarms: [] as string[] };

async function check(opts: { faults?: FaultName[]; variants?: VariantName[]; apis?: string[] }) {
  const provider = await startReferenceProvider({ faults: opts.faults, variants: opts.variants });
  try {
    return await runCheck({ baseUrl: provider.url, stateUrl: provider.stateUrl, apis: opts.apis, headers: { Authorization: 'Bearer specgate-reference-token' }, concurrency: 8 });
  } finally {
    await provider.close();
  }
}

describe('mutation self-test: each faulty provider is caught by its intended scenario', () => {
  // The catalog's size and spread over the five operations: test/provider.test.ts ('faults (mutation self-test hook)').
  it.each(FAULTS.map((f) => [f.name, f] as const))('%s', async (name, fault) => {
    const run = await check({ faults: [name as FaultName], apis: [fault.api] });
    const failed = run.results.filter((r) => r.outcome === 'failed').map((r) => r.name);
    const missing = fault.caughtBy.filter((s) => !failed.includes(s));
    if (missing.length) score.missed.push(`${name} (not flagged by: ${missing.join('; ')})`);
    else score.caught++;
    expect(missing, `${fault.description}; failed scenarios: ${failed.join('; ')}`).toEqual([]);
    // A fault is a conformance failure, never an error of setup or transport.
    expect(run.results.filter((r) => r.outcome === 'error').map((r) => `${r.name}: ${r.reason}`)).toEqual([]);
  });
});

describe('correct-but-unusual implementations pass', () => {
  it.each([...VARIANTS.map((v) => [v.name, [v.name]] as const), ['all variants at once', VARIANTS.map((v) => v.name)] as const])('%s', async (name, variants) => {
    const run = await check({ variants: variants as VariantName[] });
    const flagged = run.results.filter((r) => r.outcome === 'failed' || r.outcome === 'error').map((r) => r.name);
    if (flagged.length) score.falseAlarms.push(`${name}: ${flagged.join('; ')}`);
    expect(flagged).toEqual([]);
    expect(run.summary.passed).toBeGreaterThan(100);
    // Another reading of an x-assumption passes with a warning exactly where it departs, and --strict flags it.
    const warnedBy = new Set(VARIANTS.filter((v) => (variants as readonly string[]).includes(v.name)).flatMap((v) => v.warnedBy));
    expect(new Set(run.results.filter((r) => r.outcome === 'warned').map((r) => r.name))).toEqual(warnedBy);
    for (const r of run.results.filter((x) => x.outcome === 'warned')) {
      for (const f of r.steps.flatMap((s) => s.failures)) expect(f.assumption, `${r.name}: ${f.message}`).toBeTruthy();
    }
    expect(exitCodeOf(run)).toBe(0);
    expect(exitCodeOf(run, { strict: true })).toBe(warnedBy.size ? 1 : 0);
  });
});

describe("the README's list of variants", () => {
  it('is VARIANTS: every name in order, warned scenarios exactly for the assumption variants, the count in the score', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### The mutation self-test'), readme.indexOf('### Traceability'));
    const rows = section.split('\n').filter((l) => /^\| `[a-z0-9-]+` \|/.test(l)).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    expect(rows.map((r) => r[0])).toEqual(VARIANTS.map((v) => `\`${v.name}\``));
    expect(rows.map((r) => r[2] !== 'none')).toEqual(VARIANTS.map((v) => v.warnedBy.length > 0));
    expect(section).toContain(`${FAULTS.length}/${FAULTS.length} faults caught, 0 false alarms over ${VARIANTS.length} correct variants`);
  });
});

afterAll(() => {
  const total = FAULTS.length;
  console.log(`\nmutation score: ${score.caught}/${total} faults caught, ${score.falseAlarms.length} false alarms over ${VARIANTS.length} correct variants (and all at once)`);
  for (const m of score.missed) console.log(`  missed: ${m}`);
  for (const f of score.falseAlarms) console.log(`  false alarm: ${f}`);
});
