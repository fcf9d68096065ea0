import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { MockAgent } from 'undici';
import { runCheck } from '../src/run/check.js';
import { startReferenceProvider, type ReferenceProvider } from '../src/provider/index.js';
import { BIN } from './helpers/cli.js';

const PRODUCTION = { mangopay: 'https://api.mangopay.com', qonto: 'https://thirdparty.qonto.com', udara360: 'https://openapi.udara360.io' };

let provider: ReferenceProvider;
beforeAll(async () => {
  provider = await startReferenceProvider();
});
afterAll(() => provider.close());

/** Every request goes through this dispatcher; no real connection can leave the process. */
function sealedAgent() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  // The state endpoint is on loopback and may be reached; everything else is intercepted.
  agent.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
  const seen: string[] = [];
  for (const origin of [...Object.values(PRODUCTION), 'http://192.0.2.10:8080']) {
    agent
      .get(origin)
      .intercept({ path: () => true, method: () => true })
      .reply(200, (opts) => {
        seen.push(`${opts.method} ${origin}${opts.path}`);
        return {};
      })
      .persist();
  }
  return { agent, seen };
}

describe('destructive operations and real accounts', () => {
  it.each(Object.entries(PRODUCTION))('never sends a close operation to the %s production host, even with --allow-destructive', async (api, host) => {
    const { agent, seen } = sealedAgent();
    const run = await runCheck({ baseUrl: host, apis: [api], stateUrl: provider.stateUrl, dispatcher: agent, allowDestructive: true, negative: false });
    const destructive = run.results.filter((r) => /close/i.test(r.operationId) && r.outcome !== 'skipped');
    expect(destructive.length).toBeGreaterThan(0);
    for (const r of destructive) {
      expect(r).toMatchObject({ outcome: 'error', errorKind: 'guard', reason: expect.stringMatching(/production server/) });
      expect(r.steps).toEqual([]);
    }
    expect(seen.filter((s) => /^DELETE |\/close/i.test(s))).toEqual([]);
    await agent.close();
  });

  it('refuses a non-loopback host without --allow-destructive, and sends with it', async () => {
    const { agent, seen } = sealedAgent();
    const refused = await runCheck({ baseUrl: 'http://192.0.2.10:8080', apis: ['qonto'], stateUrl: provider.stateUrl, dispatcher: agent, negative: false });
    for (const r of refused.results) expect(r).toMatchObject({ outcome: 'error', errorKind: 'guard', reason: expect.stringMatching(/--allow-destructive/) });
    expect(seen).toEqual([]);
    await runCheck({ baseUrl: 'http://192.0.2.10:8080', apis: ['qonto'], stateUrl: provider.stateUrl, dispatcher: agent, negative: false, allowDestructive: true });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.includes('/v2/bank_accounts/'))).toBe(true);
    await agent.close();
  });

  // The CLI end to end, in an empty network namespace: even a bug could not reach the host.
  const unshare = (() => {
    try {
      execFileSync('unshare', ['-n', 'true'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!unshare)('the CLI refuses production hosts before connecting (run in an empty network namespace)', () => {
    let out = '';
    try {
      execFileSync('unshare', ['-n', process.execPath, BIN, 'check', '--base-url', PRODUCTION.qonto, '--api', 'qonto', '--allow-destructive', '--reporter', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { status: number; stdout: string };
      expect(err.status).toBe(2);
      out = err.stdout;
    }
    const report = JSON.parse(out);
    for (const r of report.results) expect(r).toMatchObject({ outcome: 'error', errorKind: 'guard' });
  });
});
