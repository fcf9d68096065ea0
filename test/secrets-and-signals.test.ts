import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceProvider, type ReferenceProvider } from '../src/provider/index.js';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const SECRET = 'sgSECRETtoken-5f1e9a7c';
let provider: ReferenceProvider;
let faulty: ReferenceProvider;
let stateProxy: TestServer;
const stateTokens: string[] = [];

beforeAll(async () => {
  provider = await startReferenceProvider();
  faulty = await startReferenceProvider({ faults: ['qonto.close.balance-as-number', 'qonto.close.invalid-token-403'] });
  // A state endpoint in front of the provider's, recording the tokens states hand out (Qonto's scope-less token).
  stateProxy = await startServer(async (req, res) => {
    const r = await fetch(faulty.stateUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: req.body });
    const text = await r.text();
    const token = (JSON.parse(text || '{}') as { token?: string }).token;
    if (token) stateTokens.push(token);
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end(text);
  });
});
afterAll(async () => {
  await stateProxy.close();
  await provider.close();
  await faulty.close();
});

describe('secrets never appear in any output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'specgate-secrets-'));
  const secrets = () => [SECRET, ...stateTokens];

  it.each(['console', 'json', 'junit', 'github'])('check --reporter %s (with --har and a failing scenario so curl lines are printed)', async (reporter) => {
    const har = join(dir, `${reporter}.har`);
    // With the header as --header and as a --var, and the qonto fault so failures print curl lines.
    const r = await cli(['check', '--base-url', faulty.url, '--state-url', stateProxy.url, '--header', `Authorization: Bearer ${SECRET}`, '--header', `X-Qonto-Staging-Token: ${SECRET}`, '--var', `api_key=${SECRET}`, '--reporter', reporter, '--har', har, '--api', 'qonto', '--api', 'udara360', '--timeout-ms', '5000']);
    expect(r.code).toBe(1);
    if (reporter !== 'github') expect(r.stdout).toContain('curl ');
    const harText = readFileSync(har, 'utf8');
    expect(JSON.parse(harText).log.entries.length).toBeGreaterThan(5);
    expect(stateTokens.length).toBeGreaterThan(0);
    for (const s of secrets()) for (const o of [r.stdout, r.stderr, harText]) expect(o).not.toContain(s);
  });

  it('validate of a HAR that holds the secret does not print it', async () => {
    const har = join(dir, 'raw.har');
    const entry = {
      startedDateTime: new Date().toISOString(),
      time: 1,
      request: { method: 'POST', url: 'http://127.0.0.1:1/v2/bank_accounts/00000000-0000-4000-8000-000000000000/close', httpVersion: 'HTTP/1.1', headers: [{ name: 'Authorization', value: `Bearer ${SECRET}` }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
      response: { status: 418, statusText: '', httpVersion: 'HTTP/1.1', headers: [{ name: 'content-type', value: 'application/json' }], cookies: [], content: { size: 2, mimeType: 'application/json', text: '{}' }, redirectURL: '', headersSize: -1, bodySize: 2 },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    };
    const { writeFileSync } = await import('node:fs');
    writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [entry] } }));
    for (const reporter of ['console', 'json', 'junit', 'github']) {
      const r = await cli(['validate', har, '--reporter', reporter]);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
    }
  });

  it.each([
    ['a conforming provider', () => provider, 0],
    ['a faulty provider (mismatches printed)', () => faulty, 1],
  ] as const)('verify with the secret as a header against %s does not print it', async (_, target, code) => {
    const r = await cli(['verify', '--base-url', target().url, '--state-url', target().stateUrl, '--header', `Authorization: Bearer ${SECRET}`, '--api', 'qonto']);
    expect(r.code, r.stderr).toBe(code);
    if (code === 1) expect(r.stdout).toContain('✗ FAILED qonto › closeBusinessAccount');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });
});

describe('a mistyped credential flag is not echoed', () => {
  // `--header "Authorization Bearer $TOKEN"` (the colon forgotten): the whole text may be the credential.
  it.each(['check', 'verify'])('%s --header without a colon: exit 2, the reason names the flag, not its text', async (command) => {
    const r = await cli([command, '--base-url', 'http://127.0.0.1:9', '--header', 'Accept: application/json', '--header', `Authorization Bearer ${SECRET}`]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`specgate ${command}: --header #2 must look like "Name: value" (its text is not shown: it may hold a credential)`);
    expect(r.stdout + r.stderr).not.toContain(SECRET.slice(0, 8));
  });

  it.each(['check', 'verify'])('%s --header Name: value unquoted (the shell split the value off): exit 2, the value not shown', async (command) => {
    const r = await cli([command, '--base-url', 'http://127.0.0.1:9', '--header', 'X-Api-Key:', SECRET]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`specgate ${command}: unexpected argument after 'X-Api-Key:' (not shown: it may be a header's value); quote the header: --header "Name: value"`);
    expect(r.stdout + r.stderr).not.toContain(SECRET.slice(0, 8));
    // Any other stray argument is still named, so a typo is easy to find.
    expect((await cli([command, 'qonto'])).stderr.split('\n')[0]).toBe(`specgate ${command}: Unexpected argument 'qonto'`);
  });
});

describe('interruption', () => {
  let slow: TestServer;
  beforeAll(async () => {
    // A target that takes 300 ms per answer, in front of the reference provider.
    slow = await startServer(async (req, res) => {
      await new Promise((r) => setTimeout(r, 300));
      const r = await fetch(provider.url + req.url, { method: req.method, headers: req.headers as Record<string, string>, body: req.body || undefined });
      res.writeHead(r.status, Object.fromEntries(r.headers));
      res.end(await r.text());
    });
  });
  afterAll(() => slow.close());

  /** Once the target has seen `n` more requests (so some scenarios have finished), send the signals `gapMs` apart. */
  const afterRequests = (n: number, signals: NodeJS.Signals[], gapMs: number) => (kill: (s: NodeJS.Signals) => void) => {
    const start = slow.requests.length;
    const timer = setInterval(() => {
      if (slow.requests.length - start < n) return;
      clearInterval(timer);
      signals.forEach((s, i) => setTimeout(() => kill(s), i * gapMs));
    }, 5);
  };

  it.each([
    ['SIGINT', 130, ['SIGINT']],
    ['SIGTERM', 143, ['SIGTERM']],
    ['two SIGINTs 6 ms apart', 130, ['SIGINT', 'SIGINT']],
    ['SIGINT then SIGTERM', 130, ['SIGINT', 'SIGTERM']],
  ] as const)('%s: writes the report so far and the HAR, atomically, and exits %i', async (_, exitCode, signals) => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-int-'));
    const out = join(dir, 'report.json');
    const har = join(dir, 'run.har');
    const r = await cli(['check', '--base-url', slow.url, '--state-url', provider.stateUrl, '--header', 'Authorization: Bearer x-token-1', '--api', 'qonto', '--concurrency', '1', '--reporter', 'json', '--output', out, '--har', har], {
      onSpawn: afterRequests(3, [...signals], 6),
    });
    expect(r.code).toBe(exitCode);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.interrupted).toBe(true);
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.length).toBeLessThan(8);
    expect(JSON.parse(readFileSync(har, 'utf8')).log.entries.length).toBeGreaterThan(0);
    expect(readdirSync(dir).sort()).toEqual(['report.json', 'run.har']);
    expect(existsSync(join(dir, '.report.json.tmp'))).toBe(false);
  });
});
