import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const spec = join(import.meta.dirname, 'fixtures/secrets/echo.yaml');

/** Secrets with every character an encoding changes: `@ / + & " % '` (and `<`, `>` for markup). */
const secret = (tag: string) => `Sg${tag}@/+&"%'<x>Q9`;
const S = {
  subscription: secret('sub'), // --header Ocp-Apim-Subscription-Key
  plaid: secret('pld'), // --header Plaid-Secret
  partner: secret('ptn'), // --header X-Partner, named only by the document's securitySchemes
  cookie: secret('sid'), // --header Cookie: sid=..., a cookie named by securitySchemes
  basicPass: secret('bsc'), // --header Authorization: Basic base64(user:pass)
  queryKey: secret('qry'), // --base-url ?api_key=...
  schemeQuery: secret('pkq'), // --base-url ?pk=..., named by securitySchemes
  variable: secret('var'), // --var api_secret=..., filled into a path parameter
};
const BASIC_PAIR = `alice:${S.basicPass}`;

/** The spellings output can give a value, computed here independently of src/redact. */
function spellings(v: string): string[] {
  const html = v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return [
    v,
    encodeURIComponent(v),
    new URLSearchParams({ k: v }).toString().slice(2), // form encoding: + for space, %27 for '
    JSON.stringify(v).slice(1, -1),
    v.replace(/'/g, `'\\''`), // inside a single-quoted shell word, as curl lines quote
    JSON.stringify(v.replace(/'/g, `'\\''`)).slice(1, -1), // a curl line inside a JSON report
    html.replace(/'/g, '&#39;'),
    html,
    Buffer.from(v).toString('base64'),
  ];
}
const everySpelling = [...Object.values(S), BASIC_PAIR].flatMap(spellings).concat(Buffer.from(BASIC_PAIR).toString('base64'));

describe('secrets never appear in any output, in any encoding (check, every reporter, curl lines, HAR)', () => {
  let server: TestServer;
  const dir = mkdtempSync(join(tmpdir(), 'specgate-redaction-'));
  const out = (f: string) => join(dir, f);
  let run: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    // Echoes what it received (URL and headers) in a body that breaks the schema: every scenario
    // fails, so every reporter prints its curl line, and every secret comes back in the answer.
    server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo-url': encodeURIComponent(req.url) });
      res.end(JSON.stringify({ ok: false, url: req.url, headers: req.headers }));
    });
    writeFileSync(
      out('specgate.config.yaml'),
      JSON.stringify({ reporters: ['console', ...['json', 'junit', 'github', 'html'].map((name) => ({ name, output: `report.${name}` }))] }),
    );
    run = await cli([
      'check',
      '--config', out('specgate.config.yaml'),
      '--spec', spec,
      '--base-url', `${server.url}/?api_key=${encodeURIComponent(S.queryKey)}&pk=${encodeURIComponent(S.schemeQuery)}`,
      '--header', `Ocp-Apim-Subscription-Key: ${S.subscription}`,
      '--header', `Plaid-Secret: ${S.plaid}`,
      '--header', `X-Partner: ${S.partner}`,
      '--header', `Cookie: sid=${S.cookie}; theme=dark`,
      '--header', `Authorization: Basic ${Buffer.from(BASIC_PAIR).toString('base64')}`,
      '--var', `api_secret=${S.variable}`,
      '--har', out('run.har'),
    ]);
  });
  afterAll(() => server.close());

  it('the run happened with the secrets in play (sent to the target, echoed back) and failed', () => {
    expect(run.code).toBe(1);
    const seen = server.requests.find((r) => r.url.startsWith('/echo/') && r.headers['x-partner'])!;
    expect(seen.headers['x-partner']).toBe(S.partner);
    expect(seen.headers.cookie).toBe(`sid=${S.cookie}; theme=dark`);
    expect(decodeURIComponent(new URL(seen.url, server.url).pathname.slice('/echo/'.length))).toBe(S.variable);
    expect(new URL(seen.url, server.url).searchParams.get('pk')).toBe(S.schemeQuery);
    expect(run.stdout).toContain('curl ');
    for (const name of ['json', 'junit', 'html']) expect(readFileSync(out(`report.${name}`), 'utf8')).toContain('curl ');
  });

  it('no secret, in no spelling, in stdout, stderr, the five reports or the HAR', () => {
    const outputs: Record<string, string> = { stdout: run.stdout, stderr: run.stderr, har: readFileSync(out('run.har'), 'utf8') };
    for (const name of ['json', 'junit', 'github', 'html']) outputs[name] = readFileSync(out(`report.${name}`), 'utf8');
    const leaks = Object.entries(outputs).flatMap(([where, text]) => everySpelling.filter((s) => text.includes(s)).map((s) => `${where}: ${s}`));
    expect(leaks).toEqual([]);
  });

  it('credentials named by securitySchemes are masked by name in the HAR; ordinary values stay', () => {
    const har = JSON.parse(readFileSync(out('run.har'), 'utf8')) as { log: { entries: { request: { url: string; headers: { name: string; value: string }[]; queryString: { name: string; value: string }[] } }[] } };
    const entry = har.log.entries.find((e) => new URL(e.request.url).pathname.startsWith('/echo/') && e.request.headers.some((h) => h.name === 'x-partner'))!;
    const header = (n: string) => entry.request.headers.find((h) => h.name === n)?.value;
    expect(header('x-partner')).toBe('***');
    expect(header('cookie')).toBe('sid=***; theme=***');
    expect(header('authorization')).toBe('Basic ***');
    expect(entry.request.queryString).toContainEqual({ name: 'pk', value: '***' });
    expect(entry.request.queryString).toContainEqual({ name: 'api_key', value: '***' });
    expect(header('accept')).toBe('application/json');
  });
});

describe('validate masks the values of recorded credentials wherever they reappear', () => {
  const dir = mkdtempSync(join(tmpdir(), 'specgate-redaction-validate-'));
  // Known only from the recording: the entry's own bearer token and its securitySchemes header.
  const token = 'eyJhbGciOiJIUzI1NiJ9.recorded-token.c2ln';
  const partner = secret('rec');
  const entry = (body: unknown) => ({
    startedDateTime: new Date(0).toISOString(),
    time: 1,
    request: { method: 'GET', url: 'http://127.0.0.1:1/echo/plain', httpVersion: 'HTTP/1.1', headers: [{ name: 'Authorization', value: `Bearer ${token}` }, { name: 'X-Partner', value: partner }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [{ name: 'content-type', value: 'application/json' }], cookies: [], content: { size: -1, mimeType: 'application/json', text: JSON.stringify(body) }, redirectURL: '', headersSize: -1, bodySize: -1 },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  });

  it('a response body echoing the bearer token and the partner key: masked in every reporter', async () => {
    const har = join(dir, 'echo.har');
    // `ok: false` breaks the schema, so the failure's actual value and the body are both reported.
    writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [entry({ ok: false, seen: `Bearer ${token}`, partner })] } }));
    for (const reporter of ['json', 'console', 'junit', 'github', 'html']) {
      const r = await cli(['validate', har, '--spec', spec, '--reporter', reporter]);
      expect(r.code).toBe(1);
      const text = r.stdout + r.stderr;
      expect(text).toContain('***');
      for (const s of [token, ...spellings(partner)]) expect(text).not.toContain(s);
    }
  });
});

describe('validate exits 2 when no entry could be checked', () => {
  it('8 of 8 bodies marked base64 that are not base64', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-nothing-checked-'));
    const bad = {
      startedDateTime: new Date(0).toISOString(),
      time: 1,
      request: { method: 'GET', url: 'http://127.0.0.1:1/echo/plain', httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
      response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [{ name: 'content-type', value: 'application/json' }], cookies: [], content: { size: 11, mimeType: 'application/json', text: '!!not base64!!', encoding: 'base64' }, redirectURL: '', headersSize: -1, bodySize: -1 },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    };
    const har = join(dir, 'unreadable.har');
    writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: Array.from({ length: 8 }, () => bad) } }));
    const r = await cli(['validate', har, '--spec', spec, '--reporter', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^specgate validate: 8 entries could not be fully checked \(first, har\.0: response body unreadable in the HAR/);
  });
});

describe('a short secret masks the tokens it stands as, never the words of the report', () => {
  it('Basic alice:pass and --var api_secret=pass: "passed" stays in every reporter, /echo/pass does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-redaction-short-'));
    // Conformant, and echoing the URL it was sent (which carries the password as a path segment).
    const server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, url: req.url }));
    });
    try {
      const args = ['check', '--spec', spec, '--base-url', server.url, '--header', `Authorization: Basic ${Buffer.from('alice:pass').toString('base64')}`, '--var', 'api_secret=pass', '--no-negative'];
      const console = await cli(args);
      expect(console.code).toBe(0);
      expect(server.requests.some((r) => r.url === '/echo/pass')).toBe(true);
      expect(console.stdout).toMatch(/\b1 passed\b/);
      expect(console.stdout).not.toContain('***ed');
      for (const reporter of ['json', 'junit', 'github', 'html']) {
        const file = join(dir, `report.${reporter}`);
        const r = await cli([...args, '--reporter', reporter, '--output', file]);
        expect(r.code).toBe(0);
        const text = readFileSync(file, 'utf8') + r.stdout + r.stderr;
        expect(text, reporter).not.toContain('***ed');
        expect(text, reporter).not.toMatch(/\/echo\/pass\b/);
        if (reporter === 'json') {
          const report = JSON.parse(readFileSync(file, 'utf8')) as { summary: Record<string, number> };
          expect(report.summary.passed).toBe(1);
          expect(readFileSync(file, 'utf8')).toContain('/echo/***');
        }
      }
    } finally {
      await server.close();
    }
  });
});
