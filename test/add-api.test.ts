import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT, cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';
import type { ScenarioResult } from '../src/run/types.js';

/** The widgets API of test/fixtures/fourth-api, implemented as its document says. */
function widgets(req: { method: string; url: string; body: string }, res: import('node:http').ServerResponse) {
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'POST' && req.url === '/_state') return json(200, { id: 'w-1' });
  if (req.method === 'POST' && req.url === '/widgets') {
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch {
      return json(400, { error: 'not JSON' });
    }
    const name = (body as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || name.length < 1 || name.length > 20) return json(400, { error: 'invalid name' });
    return json(201, { id: 'w-2', name });
  }
  if (req.method === 'GET' && req.url === '/widgets/w-1') return json(200, { id: 'w-1', name: 'Sprocket' });
  if (req.method === 'GET' && req.url.startsWith('/widgets/')) return json(404, { error: 'not found' });
  if (req.method === 'GET' && req.url === '/things/ok') return json(200, { id: 'ok', name: 'A thing' });
  return json(404, { error: 'not found' });
}

/** The CLI of a copy of the package (as installed: package.json, bin, dist, specs). */
function run(pkg: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(pkg, 'bin', 'specgate.js'), ...args], { cwd: pkg });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let server: TestServer;
let tmp: string;
beforeAll(async () => {
  server = await startServer(widgets);
  tmp = mkdtempSync(join(tmpdir(), 'specgate-add-api-'));
});
afterAll(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('adding a fourth API is only a folder under specs/ (issue 12, bug 4)', () => {
  let pkg: string;
  beforeAll(() => {
    pkg = join(tmp, 'package');
    mkdirSync(pkg);
    for (const f of ['package.json', 'bin', 'dist', 'specs']) cpSync(join(ROOT, f), join(pkg, f), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    cpSync(join(import.meta.dirname, 'fixtures', 'fourth-api', 'widgets'), join(pkg, 'specs', 'widgets'), { recursive: true });
  });

  it('check --base-url runs its scenarios and the generated negatives against a conforming server: exit 0', async () => {
    const r = await run(pkg, ['check', '--api', 'widgets', '--base-url', server.url, '--state-url', `${server.url}/_state`, '--reporter', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const results = (JSON.parse(r.stdout) as { results: ScenarioResult[] }).results;
    expect(results.every((x) => x.api === 'widgets' && x.outcome === 'passed'), r.stdout).toBe(true);
    const names = results.map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['create a widget', 'get a widget that exists', 'get a widget that does not exist']));
    // Negative cases generated from the request schema (name missing, too long, too short, wrong type).
    expect(results.filter((x) => x.kind !== 'example').length).toBeGreaterThanOrEqual(3);
    expect(server.requests.some((q) => q.url === '/_state' && JSON.parse(q.body).state === 'a widget exists')).toBe(true);
  });

  it('the quick start (check without --base-url) still passes and lists it as having no built-in provider', async () => {
    const r = await run(pkg, ['check', '--reporter', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const results = (JSON.parse(r.stdout) as { results: ScenarioResult[] }).results;
    const mine = results.filter((x) => x.api === 'widgets');
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(mine.every((x) => x.outcome === 'skipped' && x.reason === 'no built-in provider: pass --base-url')).toBe(true);
    const bundled = results.filter((x) => x.api !== 'widgets');
    expect(new Set(bundled.map((x) => x.api))).toEqual(new Set(['mangopay', 'qonto', 'udara360']));
    expect(bundled.some((x) => x.outcome === 'passed')).toBe(true);
    expect(bundled.filter((x) => x.outcome === 'failed' || x.outcome === 'error')).toEqual([]);
  });
});

describe('--spec', () => {
  it('two documents with one base name are two APIs with distinct names (bug 3)', async () => {
    for (const d of ['a', 'b']) {
      mkdirSync(join(tmp, d), { recursive: true });
      cpSync(join(import.meta.dirname, 'fixtures', 'specs', 'things.yaml'), join(tmp, d, 'things.yaml'));
    }
    const r = await cli(['check', '--spec', join(tmp, 'a/things.yaml'), '--spec', join(tmp, 'b/things.yaml'), '--base-url', server.url, '--reporter', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/internal error/);
    const results = (JSON.parse(r.stdout) as { results: ScenarioResult[] }).results;
    expect([...new Set(results.map((x) => x.api))].sort()).toEqual(['things', 'things-2']);
    expect(results.filter((x) => x.api === 'things').length).toBe(results.filter((x) => x.api === 'things-2').length);
  });

  it('without --base-url: exit 2 with one line, nothing sent to the built-in provider (bug 5)', async () => {
    const r = await cli(['check', '--spec', 'test/fixtures/specs/things.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^specgate check: --spec needs --base-url/)]);
  });
});

describe('validate', () => {
  it('exits 2 with one line when an entry could not be checked, even with none failing (bug 6)', async () => {
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'test', version: '1' },
        entries: [
          {
            startedDateTime: '2024-04-03T12:00:00.000Z',
            time: 1,
            request: { method: 'POST', url: 'http://127.0.0.1:9/api/postings/v1/closeaccount', httpVersion: 'HTTP/1.1', headers: [{ name: 'Content-Type', value: 'application/json' }], queryString: [], cookies: [], headersSize: -1, bodySize: -1, postData: { mimeType: 'application/json', text: '{"accountNumber":"1100000001","closureReason":"x"}' } },
            response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [{ name: 'Content-Type', value: 'application/json' }], cookies: [], content: { size: 4096, mimeType: 'application/json', text: '{"status":tr', _truncated: true }, redirectURL: '', headersSize: -1, bodySize: -1 },
            cache: {},
            timings: { send: 0, wait: 1, receive: 0 },
          },
        ],
      },
    };
    const file = join(tmp, 'truncated.har');
    writeFileSync(file, JSON.stringify(har));
    const r = await cli(['validate', file, '--api', 'udara360']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toMatch(/0 passed, 0 failed, 1 error/);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^specgate validate: 1 entry could not be fully checked \(first, har\.0: .*truncated/)]);
  });
});
