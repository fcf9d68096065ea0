// `validate` reads an application/x-www-form-urlencoded request body as the query string it is:
// each field by the schema and the media type's `encoding` (style form, explode by default), then
// judged by the schema like a JSON body. Before, such a body went to the validators as raw text
// and nothing judged it. `check` sends form bodies the same way, so its own traffic must pass.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';
import { loadApi } from '../src/validate/index.js';
import { encodeBody } from '../src/execute/encode.js';

const spec = join(import.meta.dirname, 'fixtures', 'har-form', 'people-3.0.yaml');
const spec20 = join(import.meta.dirname, 'fixtures', 'har-form', 'ids-2.0.yaml');
const dir = mkdtempSync(join(tmpdir(), 'specgate-har-form-'));
const FORM = 'application/x-www-form-urlencoded';

const entry = (path: string, body: string, contentType = FORM) => ({
  startedDateTime: '2026-12-04T00:00:00.000Z',
  time: 1,
  request: { method: 'POST', url: `http://127.0.0.1:9${path}`, httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'content-type', value: contentType }], queryString: [], headersSize: -1, bodySize: body.length, postData: { mimeType: contentType, text: body } },
  response: { status: 201, statusText: 'Created', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: 0 },
  cache: {},
  timings: { send: 0, wait: 1, receive: 0 },
});

type Failure = { check: string; pointer: string; message: string; severity?: string };
type Report = { results: { outcome: string; steps: { failures: Failure[] }[] }[] };

async function validateFile(har: string, doc = spec) {
  const r = await cli(['validate', har, '--spec', doc, '--reporter', 'json']);
  const report = JSON.parse(r.stdout) as Report;
  return { code: r.code, stderr: r.stderr, results: report.results.map((x) => ({ outcome: x.outcome, failures: x.steps.flatMap((s) => s.failures) })) };
}

async function validate(path: string, body: string, contentType?: string, doc = spec) {
  const har = join(dir, `t-${Math.random().toString(36).slice(2)}.har`);
  writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: [entry(path, body, contentType)] } }));
  const r = await validateFile(har, doc);
  const [only] = r.results;
  return { code: r.code, outcome: only!.outcome, pointers: only!.failures.map((f) => `${f.check} ${f.pointer}`) };
}

describe('validate: urlencoded request bodies', () => {
  it('a conforming body passes, an exploded object property read from its own fields', async () => {
    expect(await validate('/people', 'name=Ann&age=30&street=Main+St&city=Oslo')).toEqual({ code: 0, outcome: 'passed', pointers: [] });
  });

  it('an integer field that spells no integer is a finding at its pointer', async () => {
    expect(await validate('/people', 'name=Ann&age=abc')).toEqual({ code: 1, outcome: 'failed', pointers: ['request_conformance /age'] });
  });

  it('a missing required field is a finding at its pointer', async () => {
    expect(await validate('/people', 'age=30', `${FORM}; charset=utf-8`)).toEqual({ code: 1, outcome: 'failed', pointers: ['request_conformance /name'] });
  });

  it('encoding explode: false reads tags=a,b as an array', async () => {
    expect(await validate('/people', 'name=Ann&age=30&tags=a,b')).toEqual({ code: 0, outcome: 'passed', pointers: [] });
    expect(await validate('/people', 'name=Ann&age=30&tags=a,bc')).toEqual({ code: 1, outcome: 'failed', pointers: ['request_conformance /tags/1'] });
  });

  it('a field the schema does not describe fails only where additionalProperties forbids it', async () => {
    expect(await validate('/people', 'name=Ann&age=30&nickname=Annie')).toEqual({ code: 1, outcome: 'failed', pointers: ['request_conformance /nickname'] });
    expect(await validate('/notes', 'text=hi&colour=red')).toEqual({ code: 0, outcome: 'passed', pointers: [] });
  });

  it('repeated fields are an exploded array, each item typed by the schema', async () => {
    expect(await validate('/notes', 'text=hi&pinned=true&ids=1&ids=2')).toEqual({ code: 0, outcome: 'passed', pointers: [] });
    expect(await validate('/notes', 'text=hi&pinned=yes&ids=1&ids=x')).toEqual({ code: 1, outcome: 'failed', pointers: ['request_conformance /pinned', 'request_conformance /ids/1'] });
  });

  it('a value nested in a field is read as JSON text; a finding there only warns (OpenAPI defines no reading)', async () => {
    expect(await validate('/notes', `text=hi&links=${encodeURIComponent('{"href":"/a"}')}`)).toEqual({ code: 0, outcome: 'passed', pointers: [] });
    expect(await validate('/notes', 'text=hi&links=%2Fa')).toEqual({ code: 0, outcome: 'warned', pointers: ['request_conformance /links/0'] });
    expect(await validate('/notes', `text=hi&links=${encodeURIComponent('{"rel":"x"}')}`)).toEqual({ code: 0, outcome: 'warned', pointers: ['request_conformance /links/0/href'] });
  });

  it('an object field with explode: false is read from its name,value pairs', async () => {
    expect(await validate('/notes', 'text=hi&where=lat,1.5,lon,2')).toEqual({ code: 0, outcome: 'passed', pointers: [] });
    expect(await validate('/notes', 'text=hi&where=lat,north,lon,2')).toEqual({ code: 1, outcome: 'failed', pointers: ['request_conformance /where/lat'] });
  });

  it('the schema judges the decoded text', async () => {
    expect(await validate('/notes', `text=${encodeURIComponent('ä'.repeat(20))}`)).toEqual({ code: 0, outcome: 'passed', pointers: [] });
    expect(await validate('/notes', `text=${'x'.repeat(21)}`)).toEqual({ code: 1, outcome: 'failed', pointers: ['request_conformance /text'] });
  });
});

describe('validate: Swagger 2.0 formData', () => {
  it('an array without collectionFormat is csv, the 2.0 default; multi repeats the field', async () => {
    expect(await validate('/batches', 'ids=1,2&names=a&names=b', undefined, spec20)).toEqual({ code: 0, outcome: 'passed', pointers: [] });
    expect(await validate('/batches', 'ids=1,x', undefined, spec20)).toEqual({ code: 1, outcome: 'failed', pointers: ['request_conformance /ids/1'] });
    expect(await validate('/batches', 'ids=1&names=a,b', undefined, spec20)).toEqual({ code: 1, outcome: 'failed', pointers: ['request_conformance /names/0'] });
  });

  it('check sends such an array as csv too', async () => {
    const [media] = (await loadApi(spec20)).operation('addBatch')!.requestBody!.content;
    expect(encodeBody({ ids: [1, 2], names: ['a', 'b'] }, media!.contentType, media!.encoding).body).toBe('ids=1%2C2&names=a&names=b');
  });
});

describe('check sends form bodies validate accepts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => {
      res.statusCode = 201;
      res.end();
    });
  });
  afterAll(() => server.close());

  it('the bodies check sends to a real server pass validate', async () => {
    const har = join(dir, 'check.har');
    const r = await cli(['check', '--spec', spec, '--base-url', server.url, '--no-negative', '--har', har, '--reporter', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const sent = server.requests.filter((q) => q.method === 'POST');
    expect(sent.map((q) => q.url).sort()).toEqual(['/notes', '/people']);
    for (const q of sent) expect(String(q.headers['content-type'])).toMatch(/^application\/x-www-form-urlencoded/);
    // The examples' arrays, the exploded object and the nested value all travel, each as its encoding says.
    expect(sent.map((q) => q.body).sort()).toEqual(['name=Ann&age=30&tags=a%2Cb&street=Main+St&city=Oslo', 'text=hi&pinned=true&ids=1&ids=2&links=%7B%22href%22%3A%22%2Fa%22%7D&where=lat%2C1.5%2Clon%2C2']);
    expect(JSON.parse(readFileSync(har, 'utf8')).log.entries).toHaveLength(2);
    const v = await validateFile(har);
    expect(v.results).toEqual([{ outcome: 'passed', failures: [] }, { outcome: 'passed', failures: [] }]);
    expect(v.code, v.stderr).toBe(0);
  });
});
