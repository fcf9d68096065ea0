import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { spawnSync } from 'node:child_process';
import type { Exchange } from '../src/execute/types.js';
import type { ScenarioResult } from '../src/run/types.js';
import { loadBundledApis, type LoadedApi } from '../src/validate/index.js';
import { buildHar, writeHar, readHarFile, parseHar, validateHar, HarFileError, type HarDocument } from '../src/har/index.js';
import { ACCOUNT, startFakeProvider, type FakeProvider } from './fixtures/har/fake-provider.js';

const SECRET = 'sk_live_5f3c9e1d7a2b4c6e';
const QONTO_ID = '5b1f3c2e-8d4a-4e6b-9c21-5a8f0d3e7b64';

let provider: FakeProvider;
let apis: LoadedApi[];
let dir: string;
const exchanges: Exchange[] = [];

/** A real request to the fake provider, kept as the Exchange specgate's runner would record. */
async function call(scenario: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<void> {
  const url = `${provider.url}${path}`;
  const reqHeaders: Record<string, string> = { authorization: `Bearer ${SECRET}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers };
  const reqBody = body === undefined ? undefined : JSON.stringify(body);
  const startedAt = Date.now();
  const res = await fetch(url, { method, headers: reqHeaders, body: reqBody });
  const bodyText = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  exchanges.push({
    request: { method, url, headers: reqHeaders, body: reqBody },
    response: { status: res.status, statusText: res.statusText, headers: Object.fromEntries(res.headers), bodyText, body: parsed },
    startedAt,
    durationMs: Date.now() - startedAt,
    scenario,
  });
}

const close = (accountNumber: string, extra: Record<string, unknown> = { closureReason: "Customer's request" }) => ({ accountNumber, ...extra });

/** Indexes into `exchanges`, named, so assertions read as what they check. */
const E = {
  conforming: 0,
  wrongType: 1,
  undocumented: 2,
  textPlain: 3,
  missingField: 4,
  qonto: 5,
  unknownPath: 6,
  badJson: 7,
  base64: 8,
  absent: 9,
  absentWrongType: 10,
  truncated: 11,
  refused: 12,
  missingMessage: 13,
};

beforeAll(async () => {
  provider = await startFakeProvider();
  apis = await loadBundledApis(['qonto', 'udara360']);
  dir = mkdtempSync(join(tmpdir(), 'specgate-har-'));
  const udara = '/api/postings/v1/closeaccount';
  await call('conforming close', 'POST', udara, close(ACCOUNT.ok), { 'Request-Reference': 'ref-1' });
  await call('wrong type', 'POST', udara, close(ACCOUNT.wrongType));
  await call('undocumented status', 'POST', udara, close(ACCOUNT.undocumented));
  await call('wrong content type', 'POST', udara, close(ACCOUNT.textPlain));
  await call('request missing a required field', 'POST', udara, { accountNumber: ACCOUNT.ok });
  await call('qonto close', 'POST', `/v2/bank_accounts/${QONTO_ID}/close`, undefined, { 'X-Qonto-Staging-Token': SECRET });
  await call('unknown path', 'GET', '/favicon.ico');
  await call('bad json', 'POST', udara, close(ACCOUNT.badJson));
  await call('base64 body', 'POST', `/v2/bank_accounts/${QONTO_ID}/close`);
  await call('absent body', 'POST', udara, close(ACCOUNT.ok));
  await call('absent body, wrong type', 'POST', udara, close(ACCOUNT.wrongType));
  await call('truncated body', 'POST', udara, close(ACCOUNT.ok));
  // A real refused connection: a port that was just free on 127.0.0.1.
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const startedAt = Date.now();
  const refusedBody = JSON.stringify(close(ACCOUNT.ok));
  const err = await fetch(`http://127.0.0.1:${port}${udara}`, { method: 'POST', body: refusedBody }).then(
    () => undefined,
    (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
  );
  exchanges.push({
    request: { method: 'POST', url: `http://127.0.0.1:${port}${udara}`, headers: { 'content-type': 'application/json' }, body: refusedBody },
    error: { kind: 'refused', message: err ?? 'connected unexpectedly' },
    startedAt,
    durationMs: Date.now() - startedAt,
  });
  await call('missing required field in the response', 'POST', udara, close(ACCOUNT.missingMessage));
});

afterAll(async () => {
  await provider?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Record with the writer, then rewrite entries the way other recorders store bodies. */
async function recorded(): Promise<{ file: string; har: HarDocument }> {
  const file = join(dir, `run-${Math.random().toString(36).slice(2)}.har`);
  await writeHar(file, exchanges, { secrets: [SECRET] });
  const har = JSON.parse(readFileSync(file, 'utf8')) as HarDocument;
  const entries = har.log.entries;
  // Chrome and Playwright store some bodies base64-encoded.
  const b64 = entries[E.base64].response.content;
  b64.text = Buffer.from(b64.text!, 'utf8').toString('base64');
  b64.encoding = 'base64';
  // Playwright `content: 'omit'` and sanitized exports keep the size, not the text.
  delete entries[E.absent].response.content.text;
  delete entries[E.absentWrongType].response.content.text;
  // A proxy with a body limit: fewer bytes kept than `size` says.
  const cut = entries[E.truncated].response.content;
  cut.text = cut.text!.slice(0, 20);
  writeFileSync(file, JSON.stringify(har));
  return { file, har };
}

const byId = (results: ScenarioResult[], i: number) => results.find((r) => r.id === `har.${i}`)!;
const failuresOf = (r: ScenarioResult) => r.steps.flatMap((s) => s.failures);

describe('HAR writer', () => {
  it('writes HAR 1.2 with creator, timings, and no secret anywhere', async () => {
    const { file } = await recorded();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET);
    const har = JSON.parse(text) as HarDocument;
    expect(har.log.version).toBe('1.2');
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(har.log.creator).toEqual({ name: 'specgate', version: pkg.version });
    expect(har.log.entries).toHaveLength(exchanges.length);
    const first = har.log.entries[E.conforming];
    expect(first.request.headers).toContainEqual({ name: 'authorization', value: 'Bearer ***' });
    expect(first.request.headers).toContainEqual({ name: 'Request-Reference', value: 'ref-1' });
    expect(first.request.postData).toEqual({ mimeType: 'application/json', text: JSON.stringify(close(ACCOUNT.ok)) });
    expect(first.response.content.mimeType).toMatch(/^application\/json/);
    expect(first.comment).toBe('conforming close');
    for (const e of har.log.entries) {
      expect(e.timings.wait).toBeGreaterThanOrEqual(0);
      expect(e.time).toBe(e.timings.wait);
      expect(Number.isNaN(Date.parse(e.startedDateTime))).toBe(false);
    }
    const refused = har.log.entries[E.refused];
    expect(refused.response.status).toBe(0);
    expect(refused.response._error).toMatch(/^refused: /);
  });

  it('applies the redact hook to header values and bodies, after the defaults', () => {
    const har = buildHar(exchanges.slice(0, 1), {
      version: '9.9.9',
      redact: (v) => v.replace(/1100012345/g, 'ACCOUNT'),
    });
    const entry = har.log.entries[0];
    expect(har.log.creator.version).toBe('9.9.9');
    expect(entry.request.postData!.text).toContain('"accountNumber":"ACCOUNT"');
    expect(JSON.stringify(entry)).not.toContain('1100012345');
    expect(JSON.stringify(entry)).not.toContain(SECRET);
  });

  it('redacts credential fields in JSON bodies and known secret values in URLs', () => {
    const ex: Exchange = {
      request: { method: 'POST', url: `http://127.0.0.1/api/auth/v1/authenticate?access_token=${SECRET}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: 'c1', clientSecret: 'hunter22hunter' }) },
      response: { status: 200, headers: { 'content-type': 'application/json' }, bodyText: JSON.stringify({ token: 'eyJhbGciOi.payload.sig' }) },
      startedAt: Date.now(),
      durationMs: 1,
    };
    const text = JSON.stringify(buildHar([ex]));
    for (const secret of [SECRET, 'hunter22hunter', 'eyJhbGciOi.payload.sig']) expect(text).not.toContain(secret);
    expect(text).toContain('c1');
  });

  it('replaces the file atomically and leaves no temp file behind', async () => {
    const file = join(dir, 'atomic', 'out.har');
    await writeHar(file, exchanges.slice(0, 2));
    await writeHar(file, exchanges.slice(0, 3));
    expect(readHarFile(file).entries).toHaveLength(3);
    expect(readdirSync(join(dir, 'atomic'))).toEqual(['out.har']);
  });
});

describe('validateHar on recorded traffic', () => {
  let results: ScenarioResult[];
  let summary: ReturnType<typeof validateHar>['summary'];

  beforeAll(async () => {
    const { file } = await recorded();
    const run = validateHar(readHarFile(file), apis);
    results = run.results;
    summary = run.summary;
  });

  it('gives one result per entry, ids har.<index>', () => {
    expect(results.map((r) => r.id)).toEqual(exchanges.map((_, i) => `har.${i}`));
    expect(summary.total).toBe(exchanges.length);
  });

  it('passes conforming entries of both APIs', () => {
    for (const i of [E.conforming, E.qonto]) {
      const r = byId(results, i);
      expect({ id: r.id, outcome: r.outcome, failures: failuresOf(r) }).toEqual({ id: r.id, outcome: 'passed', failures: [] });
    }
    expect(byId(results, E.qonto)).toMatchObject({ api: 'qonto', operationId: 'closeBusinessAccount' });
    expect(byId(results, E.conforming)).toMatchObject({ api: 'udara360', operationId: 'closeAccount' });
  });

  it('flags a wrong type in a response body at its pointer, with the source sentence', () => {
    const [f, ...rest] = failuresOf(byId(results, E.wrongType));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ check: 'response_conformance', pointer: '/data/statusCode', expected: 'string', actual: 'integer 0', source: '"statusCode": "string",' });
    expect(byId(results, E.wrongType).outcome).toBe('failed');
  });

  it('flags a missing required response field', () => {
    expect(failuresOf(byId(results, E.missingMessage))).toEqual([
      expect.objectContaining({ check: 'response_conformance', pointer: '/message', expected: 'present', actual: 'absent' }),
    ]);
  });

  it('flags an undocumented status', () => {
    const [f] = failuresOf(byId(results, E.undocumented));
    expect(f).toMatchObject({ check: 'response_conformance', pointer: '', actual: 418 });
    expect(f.expected).toEqual(expect.arrayContaining(['200', '400', '401', '500']));
    expect(f.message).toMatch(/status 418 is not documented/);
  });

  it('flags a wrong content type', () => {
    const [f] = failuresOf(byId(results, E.textPlain));
    expect(f).toMatchObject({ check: 'response_conformance', expected: ['application/json'], actual: 'text/plain; charset=utf-8' });
    expect(f.message).toMatch(/content type text\/plain is not documented/);
  });

  it('flags a request missing a required field, and still checks its response', () => {
    const r = byId(results, E.missingField);
    expect(failuresOf(r)).toEqual([expect.objectContaining({ check: 'request_conformance', pointer: '/closureReason', expected: 'present', actual: 'absent' })]);
  });

  it('reads base64 bodies', () => {
    expect(byId(results, E.base64)).toMatchObject({ outcome: 'passed', api: 'qonto' });
  });

  it('checks status and headers only when the body was not recorded, and says so', () => {
    for (const i of [E.absent, E.absentWrongType]) {
      const r = byId(results, i);
      expect(r.outcome).toBe('passed');
      expect(r.reason).toMatch(/response body not recorded in the HAR/);
      expect(r.name).toMatch(/body not recorded/);
    }
  });

  it('reports a truncated body as its own kind of issue, not a schema failure', () => {
    const r = byId(results, E.truncated);
    expect(failuresOf(r)).toEqual([]);
    expect(r.outcome).toBe('error');
    expect(r.reason).toMatch(/response body truncated in the HAR \(20 bytes kept, size says \d+ bytes\)/);
  });

  it('reports JSON that does not parse as its own check', () => {
    const [f, ...rest] = failuresOf(byId(results, E.badJson));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ check: 'response_body_json', pointer: '', expected: 'a JSON document' });
  });

  it('lists entries of unknown operations as skipped', () => {
    const r = byId(results, E.unknownPath);
    expect(r.outcome).toBe('skipped');
    expect(r.reason).toMatch(/^unknown operation: no operation of qonto, udara360 has this path$/);
  });

  it('reports an entry with no response as a transport error', () => {
    const r = byId(results, E.refused);
    expect(r).toMatchObject({ outcome: 'error', errorKind: 'transport', api: 'udara360' });
    expect(r.reason).toMatch(/no response was recorded \(status 0: refused/);
    expect(failuresOf(r)).toEqual([]);
  });

  it('keeps secrets out of the result, though the HAR holds them in the clear (as a browser records it)', async () => {
    // The writer masked them; put them back where another recorder leaves them: the credential header, a body echoing it, a URL.
    const { file, har } = await recorded();
    for (const e of har.log.entries) for (const h of e.request.headers) if (h.name.toLowerCase() === 'authorization') h.value = `Bearer ${SECRET}`;
    har.log.entries[E.undocumented].response.content.text = JSON.stringify({ echoed: `Bearer ${SECRET}` });
    har.log.entries[E.wrongType].request.url += `?access_token=${SECRET}`;
    writeFileSync(file, JSON.stringify(har));
    expect(readFileSync(file, 'utf8').split(SECRET).length - 1).toBeGreaterThanOrEqual(har.log.entries.length);
    const run = validateHar(readHarFile(file), apis);
    // The same verdicts as on the masked file, and the secret nowhere in them.
    expect(run.results.map((r) => [r.id, r.outcome])).toEqual(results.map((r) => [r.id, r.outcome]));
    expect(JSON.stringify(run.results)).not.toContain(SECRET);
    expect(byId(run.results, E.undocumented).steps[0].exchange?.response?.bodyText).toContain('***');
  });

  it('counts outcomes', () => {
    expect(summary).toMatchObject({ passed: 5, failed: 6, errors: 2, skipped: 1 });
  });
});

describe('reading HAR files', () => {
  it('refuses a file that is not HAR, naming it', () => {
    const file = join(import.meta.dirname, 'fixtures/har/not-a-har.json');
    expect(() => readHarFile(file)).toThrow(HarFileError);
    expect(() => readHarFile(file)).toThrow(/not-a-har\.json: not a HAR file: no "log" object/);
    expect(() => parseHar('<html>', 'page.har')).toThrow(/^page\.har: not a HAR file: not JSON/);
    expect(() => readHarFile(join(dir, 'missing.har'))).toThrow(/missing\.har: no such file/);
  });

  it('reads HAR as browsers and Playwright write it', () => {
    const run = validateHar(readHarFile(join(import.meta.dirname, 'fixtures/har/browser/browser.har')), apis);
    expect(run.results.map((r) => [r.id, r.outcome])).toEqual([
      ['har.0', 'passed'], // HTTP/2 pseudo-headers, capitalised header names
      ['har.1', 'passed'], // Playwright `content: 'attach'`: the body is in body-1.json
      ['har.2', 'error'], // Chrome's failed request: status 0, _error
      ['har.3', 'error'], // truncation said only in a comment
      ['har.4', 'passed'], // base64 request and response bodies (bodySize counts the base64 text)
      ['har.5', 'skipped'], // CORS preflight
      ['har.6', 'skipped'], // unrelated resource
      ['har.7', 'error'], // marked base64, but is not
    ]);
    expect(run.results[2]).toMatchObject({ errorKind: 'transport', reason: 'no response was recorded (status 0: net::ERR_CONNECTION_REFUSED)' });
    expect(run.results[3].reason).toMatch(/truncated in the HAR \(40 bytes kept, comment: Body truncated to 40 bytes by the proxy\)/);
    expect(run.results[5].reason).toMatch(/documented only for other methods \(udara360 POST \/api\/postings\/v1\/closeaccount\)/);
    expect(run.results[7].reason).toMatch(/response body unreadable in the HAR \(the body is marked base64 but is not valid base64\)/);
    expect(JSON.stringify(run)).not.toContain('eyJhbGciOiJIUzI1NiJ9.e30.sig');
  });

  it('keeps a malformed entry to itself', () => {
    const har = parseHar(JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [{ request: {} }, 42] } }), 'x.har');
    expect(har.entries.map((e) => e.problem)).toEqual(['entry 0 is not a HAR entry: no request.method', 'entry 1 is not a HAR entry: no request']);
    const run = validateHar(har, apis);
    expect(run.results.map((r) => r.outcome)).toEqual(['error', 'error']);
  });
});

/** The built CLI (test/global-setup.ts builds dist/ once per run), as CI would call it. */
function cli(...args: string[]) {
  const root = join(import.meta.dirname, '..');
  const r = spawnSync(process.execPath, [join(root, 'bin/specgate.js'), 'validate', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('specgate validate (CLI)', () => {
  let file: string;
  beforeAll(async () => {
    ({ file } = await recorded());
  });

  it('exits 1 on nonconformance, with the same RunResult shape as check (json reporter)', () => {
    const r = cli(file, '--api', 'qonto', '--api', 'udara360', '--reporter', 'json');
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { target: string; summary: Record<string, number>; results: ScenarioResult[] };
    expect(report.summary).toMatchObject({ total: exchanges.length, passed: 5, failed: 6, errors: 2, skipped: 1 });
    const wrong = report.results.find((x) => x.id === `har.${E.wrongType}`)!;
    expect(wrong.steps[0].failures[0]).toMatchObject({ check: 'response_conformance', pointer: '/data/statusCode' });
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stderr).toMatch(/2 entries could not be fully checked \(first, har\.11: response body truncated/);
  });

  it('exits 0 when every checked entry conforms; the console report lists skipped entries', async () => {
    const ok = join(dir, 'ok.har');
    await writeHar(ok, [exchanges[E.conforming], exchanges[E.qonto], exchanges[E.unknownPath]]);
    const r = cli(ok);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/2 passed, 0 failed, 0 errors, 1 skipped/);
    expect(r.stdout).toMatch(/GET \/favicon\.ico/);
  });

  it('writes the report to --output (junit) and still exits by the result', () => {
    const out = join(dir, 'reports', 'har.xml');
    const r = cli(file, '--reporter', 'junit', '--output', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml/);
    expect(r.stderr).toMatch(/report written to .*har\.xml/);
  });

  it('exits 2 with one line naming the file when it is not a HAR, or missing', () => {
    const notHar = cli(join('test', 'fixtures', 'har', 'not-a-har.json'));
    expect(notHar.code).toBe(2);
    expect(notHar.stderr.split('\n')[0]).toMatch(/^specgate validate: test\/fixtures\/har\/not-a-har\.json: not a HAR file/);
    const missing = cli(join(dir, 'nope.har'));
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toMatch(/nope\.har: no such file$/);
  });

  it('exits 2 on usage errors', () => {
    expect(cli().code).toBe(2);
    expect(cli(file, '--reporter', 'xml').stderr).toMatch(/--reporter must be one of console, json, junit, github/);
    expect(cli(file, '--api', 'nosuchapi').code).toBe(2);
    expect(cli(file, '--bogus').code).toBe(2);
  });

  it('validates against --spec documents (server base path stripped)', async () => {
    const spec = join(import.meta.dirname, 'fixtures/har/widgets/openapi.yaml');
    const ex = (url: string, status: number, body: unknown): Exchange => ({
      request: { method: 'GET', url, headers: {} },
      response: { status, headers: { 'content-type': 'application/json' }, bodyText: JSON.stringify(body) },
      startedAt: Date.now(),
      durationMs: 1,
    });
    const widgets = join(dir, 'widgets.har');
    await writeHar(widgets, [ex('https://widgets.example.com/api/v1/users/me', 200, { id: 'u1', name: 'Ada' }), ex('https://widgets.example.com/api/v1/users/42', 200, { id: 42, name: 'Bob' })]);
    const r = cli(widgets, '--spec', spec, '--reporter', 'json');
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { results: ScenarioResult[] };
    expect(report.results.map((x) => [x.operationId, x.outcome])).toEqual([
      ['getMe', 'passed'],
      ['getUser', 'failed'],
    ]);
    expect(report.results[1].steps[0].failures[0]).toMatchObject({ pointer: '/id', expected: 'string' });
  });
});
