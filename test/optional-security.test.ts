// Optional security (`[{ApiKey: []}, {}]`): a key the run gives is sent (it picks that alternative),
// and a 401 to a credential no scheme of the operation names is the server's choice (a warning),
// while a wrong key, or a 401 to an anonymous request, stays a failure.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const doc = join(import.meta.dirname, 'fixtures/any-document/optional-auth.yaml');
type Failure = { check: string; severity?: string; assumption?: string };
type Report = { summary: { failed: number; warned: number }; results: { id: string; outcome: string; steps: { failures?: Failure[] }[] }[] };

describe('optional security: an API key, or anonymous', () => {
  let server: TestServer;
  let anonymous = 200;
  beforeAll(async () => {
    // Anonymous requests and the right key are served; a wrong key, or any Authorization, is refused.
    server = await startServer((req, res) => {
      const key = req.headers['x-api-key'];
      if (req.headers.authorization !== undefined || (key !== undefined && key !== 'secret') || (key === undefined && anonymous !== 200)) return res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end('["a"]');
    });
  });
  afterAll(() => server.close());

  const check = async (...args: string[]) => {
    const r = await cli(['check', '--spec', doc, '--base-url', server.url, '--reporter', 'json', '--no-negative', ...args]);
    return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
  };
  const statusFailures = (r: Report) => r.results.flatMap((x) => x.steps.flatMap((s) => s.failures ?? [])).filter((f) => f.check === 'status_code_conformance');

  it('a key given with --var under its name is sent, and passes', async () => {
    const before = server.requests.length;
    const r = await check('--var', 'X-Api-Key=secret');
    expect([r.code, r.report.summary.failed, r.report.summary.warned], r.stderr).toEqual([0, 0, 0]);
    const sent = server.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const q of sent) expect(q.headers['x-api-key']).toBe('secret');
  });

  it('the key given, negatives on: no "credentials left out" case, since anonymous is allowed', async () => {
    const r = await cli(['check', '--spec', doc, '--base-url', server.url, '--reporter', 'json', '--var', 'X-Api-Key=secret']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.filter((x) => x.id.includes('credentials-left-out'))).toEqual([]);
  });

  it('a credential header no scheme of the operation names, refused with 401: a warning that says so, exit 0', async () => {
    const r = await check('--header', 'Authorization: Bearer x');
    expect(r.code, r.stderr).toBe(0);
    expect(r.report.results.map((x) => x.outcome)).toEqual(r.report.results.map(() => 'warned'));
    const fs = statusFailures(r.report);
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) {
      expect(f.severity).toBe('warning');
      expect(f.assumption).toMatch(/carried the credential header authorization, which the operation's security \(ApiKey, or none\) does not name, and the server refused it with 401/i);
    }
  });

  it('a wrong key is still a failure (exit 1)', async () => {
    const r = await check('--var', 'X-Api-Key=wrong');
    expect(r.code).toBe(1);
    expect(statusFailures(r.report).some((f) => f.severity !== 'warning')).toBe(true);
  });

  it('a 401 to an anonymous request is a failure: the document allows anonymous', async () => {
    anonymous = 401;
    try {
      const r = await check();
      expect(r.code).toBe(1);
      expect(statusFailures(r.report).some((f) => f.severity !== 'warning')).toBe(true);
    } finally {
      anonymous = 200;
    }
  });

  it('validate of a HAR of the stray-header exchange warns, as check does; the wrong key fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-optional-auth-'));
    const validate = async (headers: Record<string, string>) => {
      const har = join(dir, `t-${Math.random().toString(36).slice(2)}.har`);
      const entry = {
        startedDateTime: '2026-12-04T00:00:00.000Z',
        time: 1,
        request: { method: 'GET', url: 'http://127.0.0.1:9/things', httpVersion: 'HTTP/1.1', cookies: [], headers: Object.entries(headers).map(([name, value]) => ({ name, value })), queryString: [], headersSize: -1, bodySize: 0 },
        response: { status: 401, statusText: '', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: 0 },
        cache: {},
        timings: { send: 0, wait: 1, receive: 0 },
      };
      writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: [entry] } }));
      const r = await cli(['validate', har, '--spec', doc, '--reporter', 'json']);
      const result = (JSON.parse(r.stdout) as Report).results[0]!;
      return { code: r.code, outcome: result.outcome, failures: result.steps.flatMap((s) => s.failures ?? []) };
    };
    const stray = await validate({ authorization: 'Bearer x' });
    expect([stray.code, stray.outcome]).toEqual([0, 'warned']);
    expect(stray.failures).toEqual([expect.objectContaining({ severity: 'warning', assumption: expect.stringMatching(/carried the credential header authorization, which the operation's security \(ApiKey, or none\) does not name/i) })]);
    const wrong = await validate({ 'x-api-key': 'wrong' });
    expect([wrong.code, wrong.outcome]).toEqual([1, 'failed']);
  });
});
