import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const spec = join(import.meta.dirname, 'fixtures/hostile/bodies.yaml');
/** 20 KB: 10,000 nested arrays, which overflows the stack of any recursive reader. */
const DEEP = '['.repeat(10_000) + ']'.repeat(10_000);
/** 250 levels (under the limit) with a number at the bottom, where the schema wants an array: Ajv and the describer recurse all the way. */
const NESTED_WRONG = '['.repeat(250) + '1' + ']'.repeat(250);
/** 1 MiB of valid JSON: the HAR keeps it whole, a report keeps the first 64 KB with a note. */
const BIG = JSON.stringify(Array.from({ length: 1024 }, () => 'x'.repeat(1020)));

const ANSWERS: Record<string, string> = { '/ok': '[[]]', '/deep': DEEP, '/nested-wrong': NESTED_WRONG, '/big': BIG };

type Report = { results: { operationId: string; outcome: string; reason?: string; steps: { failures: { pointer: string }[]; response?: { body: unknown; bodyNote?: string } }[] }[] };
type Har = { log: { entries: { request: { url: string }; response: { content: { text?: string } } }[] } };

describe('hostile answers: one bad body is that scenario\'s error, the run goes on and every file is written', () => {
  let server: TestServer;
  const dir = mkdtempSync(join(tmpdir(), 'specgate-hostile-'));
  beforeAll(async () => {
    server = await startServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(ANSWERS[req.url] ?? '[]'));
  });
  afterAll(() => server.close());

  it('check: 10,000-deep nesting is an error, 250-deep is validated, a 1 MB body is kept in part with a note', async () => {
    const r = await cli(['check', '--spec', spec, '--base-url', server.url, '--no-negative', '--reporter', 'json', '--output', join(dir, 'check.json'), '--har', join(dir, 'check.har')]);
    expect(r.stderr).not.toMatch(/internal error|Maximum call stack/);
    expect(r.code).toBe(1); // nestedWrong fails; the error of deep alone would be 2
    const report = JSON.parse(readFileSync(join(dir, 'check.json'), 'utf8')) as Report;
    const by = (op: string) => report.results.find((x) => x.operationId === op)!;
    expect(by('ok').outcome).toBe('passed');
    expect(by('deep')).toMatchObject({ outcome: 'error', reason: expect.stringMatching(/^the JSON body nests more than 256 levels deep: not parsed, not checked \(GET /) });
    expect(by('nestedWrong').outcome).toBe('failed');
    expect(by('nestedWrong').steps[0].failures[0].pointer).toBe('/0'.repeat(250));
    const big = by('big');
    expect(big.outcome).toBe('passed');
    expect(String(big.steps[0].response!.body).length).toBe(64 * 1024);
    expect(big.steps[0].response!.bodyNote).toBe(`response body of ${BIG.length} characters: the first 65536 are kept in the report (the HAR has it up to the body cap)`);
    const har = JSON.parse(readFileSync(join(dir, 'check.har'), 'utf8')) as Har;
    const text = (path: string) => har.log.entries.find((e) => new URL(e.request.url).pathname === path)!.response.content.text;
    expect(text('/big')).toBe(BIG);
    expect(text('/deep')).toBe(DEEP);
  });

  it('validate: the deep entry is an error, the others are checked, the report is written', async () => {
    const entry = (path: string) => ({
      startedDateTime: new Date(0).toISOString(),
      time: 1,
      request: { method: 'GET', url: `http://127.0.0.1:1${path}`, httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
      response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [{ name: 'content-type', value: 'application/json' }], cookies: [], content: { size: -1, mimeType: 'application/json', text: ANSWERS[path] }, redirectURL: '', headersSize: -1, bodySize: -1 },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    });
    const file = join(dir, 'hostile.har');
    writeFileSync(file, JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: ['/ok', '/deep', '/nested-wrong'].map(entry) } }));
    const r = await cli(['validate', file, '--spec', spec, '--reporter', 'json', '--output', join(dir, 'validate.json')]);
    expect(r.stderr).not.toMatch(/internal error|Maximum call stack/);
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'validate.json'), 'utf8')) as Report;
    expect(report.results.map((x) => [x.operationId, x.outcome])).toEqual([
      ['ok', 'passed'],
      ['deep', 'error'],
      ['nestedWrong', 'failed'],
    ]);
    expect(report.results[1].reason).toBe('response body: the JSON body nests more than 256 levels deep: not parsed, not checked');
  });
});
