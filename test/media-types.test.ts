import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

// One answer documented under three media types, each with a schema of its own. The request's
// Accept lists all three, so any is a correct answer, judged by its own media's schema (XML by
// none: no JSON Schema reads XML as it travels). specgate judged every one by application/json's.
const DOC = `openapi: 3.1.0
info: { title: Media, version: '1' }
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - { name: id, in: path, required: true, schema: { type: string }, example: t1 }
      responses:
        '200':
          description: the thing
          content:
            application/json:
              schema: { type: object, required: [id], properties: { id: { type: string } } }
              example: { id: t1 }
            application/problem+json:
              schema: { type: object, required: [title], properties: { title: { type: string } } }
            application/xml:
              schema: { type: object, required: [id], properties: { id: { type: string } } }
    patch:
      operationId: patchThing
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, required: [id, name], properties: { id: { type: string }, name: { type: string } } }
          application/merge-patch+json:
            schema: { type: object, properties: { name: { type: string } } }
      responses:
        '204': { description: patched }
`;

interface Report {
  summary: { passed: number; failed: number };
  results: { name: string; outcome: string; steps: { failures: { check: string; message: string; pointer?: string }[] }[] }[];
}

describe('a body is judged by the schema of the media type it came as', () => {
  let server: TestServer;
  let base: string;
  let answer: { type: string; body: string } = { type: 'application/json', body: '{"id":"t1"}' };
  const dir = mkdtempSync(join(tmpdir(), 'specgate-media-'));
  const file = join(dir, 'media.yaml');
  beforeAll(async () => {
    writeFileSync(file, DOC);
    server = await startServer((req, res) => (req.method === 'PATCH' ? res.writeHead(204).end() : res.writeHead(200, { 'content-type': answer.type }).end(answer.body)));
    base = server.url;
  });
  afterAll(() => server.close());

  const run = async () => {
    const r = await cli(['check', '--spec', file, '--base-url', base, '--reporter', 'json', '--no-negative']);
    const report = JSON.parse(r.stdout) as Report;
    return { code: r.code, stderr: r.stderr, report, failures: report.results.flatMap((x) => x.steps.flatMap((s) => s.failures)) };
  };

  it('an XML answer to a request that accepts XML passes (its schema is not a JSON one)', async () => {
    answer = { type: 'application/xml', body: '<thing><id>t1</id></thing>' };
    const { code, stderr, failures } = await run();
    expect(failures).toEqual([]);
    expect(code, stderr).toBe(0);
  });

  it('an application/problem+json answer is judged by its own schema: passes when it conforms', async () => {
    answer = { type: 'application/problem+json', body: '{"title":"gone"}' };
    const { code, stderr, failures } = await run();
    expect(failures).toEqual([]);
    expect(code, stderr).toBe(0);
  });

  it('and fails at the pointer its own schema breaks', async () => {
    answer = { type: 'application/problem+json', body: '{"title":5}' };
    const { code, failures } = await run();
    expect(code).toBe(1);
    expect(failures.map((f) => [f.check, f.message])).toEqual([['response_schema_conformance', expect.stringContaining('must be string')]]);
    expect(JSON.stringify(failures)).toContain('/title');
  });

  it('an application/json answer is still judged by application/json\'s schema', async () => {
    answer = { type: 'application/json', body: '{"title":"gone"}' };
    const { code, failures } = await run();
    expect(code).toBe(1);
    expect(failures.map((f) => f.message)).toEqual([expect.stringContaining("required property 'id'")]);
  });

  const har = (contentType: string, text: string) => ({
    log: {
      version: '1.2',
      creator: { name: 'test', version: '1' },
      entries: [
        {
          startedDateTime: '2026-12-04T00:00:00.000Z',
          time: 1,
          request: { method: 'PATCH', url: 'http://127.0.0.1:9/things/t1', httpVersion: 'HTTP/1.1', headers: [{ name: 'Content-Type', value: contentType }], queryString: [], cookies: [], headersSize: -1, bodySize: text.length, postData: { mimeType: contentType, text } },
          response: { status: 204, statusText: 'No Content', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: 0 },
          cache: {},
          timings: { send: 0, wait: 1, receive: 0 },
        },
      ],
    },
  });
  const validate = async (contentType: string, text: string) => {
    const f = join(dir, `patch-${Math.random().toString(36).slice(2)}.har`);
    writeFileSync(f, JSON.stringify(har(contentType, text)));
    const r = await cli(['validate', f, '--spec', file, '--reporter', 'json']);
    return { code: r.code, stderr: r.stderr, out: r.stdout };
  };

  it('validate: a merge-patch request carrying only what changes passes (its schema requires nothing)', async () => {
    const { code, stderr, out } = await validate('application/merge-patch+json', '{"name":"new"}');
    expect(code, stderr + out).toBe(0);
  });

  it('validate: a merge-patch request with a wrong type fails at its pointer', async () => {
    const { code, out } = await validate('application/merge-patch+json', '{"name":5}');
    expect(code).toBe(1);
    expect(out).toContain('/name');
  });
});
