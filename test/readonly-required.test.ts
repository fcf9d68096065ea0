// A request body without a readOnly property the schema lists in `required` (specgate leaves
// readOnly properties out of requests). OpenAPI 3.0: "the required will take effect on the response
// only", so a server rejecting the body is wrong. OpenAPI 3.1 dropped that sentence: `required`
// keeps its plain meaning, so a rejection is a reading the sources allow (a warning), and so is an
// acceptance; a recorded request without the property is a warning, not a failure.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const fixture = (v: '30' | '31') => join(import.meta.dirname, `fixtures/any-document/readonly-required${v}.yaml`);
type Failure = { check: string; message: string; severity?: string; assumption?: string };
type Report = { results: { id: string; outcome: string; steps: { failures: Failure[] }[] }[] };
const findings = (report: Report) => report.results.flatMap((r) => r.steps.flatMap((s) => s.failures));

describe('check: a required readOnly property left out of the request', () => {
  let status = 422;
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const body = JSON.parse(req.body || '{}') as Record<string, unknown>;
      // A server that reads 3.1's `required` strictly (or, with 201, one that fills `id` in itself).
      if (status === 422 && body.id === undefined) res.writeHead(422, { 'content-type': 'application/json' }).end('{"error":"id is required"}');
      else res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 't1', ...body }));
    });
  });
  afterAll(() => server.close());
  const check = async (v: '30' | '31') => {
    const r = await cli(['check', '--spec', fixture(v), '--base-url', server.url, '--reporter', 'json', '--no-negative']);
    const report = JSON.parse(r.stdout) as Report;
    return { code: r.code, outcomes: report.results.map((x) => x.outcome), failures: findings(report) };
  };

  it('3.1: an undocumented 422 is a warning naming the property and why (exit 0)', async () => {
    status = 422;
    const r = await check('31');
    expect(server.requests.at(-1)!.body).toBe('{"name":"string"}');
    expect([r.code, r.outcomes]).toEqual([0, ['warned']]);
    expect(r.failures).toEqual([expect.objectContaining({ check: 'status_code_conformance', severity: 'warning' })]);
    expect(r.failures[0]!.assumption).toMatch(/^specgate left the readOnly property `\/id` out of the request body, though `required` lists it: OpenAPI 3.1 keeps `required` for readOnly properties/);
  });

  it('3.1: a 201 passes', async () => {
    status = 201;
    expect(await check('31')).toEqual({ code: 0, outcomes: ['passed'], failures: [] });
  });

  it('3.0: the requirement is the response\'s only, so a 422 stays a failure; a 201 passes', async () => {
    status = 422;
    const r = await check('30');
    expect([r.code, r.outcomes]).toEqual([1, ['failed']]);
    expect(r.failures.map((f) => [f.check, f.severity ?? 'failure'])).toEqual([['status_code_conformance', 'failure']]);
    status = 201;
    expect(await check('30')).toEqual({ code: 0, outcomes: ['passed'], failures: [] });
  });
});

describe('validate: a recorded request without a required readOnly property', () => {
  const dir = mkdtempSync(join(tmpdir(), 'specgate-readonly-'));
  const entry = (body: string, status: number, answer: string) => ({
    startedDateTime: '2026-12-04T00:00:00.000Z',
    time: 1,
    request: { method: 'POST', url: 'http://127.0.0.1:9/things', httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'content-type', value: 'application/json' }], queryString: [], headersSize: -1, bodySize: body.length, postData: { mimeType: 'application/json', text: body } },
    response: { status, statusText: '', httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'content-type', value: 'application/json' }], content: { size: answer.length, mimeType: 'application/json', text: answer }, redirectURL: '', headersSize: -1, bodySize: answer.length },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  });
  const validate = async (v: '30' | '31', e: ReturnType<typeof entry>) => {
    const har = join(dir, `t-${Math.random().toString(36).slice(2)}.har`);
    writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: [e] } }));
    const r = await cli(['validate', har, '--spec', fixture(v), '--reporter', 'json']);
    const report = JSON.parse(r.stdout) as Report;
    return { code: r.code, outcome: report.results[0]!.outcome, failures: findings(report) };
  };
  const created = entry('{"name":"a"}', 201, '{"id":"t1","name":"a"}');
  const rejected = entry('{"name":"a"}', 422, '{"error":"id is required"}');

  it('3.1: the request warns (not a failure), naming the property; a 422 to it warns too (exit 0)', async () => {
    const r = await validate('31', created);
    expect([r.code, r.outcome]).toEqual([0, 'warned']);
    expect(r.failures).toEqual([expect.objectContaining({ check: 'request_conformance', severity: 'warning', message: expect.stringContaining('/id'), assumption: expect.stringMatching(/^the client left the readOnly property `\/id` out of the request body.*OpenAPI 3\.1 keeps `required`/) })]);
    const no = await validate('31', rejected);
    expect([no.code, no.outcome]).toEqual([0, 'warned']);
    expect(no.failures.map((f) => [f.check, f.severity])).toEqual([
      ['request_conformance', 'warning'],
      ['response_conformance', 'warning'],
    ]);
    expect(no.failures[1]!.assumption).toMatch(/readOnly property `\/id`/);
  });

  it('3.1: a request that sends the property has no finding', async () => {
    expect(await validate('31', entry('{"id":"t1","name":"a"}', 201, '{"id":"t1","name":"a"}'))).toEqual({ code: 0, outcome: 'passed', failures: [] });
  });

  it('3.0: no finding for the request; an undocumented 422 to it is a failure', async () => {
    expect(await validate('30', created)).toEqual({ code: 0, outcome: 'passed', failures: [] });
    const no = await validate('30', rejected);
    expect([no.code, no.outcome]).toEqual([1, 'failed']);
    expect(no.failures.map((f) => [f.check, f.severity ?? 'failure'])).toEqual([['response_conformance', 'failure']]);
  });
});
