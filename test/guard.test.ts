// No name lookup and no connection off loopback from this process, whatever the code under test does.
import './helpers/sealed-network.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockAgent } from 'undici';
import { runCheck } from '../src/run/check.js';
import { canonicalAddress, canonicalHost, createGuard, type Lookup } from '../src/execute/guard.js';
import { loadApi } from '../src/validate/load.js';
import type { ApiModel } from '../src/model/types.js';
import { startReferenceProvider, type ReferenceProvider } from '../src/provider/index.js';
import { BIN, cli } from './helpers/cli.js';

const PRODUCTION = { mangopay: 'https://api.mangopay.com', qonto: 'https://thirdparty.qonto.com', udara360: 'https://openapi.udara360.io' };
/** TEST-NET-2 addresses (RFC 5737) that the stub resolver gives the production names: nothing is ever sent there. */
const PROD_ADDRESS = { mangopay: '198.51.100.7', qonto: '198.51.100.8', udara360: '198.51.100.9' };
const SEALED = join(import.meta.dirname, 'helpers', 'sealed-network.mjs');

/** A resolver that answers from a table and fails for every other name: no lookup leaves the process. */
const stubLookup =
  (table: Record<string, string[]>, calls: string[] = []): Lookup =>
  async (name) => {
    calls.push(name);
    const found = table[name];
    if (!found) throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return found;
  };
const failingLookup: Lookup = async (name) => {
  throw Object.assign(new Error(`EAI_AGAIN ${name}`), { code: 'EAI_AGAIN' });
};
const productionTable = { 'api.mangopay.com': [PROD_ADDRESS.mangopay], 'thirdparty.qonto.com': [PROD_ADDRESS.qonto], 'openapi.udara360.io': [PROD_ADDRESS.udara360] };

let provider: ReferenceProvider;
const models: Record<string, ApiModel> = {};
beforeAll(async () => {
  provider = await startReferenceProvider();
  for (const api of Object.keys(PRODUCTION)) models[api] = (await loadApi(api)).model;
});
afterAll(() => provider.close());

/** Every request goes through this dispatcher; any origin but the loopback state endpoint is intercepted and recorded. */
function sealedAgent() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  // The state endpoint is on loopback and may be reached; everything else is intercepted.
  agent.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
  const seen: string[] = [];
  agent
    .get((origin: string) => !/^http:\/\/127\.0\.0\.1(:\d+)?$/.test(origin))
    .intercept({ path: () => true, method: () => true })
    .reply(200, (opts) => {
      seen.push(`${opts.method} ${opts.origin}${opts.path}`);
      return {};
    })
    .persist();
  return { agent, seen };
}

describe('host names compare canonically', () => {
  it.each([
    ['API.MangoPay.COM', 'api.mangopay.com'],
    ['api.mangopay.com.', 'api.mangopay.com'],
    ['api.mangopay.com..', 'api.mangopay.com'],
    ['api%2emangopay%2Ecom', 'api.mangopay.com'],
    ['ａｐｉ.mangopay.com', 'api.mangopay.com'],
    ['api。mangopay。com', 'api.mangopay.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['0x7f.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['[0:0:0:0:0:0:0:1]', '::1'],
    ['[::ffff:198.51.100.7]', '198.51.100.7'],
    ['[64:ff9b::c633:6407]', '198.51.100.7'],
  ])('%s is %s', (spelling, canonical) => {
    expect(canonicalHost(spelling)).toBe(canonical);
    expect(canonicalHost(new URL(`https://${spelling}:8443/x`))).toBe(canonical);
  });

  it('addresses from a resolver in any spelling', () => {
    expect(canonicalAddress('::FFFF:C633:6407')).toBe('198.51.100.7');
    expect(canonicalAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
  });
});

describe('the destructive guard', () => {
  // Each spelling of each production host must be refused even with --allow-destructive, and even
  // when the resolver fails (a failed resolution never opens the guard for a matching name).
  const SPELLINGS = (host: string) => {
    const [first, ...rest] = host.split('.');
    return [
      host,
      `${host}.`,
      host.toUpperCase(),
      `${host.toUpperCase()}.`,
      `${host}%2e`,
      [first, ...rest].join('%2E'),
      `user:pw@${host}`,
      `${host}.:443`,
      [...first].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('') + '.' + rest.join('.'),
    ];
  };
  const cases = Object.entries(PRODUCTION).flatMap(([api, url]) => SPELLINGS(new URL(url).hostname).map((s) => [api, s] as const));

  it.each(cases)('%s: refuses %s by name, with a resolver that fails', async (api, spelling) => {
    const target = new URL(`https://${spelling}/v2/`);
    for (const lookup of [failingLookup, stubLookup(productionTable)]) {
      const why = await createGuard({ lookup }).refusal(target, models[api], true);
      expect(why).toMatch(/is a production server of/);
    }
  });

  it.each(Object.keys(PRODUCTION))('%s: refuses every spelling of a production address, and a name that resolves to one', async (api) => {
    const a = PROD_ADDRESS[api as keyof typeof PROD_ADDRESS];
    const [w, x, y, z] = a.split('.').map(Number);
    const hex = ((w << 8) | x).toString(16) + ':' + ((y << 8) | z).toString(16);
    const spellings = [a, `0x${w.toString(16)}.${x}.${y}.${z}`, String(((w * 256 + x) * 256 + y) * 256 + z), `${w}.${x}.${(y << 8) | z}`, `[::ffff:${a}]`, `[::ffff:${hex}]`, `[64:ff9b::${hex}]`, `[0:0:0:0:0:FFFF:${hex}]`, 'alias.test', 'ALIAS.test.'];
    const guard = createGuard({ lookup: stubLookup({ ...productionTable, 'alias.test': ['2001:db8::5', a] }) });
    for (const s of spellings) {
      const why = await guard.refusal(new URL(`http://${s}:8080/`), models[api], true);
      expect(why, s).toMatch(new RegExp(`(is|resolves to) ${a.replace(/\./g, '\\.')}, an address of ${new URL(PRODUCTION[api as keyof typeof PRODUCTION]).hostname}, a production server`));
    }
  });

  it('loopback stays loopback, even where a production name resolves to 127.0.0.1', async () => {
    const calls: string[] = [];
    const guard = createGuard({ lookup: stubLookup({ 'api.mangopay.com': ['127.0.0.1'], 'dev.test': ['127.0.0.1', '::1'] }, calls) });
    for (const t of ['http://127.0.0.1:8080', 'http://localhost.:8080', 'http://[::1]:8080', 'http://0x7f.1:8080', 'http://api.mangopay.com@127.0.0.1:8080']) {
      expect(await guard.refusal(new URL(t), models.mangopay, false), t).toBeUndefined();
    }
    // No resolver call for a loopback literal: a local run sends no DNS query.
    expect(calls).toEqual([]);
    expect(await guard.refusal(new URL('http://dev.test:8080'), models.mangopay, true)).toBeUndefined();
  });

  it('a non-loopback target needs --allow-destructive, and a resolvable name with it', async () => {
    const guard = createGuard({ lookup: stubLookup({ ...productionTable, 'staging.test': ['192.0.2.10'] }) });
    expect(await guard.refusal(new URL('http://staging.test'), models.qonto, false)).toMatch(/pass --allow-destructive/);
    expect(await guard.refusal(new URL('http://staging.test'), models.qonto, true)).toBeUndefined();
    expect(await guard.refusal(new URL('http://unknown.test'), models.qonto, true)).toMatch(/could not be resolved/);
  });

  it("every bundled API's production hosts are refused for any API; the list comes from the bindings", async () => {
    const other = { ...models.mangopay, name: 'their-copy', productionServers: [] };
    const guard = createGuard({ lookup: stubLookup(productionTable) });
    expect(await guard.refusal(new URL('https://api.mangopay.com.'), other, true)).toMatch(/api\.mangopay\.com\. is a production server of mangopay/);
    expect(await guard.refusal(new URL('http://198.51.100.8'), other, true)).toMatch(/an address of thirdparty\.qonto\.com, a production server of qonto/);
    // Given no list, only the API's own bindings count.
    expect(await createGuard({ lookup: stubLookup(productionTable), production: [] }).refusal(new URL('https://api.mangopay.com.'), other, true)).toBeUndefined();
  });
});

describe('destructive operations and real accounts', () => {
  const spellings = (host: string) => [host, `${host.replace('https://', 'http://')}.:80`, host.toUpperCase() + './', host.replace(/\./, '%2e'), host.replace('https://', 'https://user:pw@')];
  const cases = Object.entries(PRODUCTION).flatMap(([api, host]) => spellings(host).map((s) => [api, s] as const));

  it.each(cases)('%s: never sends a close operation to %s, even with --allow-destructive', async (api, baseUrl) => {
    const { agent, seen } = sealedAgent();
    const run = await runCheck({ baseUrl, apis: [api], stateUrl: provider.stateUrl, dispatcher: agent, allowDestructive: true, negative: false, lookup: stubLookup(productionTable), headers: { Authorization: 'Bearer sg-guard-test' } });
    const destructive = run.results.filter((r) => /close/i.test(r.operationId) && r.outcome !== 'skipped');
    expect(destructive.length).toBeGreaterThan(0);
    for (const r of destructive) {
      expect(r).toMatchObject({ outcome: 'error', errorKind: 'guard', reason: expect.stringMatching(/production server/) });
      expect(r.steps).toEqual([]);
    }
    expect(seen.filter((s) => /^DELETE |\/close/i.test(s))).toEqual([]);
    await agent.close();
  });

  it.each(['https://api.mangopay.com', 'https://API.MangoPay.com./', 'https://thirdparty.qonto.com%2e'])(
    "a copy of a vendor's document given with --spec (its servers not marked production) is refused at %s too",
    async (baseUrl) => {
      const dir = mkdtempSync(join(tmpdir(), 'specgate-guard-'));
      const spec = join(dir, 'mangopay-copy.yaml');
      writeFileSync(
        spec,
        `openapi: 3.1.0
info: { title: A copy of the vendor's document, version: '1' }
servers: [{ url: 'https://api.mangopay.com/v2.01' }]
paths:
  /users/{UserId}/close:
    post:
      operationId: closeUserCopy
      parameters:
        - { name: UserId, in: path, required: true, schema: { type: string }, example: user_1 }
      responses:
        '200':
          description: closed
          content:
            application/json:
              schema: { type: object, properties: { Id: { type: string } } }
              example: { Id: user_1 }
`,
      );
      const { agent, seen } = sealedAgent();
      const run = await runCheck({ baseUrl, specs: [spec], dispatcher: agent, allowDestructive: true, negative: false, lookup: stubLookup(productionTable) });
      const ran = run.results.filter((r) => r.outcome !== 'skipped');
      expect(ran.map((r) => r.operationId)).toEqual(['closeUserCopy']);
      expect(ran[0]).toMatchObject({ outcome: 'error', errorKind: 'guard', reason: expect.stringMatching(/is a production server of (mangopay|qonto)/) });
      expect(seen).toEqual([]);
      await agent.close();
    },
  );

  it('refuses a name that resolves to a production address', async () => {
    const { agent, seen } = sealedAgent();
    const run = await runCheck({ baseUrl: 'http://qonto-alias.test:8080', apis: ['qonto'], stateUrl: provider.stateUrl, dispatcher: agent, allowDestructive: true, negative: false, lookup: stubLookup({ ...productionTable, 'qonto-alias.test': [PROD_ADDRESS.qonto] }) });
    expect(run.results.length).toBeGreaterThan(0);
    for (const r of run.results) expect(r).toMatchObject({ outcome: 'error', errorKind: 'guard', reason: expect.stringMatching(/resolves to 198\.51\.100\.8, an address of thirdparty\.qonto\.com/) });
    expect(seen).toEqual([]);
    await agent.close();
  });

  it('refuses a non-loopback host without --allow-destructive, and sends with it', async () => {
    const { agent, seen } = sealedAgent();
    const lookup = stubLookup(productionTable);
    const refused = await runCheck({ baseUrl: 'http://192.0.2.10:8080', apis: ['qonto'], stateUrl: provider.stateUrl, dispatcher: agent, negative: false, lookup });
    for (const r of refused.results) expect(r).toMatchObject({ outcome: 'error', errorKind: 'guard', reason: expect.stringMatching(/--allow-destructive/) });
    expect(seen).toEqual([]);
    await runCheck({ baseUrl: 'http://192.0.2.10:8080', apis: ['qonto'], stateUrl: provider.stateUrl, dispatcher: agent, negative: false, allowDestructive: true, lookup });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.includes('http://192.0.2.10:8080/v2/bank_accounts/'))).toBe(true);
    await agent.close();
  });

  // The CLI end to end. The preloaded sealed network stubs the resolver and refuses every
  // non-loopback connection, so escape is impossible on any machine; where `unshare -n` works the
  // run is also inside an empty network namespace.
  const unshare = (() => {
    try {
      execFileSync('unshare', ['-n', 'true'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.each([
    ['qonto', 'https://THIRDPARTY.qonto.com.'],
    ['udara360', 'http://openapi.udara360.io.:80'],
    ['qonto', 'http://qonto-alias.test:8080'],
  ])(`the CLI refuses %s at %s before connecting (sealed network${unshare ? ', empty network namespace' : ''})`, async (api, baseUrl) => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-guard-'));
    const netLog = join(dir, 'net.log');
    const args = ['check', '--base-url', baseUrl, '--api', api, '--allow-destructive', '--reporter', 'json'];
    const env = {
      NODE_OPTIONS: `--import ${SEALED}`,
      SPECGATE_TEST_DNS: JSON.stringify({ ...productionTable, 'qonto-alias.test': [PROD_ADDRESS.qonto] }),
      SPECGATE_TEST_NET_LOG: netLog,
    };
    const r = unshare ? await cliIn(['unshare', '-n', process.execPath, BIN, ...args], env) : await cli(args, { env });
    expect(r.code, r.stderr).toBe(2);
    const report = JSON.parse(r.stdout);
    const ran = report.results.filter((x: { outcome: string }) => x.outcome !== 'skipped');
    expect(ran.length).toBeGreaterThan(0);
    for (const x of ran) expect(x).toMatchObject({ outcome: 'error', errorKind: 'guard', reason: expect.stringMatching(/production server/) });
    // Not one connection was even attempted.
    expect(existsSync(netLog) ? readFileSync(netLog, 'utf8') : '').toBe('');
  });
});

/** Like helpers/cli, through another program (unshare). */
async function cliIn(argv: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
