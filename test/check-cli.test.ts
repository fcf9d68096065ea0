import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { startReferenceProvider, type ReferenceProvider } from '../src/provider/index.js';
import { cli } from './helpers/cli.js';
import { closedPort } from './helpers/servers.js';
import { loadBundledApis } from '../src/validate/load.js';
import { scenariosFor } from '../src/scenarios/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'specgate-check-'));
let scenarioCount = 0;

beforeAll(async () => {
  scenarioCount = (await loadBundledApis()).flatMap((a) => scenariosFor(a)).length;
});

describe('specgate check on the built-in reference provider (the README command)', () => {
  it('passes every scenario and exits 0', async () => {
    const r = await cli(['check']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\\d+ passed, 0 failed, 0 errors, \\d+ skipped \\(${scenarioCount} scenarios`));
    for (const op of ['mangopay createLegalUserSca', 'mangopay updateLegalUser', 'mangopay closeLegalUser', 'qonto closeBusinessAccount', 'udara360 closeAccount']) expect(r.stdout).toContain(op);
  });

  it('writes JUnit that parses, with one testcase per scenario', async () => {
    const out = join(tmp, 'report.xml');
    const r = await cli(['check', '--reporter', 'junit', '--output', out]);
    expect(r.code).toBe(0);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(out, 'utf8'));
    const suites = [xml.testsuites.testsuite].flat();
    const cases = suites.flatMap((s: { testcase: unknown }) => [s.testcase].flat());
    expect(cases).toHaveLength(scenarioCount);
    expect(Number(xml.testsuites.tests)).toBe(scenarioCount);
    expect(Number(xml.testsuites.failures)).toBe(0);
  });

  it('the JSON report has every scenario', async () => {
    const r = await cli(['check', '--reporter', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.results).toHaveLength(scenarioCount);
    expect(new Set(report.results.map((x: { id: string }) => x.id)).size).toBe(scenarioCount);
    expect(report.summary.failed).toBe(0);
  });
});

describe('against a faulty implementation', () => {
  let provider: ReferenceProvider;
  beforeAll(async () => {
    provider = await startReferenceProvider({ faults: ['qonto.close.balance-as-number', 'mangopay.close.ignores-wallets'] });
  });
  afterAll(() => provider.close());

  const args = () => ['check', '--base-url', provider.url, '--state-url', provider.stateUrl, '--header', 'Authorization: Bearer sekret-token-value'];

  it('flags the intended scenarios with check, pointer, expected, actual, source and exits 1', async () => {
    const r = await cli([...args(), '--reporter', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const failed = report.results.filter((x: { outcome: string }) => x.outcome === 'failed');
    expect(failed.map((x: { name: string }) => x.name).sort()).toEqual(['close a business account', 'close a legal user whose wallets are not empty']);
    const qonto = failed.find((x: { api: string }) => x.api === 'qonto');
    expect(qonto.steps.at(-1).failures).toContainEqual(expect.objectContaining({ check: 'response_schema_conformance', pointer: '/bank_account/balance', expected: 'string' }));
    const mp = failed.find((x: { api: string }) => x.api === 'mangopay');
    expect(mp.steps.at(-1).failures[0]).toMatchObject({ check: 'status_code_conformance', expected: 400, actual: 204 });
  });

  it('the console report shows the failure with a curl line that replays the request, secrets redacted', async () => {
    const r = await cli(args());
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAILED qonto › closeBusinessAccount › close a business account');
    expect(r.stdout).toContain('at /bank_account/balance');
    expect(r.stdout).not.toContain('sekret-token-value');
    const curl = r.stdout.split('\n').find((l) => l.includes('reproduce: curl') && l.includes('/v2/bank_accounts/'))!;
    expect(curl).toContain("'authorization: Bearer ***'");
    // Replay it: the faulty provider answers the same non-conforming body again? The account is closed now,
    // so a replay must at least reach the same endpoint and get a JSON answer from it.
    const cmd = curl.slice(curl.indexOf('curl ')).replace("'authorization: Bearer ***'", "'authorization: Bearer sekret-token-value'");
    // Async: the provider answering it lives in this process.
    const { stdout: out } = await promisify(execFile)('bash', ['-c', cmd], { encoding: 'utf8', timeout: 10_000 });
    expect(out).toMatch(/^HTTP\/1.1 \d{3}/);
    expect(out).toContain('application/json');
  });

  it('github annotations name the failing scenarios', async () => {
    const r = await cli([...args(), '--reporter', 'github']);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error '));
    expect(errors).toHaveLength(2);
    expect(errors.join('\n')).toContain('file=specs/qonto/openapi.yaml');
    expect(errors.join('\n')).toContain('title=qonto closeBusinessAccount%3A close a business account');
  });
});

describe('exit 2 with one clear line', () => {
  it.each([
    [['check', '--bogus'], /^specgate check: unknown option '--bogus'/],
    [['check', '--base-url', 'not a url'], /^specgate check: --base-url 'not a url' is not a URL/],
    [['check', '--var', 'novalue'], /^specgate check: --var #1 must look like K=V/],
    [['check', '--var', 'a=1', '--var', 'sk_live_51Hsecret'], /^specgate check: --var #2 must look like K=V \(its text is not shown/],
    [['check', '--api', 'stripe'], /^specgate check: stripe: unknown API \(bundled: mangopay, qonto, udara360\)/],
    [['check', '--spec', 'test/fixtures/bad-specs/ref-cycle.yaml'], /^specgate check: .*ref-cycle.yaml:19:\d+: \$ref cycle: A → B → A/],
    [['check', '--reporter', 'xml'], /^specgate check: --reporter must be one of/],
    [['frobnicate'], /^specgate: unknown command 'frobnicate'/],
  ])('%j', async (args, line) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(line);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('sk_live_51Hsecret');
  });

  it('an unreachable target', async () => {
    const port = await closedPort();
    const r = await cli(['check', '--base-url', `http://127.0.0.1:${port}`, '--api', 'qonto']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^specgate check: target http://127.0.0.1:${port}/ unreachable: connection refused`));
  });
});

