import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceProvider, type ReferenceProvider } from '../src/provider/index.js';
import { startServer, type TestServer } from './helpers/servers.js';
import { cli } from './helpers/cli.js';

/**
 * `--base-url http://h/tenant-a/?tenant=acme`: the operation path goes after the base path and
 * the base query stays on every request (it used to land in the query string: `/?tenant=acme/v2/…`).
 */
let provider: ReferenceProvider;
let target: TestServer;
beforeAll(async () => {
  provider = await startReferenceProvider();
  // A gateway in front of the reference provider that serves it under /tenant-a and needs ?tenant=acme.
  target = await startServer(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    if (!u.pathname.startsWith('/tenant-a/') || u.searchParams.get('tenant') !== 'acme') {
      res.writeHead(421, { 'content-type': 'text/plain' });
      return res.end('wrong tenant');
    }
    u.searchParams.delete('tenant');
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k))) as Record<string, string>;
    const r = await fetch(provider.url + u.pathname.slice('/tenant-a'.length) + u.search, { method: req.method, headers, body: req.body || undefined });
    res.writeHead(r.status, Object.fromEntries([...r.headers].filter(([k]) => k !== 'content-encoding' && k !== 'transfer-encoding')));
    res.end(await r.text());
  });
});
afterAll(async () => {
  await target.close();
  await provider.close();
});

describe('a base URL with a path and a query', () => {
  it('check keeps both on every request and in the HAR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-base-'));
    const har = join(dir, 'run.har');
    const r = await cli(['check', '--base-url', `${target.url}/tenant-a/?tenant=acme`, '--state-url', provider.stateUrl, '--header', 'Authorization: Bearer specgate-reference-token', '--reporter', 'json', '--har', har]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).summary.passed).toBeGreaterThan(20);
    expect(target.requests.length).toBeGreaterThan(20);
    for (const q of target.requests) expect(q.url).toMatch(/^\/tenant-a\/(v2|api)[^?]*\?(.*&)?tenant=acme(&|$)/);
    const entries = JSON.parse(readFileSync(har, 'utf8')).log.entries as { request: { url: string } }[];
    expect(entries.length).toBe(target.requests.length);
    for (const e of entries) expect(new URL(e.request.url).searchParams.get('tenant')).toBe('acme');
  });
});
