// A run given no credential for an operation's security: the server's 401/403 is what the
// document's security asks for, a warning that says which credential to give, never a failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const doc = join(import.meta.dirname, 'fixtures/any-document/basic-auth.yaml');
type Report = { summary: { failed: number; warned: number }; results: { id: string; outcome: string; steps: { failures?: { check: string; severity?: string; assumption?: string }[] }[] }[] };

describe('credentials the run did not give', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Accepts exactly one user; refuses a request without credentials, and a wrong password.
    // /todos/{id} (two-schemes.yaml) wants a bearer token.
    server = await startServer((req, res) => {
      const auth = req.headers.authorization;
      if (req.url?.startsWith('/notify')) {
        if (new URL(req.url, 'http://x').searchParams.get('token') !== 'k3y') return res.writeHead(401).end();
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }
      if (req.url?.startsWith('/todos/')) {
        if (auth !== 'Bearer t0k3n') return res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
        return res.writeHead(200, { 'content-type': 'application/json' }).end('"a"');
      }
      if (auth !== `Basic ${Buffer.from('ann:right').toString('base64')}`) return res.writeHead(401, { 'www-authenticate': 'Basic' }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end('["a"]');
    });
  });
  afterAll(() => server.close());

  const check = async (...args: string[]) => {
    const r = await cli(['check', '--spec', doc, '--base-url', server.url, '--reporter', 'json', '--no-negative', ...args]);
    return { code: r.code, report: JSON.parse(r.stdout) as Report };
  };
  const statusFailures = (r: Report) => r.results.flatMap((x) => x.steps.flatMap((s) => s.failures ?? [])).filter((f) => f.check === 'status_code_conformance');

  it('none given: the 401 is a warning naming the scheme, and the run exits 0', async () => {
    const { code, report } = await check();
    expect(code).toBe(0);
    const fs = statusFailures(report);
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) {
      expect(f.severity).toBe('warning');
      expect(f.assumption).toMatch(/security needs BasicAuth, and the run gave no credential for it/);
    }
  });

  it('the right ones given: it passes; wrong ones given: the 401 is a failure', async () => {
    const good = await check('--header', `Authorization: Basic ${Buffer.from('ann:right').toString('base64')}`);
    expect([good.code, good.report.summary.failed, good.report.summary.warned]).toEqual([0, 0, 0]);
    const wrong = await check('--header', `Authorization: Basic ${Buffer.from('ann:wrong').toString('base64')}`);
    expect(wrong.code).toBe(1);
    expect(statusFailures(wrong.report).some((f) => f.severity !== 'warning')).toBe(true);
  });

  it("the credential of another operation's scheme given: the 401 names the scheme this one needs, not the made-up path parameter", async () => {
    const basic = `Basic ${Buffer.from('ann:right').toString('base64')}`;
    const r = await cli(['check', '--spec', join(import.meta.dirname, 'fixtures/any-document/two-schemes.yaml'), '--base-url', server.url, '--reporter', 'json', '--no-negative', '--header', `Authorization: ${basic}`]);
    const report = JSON.parse(r.stdout) as Report;
    expect(r.code).toBe(0);
    const todo = report.results.find((x) => x.id.endsWith('getTodo.generated'))!;
    expect(todo.outcome).toBe('warned');
    const fs = todo.steps.flatMap((s) => s.failures ?? []).filter((f) => f.check === 'status_code_conformance');
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) expect([f.severity, f.assumption]).toEqual(['warning', expect.stringMatching(/security needs BearerAuth, and the run gave no credential for it/)]);
  });

  it('an API key in the query is given with --var under its name, sent where the scheme says, and left out by the credentials negative', async () => {
    const file = join(import.meta.dirname, 'fixtures/any-document/query-key.yaml');
    const run = async (...args: string[]) => {
      const r = await cli(['check', '--spec', file, '--base-url', server.url, '--reporter', 'json', ...args]);
      return { code: r.code, report: JSON.parse(r.stdout) as Report };
    };
    const without = await run('--no-negative');
    expect([without.code, without.report.summary.warned]).toEqual([0, 1]);
    const before = server.requests.length;
    const given = await run('--var', 'token=k3y');
    expect([given.code, given.report.summary.failed]).toEqual([0, 0]);
    expect(given.report.results.find((x) => x.id.endsWith('getNotify.200-default'))!.outcome).toBe('passed');
    const sent = server.requests.slice(before).map((q) => q.url);
    expect(sent).toContain('/notify?token=k3y');
    const leftOut = given.report.results.find((x) => x.id.endsWith('credentials-left-out'))!;
    expect(leftOut).toBeDefined();
    expect(sent.filter((u) => !u.includes('token=')).length).toBeGreaterThan(0);
  });
});
