// `validate` judges an answer's status as `check` does: an undocumented 401/403 to a request that
// carried no credential the operation's security needs, or an undocumented 4xx to a request that
// does not conform itself, is a status the sources allow (a warning); any other stays a failure.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const DOC = `openapi: 3.0.3
info: { title: Things, version: '1' }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-API-KEY }
security: [{ key: [] }]
paths:
  /things:
    post:
      operationId: addThing
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, required: [name], properties: { name: { type: string } } }
      responses:
        '201':
          description: added
          content:
            application/json:
              schema: { type: object }
`;

const dir = mkdtempSync(join(tmpdir(), 'specgate-har-status-'));
const spec = join(dir, 'things.yaml');
writeFileSync(spec, DOC);

const entry = (headers: Record<string, string>, body: string, status: number) => ({
  startedDateTime: '2026-12-04T00:00:00.000Z',
  time: 1,
  request: { method: 'POST', url: 'http://127.0.0.1:9/things', httpVersion: 'HTTP/1.1', cookies: [], headers: Object.entries({ 'content-type': 'application/json', ...headers }).map(([name, value]) => ({ name, value })), queryString: [], headersSize: -1, bodySize: body.length, postData: { mimeType: 'application/json', text: body } },
  response: { status, statusText: '', httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'content-type', value: 'application/json' }], content: { size: 2, mimeType: 'application/json', text: '{}' }, redirectURL: '', headersSize: -1, bodySize: 2 },
  cache: {},
  timings: { send: 0, wait: 1, receive: 0 },
});

type Report = { results: { outcome: string; steps: { failures: { check: string; message: string; severity?: string; assumption?: string }[] }[] }[] };
async function validate(e: ReturnType<typeof entry>) {
  const har = join(dir, `t-${Math.random().toString(36).slice(2)}.har`);
  writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: [e] } }));
  const r = await cli(['validate', har, '--spec', spec, '--reporter', 'json']);
  const report = JSON.parse(r.stdout) as Report;
  return { code: r.code, outcome: report.results[0]!.outcome, failures: report.results[0]!.steps.flatMap((s) => s.failures) };
}

describe('validate: statuses the sources allow', () => {
  it('a 401 to a request without the API key is a warning naming the scheme (exit 0)', async () => {
    const r = await validate(entry({}, '{"name":"a"}', 401));
    expect([r.code, r.outcome]).toEqual([0, 'warned']);
    expect(r.failures).toEqual([expect.objectContaining({ check: 'response_conformance', severity: 'warning', assumption: expect.stringMatching(/security needs key, and the request carried no credential/) })]);
  });

  it('a 401 to a request that carried the key is still a failure', async () => {
    const r = await validate(entry({ 'x-api-key': 'k' }, '{"name":"a"}', 401));
    expect([r.code, r.outcome]).toEqual([1, 'failed']);
    expect(r.failures.map((f) => [f.message, f.severity])).toEqual([['status 401 is not documented', undefined]]);
  });

  it('an undocumented 422 to a request that does not conform: the request fails, the status only warns', async () => {
    const r = await validate(entry({ 'x-api-key': 'k' }, '{}', 422));
    expect(r.code).toBe(1);
    expect(r.failures.map((f) => [f.check, f.severity ?? 'failure'])).toEqual([
      ['request_conformance', 'failure'],
      ['response_conformance', 'warning'],
    ]);
  });

  it('an undocumented 500 to that request is still a failure of the answer', async () => {
    const r = await validate(entry({ 'x-api-key': 'k' }, '{}', 500));
    expect(r.failures.map((f) => [f.check, f.severity ?? 'failure'])).toEqual([
      ['request_conformance', 'failure'],
      ['response_conformance', 'failure'],
    ]);
  });
});
