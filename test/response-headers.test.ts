// A documented response header's value is judged by its schema, read by its style as a request
// header is (a number from its digits, an array from `a,b`), in check and in validate alike. A
// header entry named Content-Type is ignored, as OpenAPI says; an absent optional header is fine.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const DOC = `openapi: 3.0.3
info: { title: Limits, version: '1' }
paths:
  /limits:
    get:
      operationId: getLimits
      responses:
        '200':
          description: the limits
          headers:
            X-Rate-Limit: { required: true, schema: { type: integer, minimum: 1 } }
            X-Regions: { schema: { type: array, items: { type: integer } } }
            X-Mode: { schema: { type: string, enum: [live, test] } }
            Content-Type: { schema: { type: string, enum: [text/csv] } }
          content:
            application/json:
              schema: { type: object }
`;

type Failure = { check: string; pointer: string };
type Report = { summary: { passed: number; failed: number }; results: { outcome: string; steps: { failures?: Failure[] }[] }[] };

describe('response header values', () => {
  const dir = mkdtempSync(join(tmpdir(), 'specgate-res-headers-'));
  const spec = join(dir, 'limits.yaml');
  writeFileSync(spec, DOC);
  let server: TestServer;
  let headers: Record<string, string> = {};
  beforeAll(async () => {
    server = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json', ...headers }).end('{}'));
  });
  afterAll(() => server.close());

  const run = async (answer: Record<string, string>) => {
    headers = answer;
    const har = join(dir, `${Object.values(answer).join('-').replace(/\W/g, '_') || 'none'}.har`);
    const check = await cli(['check', '--spec', spec, '--base-url', server.url, '--no-negative', '--reporter', 'json', '--har', har]);
    const validate = await cli(['validate', har, '--spec', spec, '--reporter', 'json']);
    const failures = (r: Report) => r.results.flatMap((x) => x.steps.flatMap((s) => s.failures ?? []));
    const c = JSON.parse(check.stdout) as Report;
    const v = JSON.parse(validate.stdout) as Report;
    return { check: { code: check.code, failures: failures(c).map((f) => `${f.check} ${f.pointer}`) }, validate: { code: validate.code, pointers: failures(v).map((f) => f.pointer) } };
  };

  it('passes values that read as their schemas say, and ignores a Content-Type entry', async () => {
    const r = await run({ 'x-rate-limit': '60', 'x-regions': '1,2,3', 'x-mode': 'live' });
    expect(r.check).toEqual({ code: 0, failures: [] });
    expect(r.validate).toEqual({ code: 0, pointers: [] });
  });

  it('fails a value against its schema, at its header, in check and in validate', async () => {
    const r = await run({ 'x-rate-limit': 'many', 'x-regions': '1,b', 'x-mode': 'staging' });
    expect(r.check.code).toBe(1);
    expect(r.check.failures.sort()).toEqual(['response_headers_conformance /X-Mode', 'response_headers_conformance /X-Rate-Limit', 'response_headers_conformance /X-Regions/1']);
    expect([r.validate.code, r.validate.pointers.sort()]).toEqual([1, ['/X-Mode', '/X-Rate-Limit', '/X-Regions/1']]);
  });

  it('a missing required header is required_headers, an absent optional one nothing', async () => {
    const r = await run({ 'x-mode': 'test' });
    expect(r.check).toEqual({ code: 1, failures: ['required_headers /X-Rate-Limit'] });
  });
});
