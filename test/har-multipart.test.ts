// `validate` splits a multipart/form-data request body into its parts (@fastify/busboy's parser)
// and judges the object they spell by the schema: a part per property, a part per array item, an
// object as a JSON part, a file as its bytes. Before, such a body went unjudged. check sends
// multipart bodies (encode.ts), so its own traffic must pass, read back the same way.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { encodeBody } from '../src/execute/encode.js';

const spec = join(import.meta.dirname, 'fixtures', 'har-form', 'uploads-3.0.yaml');
const dir = mkdtempSync(join(tmpdir(), 'specgate-har-multipart-'));
const B = 'test-boundary-42';
const TYPE = `multipart/form-data; boundary=${B}`;

/** A part: name, text, and optional headers (`filename`, `type`). */
type P = [name: string, text: string, opts?: { filename?: string; type?: string }];
const body = (...parts: P[]) =>
  parts
    .map(([name, text, o]) => `--${B}\r\nContent-Disposition: form-data; name="${name}"${o?.filename ? `; filename="${o.filename}"` : ''}\r\n${o?.type ? `Content-Type: ${o.type}\r\n` : ''}\r\n${text}\r\n`)
    .join('') + `--${B}--\r\n`;
const pdf: P = ['file', '%PDF-1.4 bytes', { filename: 'a.pdf', type: 'application/pdf' }];

const entry = (path: string, text: string, contentType: string) => ({
  startedDateTime: '2026-12-05T00:00:00.000Z',
  time: 1,
  request: { method: 'POST', url: `http://127.0.0.1:9${path}`, httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'content-type', value: contentType }], queryString: [], headersSize: -1, bodySize: text.length, postData: { mimeType: contentType, text } },
  response: { status: 201, statusText: 'Created', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: 0 },
  cache: {},
  timings: { send: 0, wait: 1, receive: 0 },
});

type Failure = { check: string; pointer: string; message: string; severity?: string };
type Report = { results: { outcome: string; steps: { failures: Failure[] }[] }[] };

type Params = { name: string; value?: string; fileName?: string; contentType?: string }[];

/** `text` a body, or the `params` a recorder kept instead of one. */
async function validate(text: string | Params, contentType = TYPE, path = '/documents') {
  const har = join(dir, `t-${Math.random().toString(36).slice(2)}.har`);
  const e = entry(path, typeof text === 'string' ? text : '', contentType);
  if (typeof text !== 'string') e.request.postData = { mimeType: contentType, params: text } as never;
  writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: [e] } }));
  const r = await cli(['validate', har, '--spec', spec, '--reporter', 'json']);
  const [only] = (JSON.parse(r.stdout) as Report).results;
  const failures = only!.steps.flatMap((s) => s.failures);
  return { code: r.code, outcome: only!.outcome, pointers: failures.map((f) => `${f.check} ${f.pointer}`), messages: failures.map((f) => f.message) };
}

const passed = { code: 0, outcome: 'passed', pointers: [], messages: [] };

describe('validate: multipart/form-data request bodies', () => {
  it("check's own encoding of a conforming value is read back and passes", async () => {
    const value = { title: 'Report', pages: 3, tags: ['a', 'bc'], meta: { author: 'Ann', year: 2026 }, file: '%PDF-1.4' };
    const sent = encodeBody(value, 'multipart/form-data', { file: { contentType: 'application/pdf' } });
    expect(await validate(sent.body, sent.contentType)).toEqual(passed);
  });

  it('a missing required part is a finding at its pointer', async () => {
    expect((await validate(body(['title', 'Report']))).pointers).toEqual(['request_conformance /file']);
  });

  it('a text part is typed by its schema: an integer part that spells none fails, one that does passes', async () => {
    expect((await validate(body(['title', 'Report'], ['pages', 'many'], pdf))).pointers).toEqual(['request_conformance /pages']);
    expect((await validate(body(['title', 'Report'], ['pages', '0'], pdf))).pointers).toEqual(['request_conformance /pages']);
    expect(await validate(body(['title', 'Report'], ['pages', '12'], pdf))).toEqual(passed);
  });

  it('an array is a part per item, each item judged', async () => {
    expect(await validate(body(['title', 'Report'], ['tags', 'a'], ['tags', 'b'], pdf))).toEqual(passed);
    expect((await validate(body(['title', 'Report'], ['tags', 'a'], ['tags', 'toolong'], pdf))).pointers).toEqual(['request_conformance /tags/1']);
  });

  it('an object is a JSON part, judged inside', async () => {
    expect(await validate(body(['title', 'Report'], ['meta', '{"author":"Ann"}', { type: 'application/json' }], pdf))).toEqual(passed);
    expect((await validate(body(['title', 'Report'], ['meta', '{"year":2026}', { type: 'application/json' }], pdf))).pointers).toEqual(['request_conformance /meta/author']);
  });

  it('an object part sent with no Content-Type is read as JSON, and a finding there only warns', async () => {
    const r = await validate(body(['title', 'Report'], ['meta', '{"year":"x"}'], pdf));
    expect({ code: r.code, outcome: r.outcome }).toEqual({ code: 0, outcome: 'warned' });
    expect(r.pointers.sort()).toEqual(['request_conformance /meta/author', 'request_conformance /meta/year']);
  });

  it('a file part keeps its bytes (format: binary), whatever they are', async () => {
    expect(await validate(body(['title', 'Report'], ['file', '{not json', { filename: 'x.pdf', type: 'application/pdf' }]))).toEqual(passed);
  });

  it('a part the schema does not describe fails where additionalProperties forbids it; its text still bounded by maxLength', async () => {
    expect((await validate(body(['title', 'Report'], ['colour', 'red'], pdf))).pointers).toEqual(['request_conformance /colour']);
    expect((await validate(body(['title', 'A much too long title'], pdf))).pointers).toEqual(['request_conformance /title']);
  });

  it('a part named __proto__ is a field like any other', async () => {
    expect(await validate(body(['text', 'hi'], ['__proto__', 'x']), TYPE, '/notes')).toEqual(passed);
    expect((await validate(body(['__proto__', 'x']), TYPE, '/notes')).pointers).toEqual(['request_conformance /text']);
  });

  it('a HAR that kept only postData.params is judged by them, files included', async () => {
    const file = { name: 'file', value: '%PDF', fileName: 'a.pdf', contentType: 'application/pdf' };
    expect(await validate([{ name: 'title', value: 'Report' }, { name: 'tags', value: 'a' }, file])).toEqual(passed);
    expect((await validate([{ name: 'title', value: 'Report' }, { name: 'pages', value: 'x' }, file])).pointers).toEqual(['request_conformance /pages']);
    expect((await validate([{ name: 'title', value: 'Report' }])).pointers).toEqual(['request_conformance /file']);
  });

  it('a body that does not split into parts is not judged: a warning that says why, exit 0', async () => {
    const noClose = body(['title', 'Report'], pdf).replace(`--${B}--\r\n`, '');
    for (const [text, type, why] of [
      [noClose, TYPE, `no closing delimiter --${B}--`],
      [body(['title', 'Report'], pdf), 'multipart/form-data', 'its Content-Type names no boundary'],
    ] as const) {
      const r = await validate(text, type);
      expect({ code: r.code, outcome: r.outcome, pointers: r.pointers }).toEqual({ code: 0, outcome: 'warned', pointers: ['request_conformance '] });
      expect(r.messages[0]).toContain(why);
    }
  });
});
