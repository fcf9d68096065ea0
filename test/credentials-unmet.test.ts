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
      expect(f.assumption).toMatch(/security needs BasicAuth, and the run gave no credential for it \(give --header 'Authorization: Basic …'\)/);
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
    for (const f of fs) expect([f.severity, f.assumption]).toEqual(['warning', expect.stringMatching(/security needs BearerAuth, and the run gave no credential for it \(give --header 'Authorization: Bearer …'\)/)]);
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

// A negative case sent without the credential the operation needs: checking credentials before the
// body is the server's choice, so its 401 is a warning, not "documented for something else".
describe('a negative case the run gave no credential for', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.headers.authorization !== 'Bearer t0k3n') return res.writeHead(401).end();
      let body: unknown;
      try {
        body = JSON.parse(req.body);
      } catch {
        return res.writeHead(400).end();
      }
      const ok = typeof body === 'object' && body !== null && !Array.isArray(body) && typeof (body as { trip_id?: unknown }).trip_id !== 'number';
      res.writeHead(ok ? 201 : 400, { 'content-type': 'application/json' }).end(ok ? '{"id":1}' : '');
    });
  });
  afterAll(() => server.close());
  const doc = join(import.meta.dirname, 'fixtures/any-document/negative-needs-auth.yaml');
  const negatives = (r: Report) => r.results.filter((x) => x.id.includes('.negative.') && !x.id.includes('credentials-left-out'));

  it('none given: each negative case answered 401 warns, naming the scheme; exit 0', async () => {
    const r = await cli(['check', '--spec', doc, '--base-url', server.url, '--reporter', 'json']);
    const report = JSON.parse(r.stdout) as Report;
    expect(r.code, r.stderr).toBe(0);
    const cases = negatives(report);
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(c.outcome).toBe('warned');
      const fs = c.steps.flatMap((s) => s.failures ?? []);
      expect(fs.filter((f) => f.check === 'negative_rejection')).toEqual([expect.objectContaining({ severity: 'warning', assumption: expect.stringMatching(/security needs bearer, and the run gave no credential/) })]);
    }
  });

  it('the credential given: the same cases are rejected with the documented 400 and pass', async () => {
    const r = await cli(['check', '--spec', doc, '--base-url', server.url, '--reporter', 'json', '--header', 'Authorization: Bearer t0k3n']);
    const report = JSON.parse(r.stdout) as Report;
    expect(r.code, r.stdout.slice(0, 2000)).toBe(0);
    expect(negatives(report).map((c) => c.outcome)).toEqual(negatives(report).map(() => 'passed'));
  });
});
