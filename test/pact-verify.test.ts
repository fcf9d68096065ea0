import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { startReferenceProvider, type ReferenceProvider } from '../src/provider/index.js';
import { verifyContracts } from '../src/pact/verify.js';
import { verifyConsoleReport } from '../src/pact/report.js';
import { cli as runCli } from './helpers/cli.js';
import { VARIANTS } from '../src/testing/faults.js';

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { env });

const interactionCount = (api: string) => (JSON.parse(readFileSync(`contracts/${api}.json`, 'utf8')).interactions as unknown[]).length;

/** A port nothing listens on: bind one, then let it go. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface JsonReport {
  results: { name: string; api: string; outcome: string; reason?: string; steps: { failures: { check: string; message: string }[] }[] }[];
  summary: { total: number; passed: number; failed: number; errors: number };
}

describe('specgate verify against the reference provider', () => {
  let provider: ReferenceProvider;
  beforeAll(async () => {
    provider = await startReferenceProvider();
  });
  afterAll(() => provider.close());

  it('passes every interaction of every contract (exit 0)', async () => {
    const r = await cli(['verify', '--base-url', provider.url, '--state-url', provider.stateUrl]);
    const total = ['mangopay', 'qonto', 'udara360'].reduce((n, a) => n + interactionCount(a), 0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`${total} passed, 0 failed, 0 errors`);
    expect(r.code, r.stderr).toBe(0);
  });

  it('reports one junit testcase per interaction', async () => {
    const r = await cli(['verify', '--base-url', provider.url, '--state-url', provider.stateUrl, '--api', 'qonto', '--reporter', 'junit']);
    expect(r.code, r.stderr).toBe(0);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(r.stdout);
    const suites = [xml.testsuites.testsuite].flat();
    const cases = suites.flatMap((s: { testcase: unknown }) => [s.testcase].flat()) as Record<string, string>[];
    expect(cases).toHaveLength(interactionCount('qonto'));
    expect(cases.map((c) => c['@_name'])).toContain('close the main business account');
  });

  it('without --state-url, interactions that need a provider state are setup errors (exit 2), not failures', async () => {
    const r = await cli(['verify', '--base-url', provider.url, '--api', 'qonto', '--reporter', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(r.code, r.stderr).toBe(2);
    expect(report.summary.failed).toBe(0);
    expect(report.results.find((x) => x.name === 'close the main business account')).toMatchObject({ outcome: 'error', reason: expect.stringContaining('--state-url') });
    expect(report.results.find((x) => x.name === 'close a business account without credentials')?.outcome).toBe('passed');
    expect(r.stderr.split('\n')[0]).toMatch(/^specgate verify: \d+ interaction\(s\) could not be verified/);
  });

  it('exits 2 for an API without a contract', async () => {
    const r = await cli(['verify', '--base-url', provider.url, '--api', 'nope']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/no contract for API 'nope'/);
  });

  it('passes --header credentials to the target without printing them', async () => {
    const secret = 'Bearer sg-verify-secret-5b1e';
    const r = await cli(['verify', '--base-url', provider.url, '--state-url', provider.stateUrl, '--api', 'udara360', '--header', `Authorization: ${secret}`, '--reporter', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('sg-verify-secret-5b1e');
  });
});

describe('specgate verify against another reading of the sources (assumption variants)', () => {
  // A contract pins nothing the sources leave open: every variant that reads an x-assumption the
  // other way passes verify, as it passes check (with warnings there).
  const variants = VARIANTS.filter((v) => v.warnedBy.length).map((v) => v.name);
  it('there are such variants', () => expect(variants.length).toBeGreaterThanOrEqual(4));
  it.each(variants)('%s passes verify with 0 failures', async (variant) => {
    const provider = await startReferenceProvider({ variants: [variant as never] });
    try {
      const result = await verifyContracts({ baseUrl: new URL(provider.url), stateUrl: provider.stateUrl });
      expect(result.results.filter((r) => r.outcome === 'failed' || r.outcome === 'error').map((r) => `${r.api} › ${r.name}: ${JSON.stringify(r.steps[0]?.failures.map((f) => f.message) ?? r.reason)}`)).toEqual([]);
      // A warning (the schema check of an answer that departs from an assumption) quotes the assumption.
      for (const f of result.results.filter((r) => r.outcome === 'warned').flatMap((r) => r.steps[0].failures)) expect(f).toMatchObject({ severity: 'warning', assumption: expect.any(String) });
      expect(result.summary.passed + result.summary.warned).toBe(result.summary.total);
      expect(result.summary.passed).toBeGreaterThan(40);
      // verify warns (so --strict fails) exactly where the variant departs inside an interaction of the contracts.
      const inContracts = new Set(result.results.map((r) => r.name));
      const expected = VARIANTS.find((v) => v.name === variant)!.warnedBy.filter((n) => inContracts.has(n));
      expect(result.results.filter((r) => r.outcome === 'warned').map((r) => r.name).sort()).toEqual([...expected].sort());
    } finally {
      await provider.close();
    }
  });

  it('an answer that departs from an assumption the schema check sees is a warning, shown with its assumption (exit 0)', async () => {
    const provider = await startReferenceProvider({ variants: ['udara360-error-fields-optional'] });
    try {
      const result = await verifyContracts({ baseUrl: new URL(provider.url), stateUrl: provider.stateUrl, apis: ['udara360'] });
      expect(result.summary.failed).toBe(0);
      const warned = result.results.find((r) => r.name === 'close without the required accountNumber')!;
      expect(warned.outcome).toBe('warned');
      expect(warned.steps[0].failures).toEqual([expect.objectContaining({ check: 'response_schema_conformance', pointer: '/errors/0/errorMessage', severity: 'warning' })]);
      const text = verifyConsoleReport(result);
      expect(text).toContain('! WARNED udara360 › closeAccount › close without the required accountNumber\n');
      expect(text).toContain('assumption: "All three fields are required');
      expect(text).toMatch(/\d+ passed, \d+ warned, 0 failed, 0 errors/);
    } finally {
      await provider.close();
    }
  });
});

describe('specgate verify --strict: what the contracts match loosely is still judged', () => {
  // The contracts leave the assumed 401 Type out (any Type verifies); verify itself compares the
  // answer with the assumed reading and warns, and --strict turns those warnings into exit 1.
  it('a 401 Type other than the assumed one is a warning per interaction; exit 0, and 1 with --strict', async () => {
    const provider = await startReferenceProvider({ variants: ['unauthorized-type'] });
    try {
      const args = ['verify', '--base-url', provider.url, '--state-url', provider.stateUrl, '--api', 'mangopay', '--reporter', 'json'];
      const loose = await cli(args);
      expect(loose.code, loose.stderr).toBe(0);
      const report = JSON.parse(loose.stdout) as JsonReport & { results: { steps: { failures: { severity?: string; actual?: unknown; assumption?: string }[] }[] }[] };
      const warned = report.results.filter((r) => r.outcome === 'warned');
      expect(warned.map((r) => r.name).sort()).toEqual(['close a legal user without credentials', 'create a legal user without credentials', 'update a legal user without credentials']);
      for (const r of warned) expect(r.steps[0].failures).toEqual([expect.objectContaining({ check: 'documented_error_identity', severity: 'warning', actual: 'unauthorized', assumption: expect.stringContaining('401') })]);
      const strict = await cli([...args, '--strict']);
      expect(strict.code, strict.stderr).toBe(1);
    } finally {
      await provider.close();
    }
  });

  it('the reference provider passes --strict (exit 0: it makes every assumed choice)', async () => {
    const provider = await startReferenceProvider();
    try {
      const r = await cli(['verify', '--base-url', provider.url, '--state-url', provider.stateUrl, '--api', 'mangopay', '--strict']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).not.toContain('WARNED');
    } finally {
      await provider.close();
    }
  });
});

describe('specgate verify against a faulty provider', () => {
  // Each fault is one realistic bug of src/testing/faults.ts; the interaction that must catch it.
  const cases: [string, string, string][] = [
    ['mangopay.update.wrong-error-type', 'mangopay', 'update an OWNER legal user to PAYER'],
    ['mangopay.close.status-200-body', 'mangopay', 'close a legal user'],
    ['qonto.close.status-stays-active', 'qonto', 'close a business account'],
    ['qonto.close.id-not-uuid', 'qonto', 'close a business account'],
    ['mangopay.create.pending-action-absent', 'mangopay', 'create a PAYER legal user (documented request)'],
    ['udara360.close.status-code-as-number', 'udara360', 'close an open account'],
    // What the documented bodies show: an OWNER sole trader's PendingUserAction (not null), Mangopay `errors` as an object.
    ['mangopay.create.sca-not-triggered', 'mangopay', 'create an OWNER sole trader legal user (SCA enrollment)'],
    ['mangopay.errors.field-errors-as-array', 'mangopay', 'update an OWNER legal user to PAYER'],
    // A key the document declares without requiring it (Qonto's balance): no Pact matcher can say
    // "a string when present", so verify judges the answer against the response schema too.
    ['qonto.close.balance-as-number', 'qonto', 'close a business account'],
  ];
  // In process (the library the command runs): a verify per fault, without spawning the CLI.
  it.each(cases)('%s fails verify at %s › %s', async (fault, api, interaction) => {
    const provider = await startReferenceProvider({ faults: [fault as never] });
    try {
      const result = await verifyContracts({ baseUrl: new URL(provider.url), stateUrl: provider.stateUrl, apis: [api] });
      expect(result.summary.failed).toBeGreaterThan(0);
      const hit = result.results.find((x) => x.name === interaction);
      expect(hit?.outcome).toBe('failed');
      expect(hit?.steps[0].failures.length).toBeGreaterThan(0);
      const text = verifyConsoleReport(result);
      expect(text).toContain(`✗ FAILED ${api} › ${hit?.operationId} › ${interaction}\n`);
      expect(text).toMatch(/ {2}- (pact_(status|body|header)|response_schema_conformance)/);
    } finally {
      await provider.close();
    }
  });

  it('exits 1 from the command line', async () => {
    const provider = await startReferenceProvider({ faults: ['qonto.close.main-account-closable' as never] });
    try {
      const r = await cli(['verify', '--base-url', provider.url, '--state-url', provider.stateUrl, '--api', 'qonto']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toContain('✗ FAILED qonto › closeBusinessAccount › close the main business account\n');
    } finally {
      await provider.close();
    }
  });
});

describe('specgate verify against nothing', () => {
  it('exits 2 with one line when the target refuses connections (how fast: bench/fail-fast.mjs)', async () => {
    const port = await closedPort();
    const r = await cli(['verify', '--base-url', `http://127.0.0.1:${port}`]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`specgate verify: target http://127.0.0.1:${port} unreachable: connection refused`]);
  });

  it('exits 2 on a missing --base-url', async () => {
    const r = await cli(['verify']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^specgate verify: --base-url is required/);
  });
});
