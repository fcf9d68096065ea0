// No name lookup and no connection off loopback from this process, whatever the code under test does.
import './helpers/sealed-network.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStateProxy } from '../src/pact/state-proxy.js';
import { EARLIER_REQUESTS_STATE } from '../src/pact/interactions.js';
import { Redactor } from '../src/redact/redactor.js';
import { startReferenceProvider, type ReferenceProvider } from '../src/provider/index.js';
import { verifyContracts } from '../src/pact/verify.js';
import { startServer, type TestServer } from './helpers/servers.js';

/**
 * `verify` drives the Rust Pact verifier, which would follow a redirect and re-send the request
 * (destructive ones included, with the credentials) wherever the target points. Every request of
 * the verifier and of the state proxy goes through specgate's own loopback proxy instead. The
 * "other host" here is a second loopback server: if anything followed, it would be seen there.
 */
let provider: ReferenceProvider;
let elsewhere: TestServer;
beforeAll(async () => {
  provider = await startReferenceProvider();
  elsewhere = await startServer((_, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
afterAll(async () => {
  await provider.close();
  await elsewhere.close();
});

/** Request headers a test server can hand on to fetch (which sets its own length). */
const forwardable = (h: Record<string, unknown>) => Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'content-length' && k !== 'host' && k !== 'connection')) as Record<string, string>;

/** A target in front of the reference provider that answers some requests itself. */
async function frontOf(answer: (req: { method: string; url: string }, res: import('node:http').ServerResponse) => boolean): Promise<TestServer> {
  return startServer(async (req, res) => {
    if (answer(req, res)) return;
    const r = await fetch(provider.url + req.url, { method: req.method, headers: forwardable(req.headers), body: req.body || undefined });
    res.writeHead(r.status, Object.fromEntries([...r.headers].filter(([k]) => k !== 'content-encoding' && k !== 'transfer-encoding')));
    res.end(await r.text());
  });
}

describe('verify never follows a redirect', () => {
  it('a 307 to another host is an error of that interaction; nothing reaches the other host', async () => {
    const target = await frontOf((req, res) => {
      if (!/\/close$/.test(req.url.split('?')[0])) return false;
      res.writeHead(307, { location: `${elsewhere.url}${req.url}` });
      res.end();
      return true;
    });
    try {
      const result = await verifyContracts({ baseUrl: new URL(target.url), stateUrl: provider.stateUrl, apis: ['qonto'], headers: { 'X-Api-Key': 'sg-redirect-key-1' } });
      const closes = result.results.filter((r) => r.outcome === 'error' && /redirect/.test(r.reason ?? ''));
      expect(closes.length).toBeGreaterThan(0);
      for (const r of closes) expect(r).toMatchObject({ errorKind: 'transport', reason: expect.stringMatching(/^redirected \(307\) to http:\/\/127\.0\.0\.1:\d+\/v2\/.*; not followed/) });
      expect(elsewhere.requests).toEqual([]);
      expect(target.requests.some((q) => /\/close$/.test(q.url))).toBe(true);
    } finally {
      await target.close();
    }
  });

  it('a timeout is said in words', async () => {
    const target = await frontOf((req) => /\/close$/.test(req.url));
    try {
      const result = await verifyContracts({ baseUrl: new URL(target.url), stateUrl: provider.stateUrl, apis: ['qonto'], timeoutMs: 500 });
      const timedOut = result.results.filter((r) => r.outcome === 'error' && r.errorKind === 'transport');
      expect(timedOut.length).toBeGreaterThan(0);
      for (const r of timedOut) expect(r.reason).toMatch(/^timed out waiting for an answer \(POST \/v2\/bank_accounts\/[^ ]+\/close\)$/);
    } finally {
      await target.close();
    }
  });
});

describe('verify keeps the base URL', () => {
  it('joins the base path and keeps the base query on every request, earlier ones included', async () => {
    const target = await startServer(async (req, res) => {
      const u = new URL(req.url, 'http://x');
      const path = u.pathname.replace(/^\/tenant-a/, '');
      u.searchParams.delete('tenant');
      const r = await fetch(provider.url + path + u.search, { method: req.method, headers: forwardable(req.headers), body: req.body || undefined });
      res.writeHead(r.status, Object.fromEntries([...r.headers].filter(([k]) => k !== 'content-encoding' && k !== 'transfer-encoding')));
      res.end(await r.text());
    });
    try {
      const result = await verifyContracts({ baseUrl: new URL(`${target.url}/tenant-a/?tenant=acme`), stateUrl: provider.stateUrl, apis: ['mangopay'] });
      expect(result.summary.errors, JSON.stringify(result.results.filter((r) => r.outcome !== 'passed').map((r) => r.reason))).toBe(0);
      expect(result.summary.failed).toBe(0);
      expect(target.requests.length).toBeGreaterThan(5);
      for (const q of target.requests) expect(q.url).toMatch(/^\/tenant-a\/v2\.01\/[^?]*\?(.*&)?tenant=acme(&|$)/);
    } finally {
      await target.close();
    }
  });
});

describe('the earlier requests the state proxy replays are guarded too', () => {
  it('a refused earlier request is never sent, and the setup says why (kind guard)', async () => {
    const target = await startServer((_, res) => {
      res.writeHead(204);
      res.end();
    });
    const proxy = await startStateProxy({
      baseUrl: new URL(target.url),
      timeoutMs: 1000,
      secretVars: new Set(),
      redactor: new Redactor(),
      refusal: async (method) => (method === 'DELETE' ? 'refused: a test refusal of DELETE' : undefined),
    });
    try {
      const setup = (requests: unknown[]) =>
        fetch(proxy.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state: EARLIER_REQUESTS_STATE, params: { requests }, action: 'setup' }) });
      const ok = await setup([{ method: 'PUT', path: '/v2/things/1', headers: {}, status: 204 }]);
      expect(ok.status).toBe(200);
      const refused = await setup([{ method: 'DELETE', path: '/v2/things/1', headers: {}, status: 204 }]);
      expect(refused.status).toBe(400);
      expect(proxy.failures.get(EARLIER_REQUESTS_STATE)).toEqual({ kind: 'guard', reason: 'refused: a test refusal of DELETE' });
      expect(target.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['PUT /v2/things/1']);
    } finally {
      await proxy.close();
      await target.close();
    }
  });

  it('an interaction whose earlier request is destructive is refused up front, without touching the host', async () => {
    // A contract whose own request is an update (not destructive) after an earlier close.
    const pact = JSON.parse(readFileSync('contracts/mangopay.json', 'utf8'));
    const twice = pact.interactions.find((i: { description: string }) => i.description === 'close a legal user twice');
    const dir = mkdtempSync(join(tmpdir(), 'specgate-contracts-'));
    writeFileSync(join(dir, 'mangopay.json'), JSON.stringify({ ...pact, interactions: [{ ...twice, description: 'update after close', request: { ...twice.request, method: 'PUT' } }] }));
    const lookup = async (name: string) => {
      if (name === 'staging.test') return ['192.0.2.44'];
      throw new Error(`ENOTFOUND ${name}`);
    };
    for (const [baseUrl, allowDestructive, reason] of [
      ['https://api.mangopay.com.', true, /is a production server of mangopay/],
      ['http://staging.test:8080', false, /pass --allow-destructive/],
    ] as const) {
      const result = await verifyContracts({ baseUrl: new URL(baseUrl), contractsDir: dir, apis: ['mangopay'], allowDestructive, lookup });
      expect(result.results, JSON.stringify(result.results)).toHaveLength(1);
      expect(result.results[0]).toMatchObject({ name: 'update after close', outcome: 'error', errorKind: 'guard', reason: expect.stringMatching(reason) });
    }
  });
});
