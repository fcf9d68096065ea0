import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceProvider, type ReferenceProvider } from '../src/provider/index.js';
import { cli } from './helpers/cli.js';

/** Every Request-Reference the run sent, from its HAR. */
function references(har: string): string[] {
  const entries = (JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: { request: { headers: { name: string; value: string }[] } }[] } }).log.entries;
  return entries.flatMap((e) => e.request.headers.filter((h) => h.name.toLowerCase() === 'request-reference').map((h) => h.value));
}

describe('idempotency keys are fresh for every run ({{runId}})', () => {
  // A long-lived target remembers every Request-Reference it processed: a second run that sent the
  // first run's keys would get replays (26, or a copy) where it asks for a first closure.
  let provider: ReferenceProvider;
  beforeAll(async () => {
    provider = await startReferenceProvider();
  });
  afterAll(() => provider.close());

  it('two checks against one provider send disjoint Request-References, and both pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-runid-'));
    const runs = [];
    for (const n of [1, 2]) {
      const har = join(dir, `run${n}.har`);
      const r = await cli(['check', '--base-url', provider.url, '--state-url', provider.stateUrl, '--api', 'udara360', '--header', 'Authorization: Bearer run-id-token', '--har', har]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      runs.push(references(har));
    }
    const [first, second] = runs;
    // The keys that name no account (credentials left out, an invalid token) are the ones a fixed text would repeat.
    expect(first.some((ref) => ref.startsWith('specgate-no-credentials-'))).toBe(true);
    expect(first.length).toBeGreaterThan(5);
    expect(second.filter((ref) => first.includes(ref))).toEqual([]);
    // One id per run, on every key of that run.
    const ids = runs.map((refs) => new Set(refs.map((ref) => ref.slice(ref.lastIndexOf('-') + 1))));
    for (const s of ids) expect(s.size).toBe(1);
    expect([...ids[0]][0]).toMatch(/^[0-9a-f]{12}$/);
  });
});
