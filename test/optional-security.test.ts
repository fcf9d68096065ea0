// Optional security (`[{ApiKey: []}, {}]`): a key the run gives is sent (it picks that alternative);
// a wrong key, or a 401 to an anonymous request, is a failure.
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

});
