import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const doc = (f: string) => join(import.meta.dirname, 'fixtures/any-document', f);

describe('a run that checked nothing exits 2 with a one-line reason (CLI, end to end)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => res.writeHead(200).end());
  });
  afterAll(() => server.close());

  it('0 scenarios: a document with no operations', async () => {
    const r = await cli(['check', '--spec', doc('empty.yaml'), '--base-url', server.url, '--reporter', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('specgate check: nothing was checked: no scenario to run');
    expect(server.requests).toEqual([]);
  });

  it('every operation without a scenario is listed as skipped with its reason, and the run exits 2', async () => {
    const r = await cli(['check', '--spec', doc('silent.yaml'), '--base-url', server.url, '--reporter', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^specgate check: nothing was checked: all 2 scenarios were skipped \(first: the document lists no response for it: nothing to check it against\)$/);
    const report = JSON.parse(r.stdout) as { results: { id: string; outcome: string; reason?: string }[] };
    expect(report.results.map((x) => [x.id, x.outcome])).toEqual([
      ['silent.getA.no-scenario', 'skipped'],
      ['silent.deleteB.no-scenario', 'skipped'],
    ]);
    expect(report.results[1]!.reason).toMatch(/^a DELETE with no example: specgate does not make one up/);
  });
});

describe('an operation whose examples all need a provider state, or whose only answers are `default`', () => {
  let body: unknown = { items: ['a'] };
  let status = 503;
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.url?.startsWith('/todos/')) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ title: 't' }));
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  afterAll(() => server.close());

  const run = async () => {
    const r = await cli(['check', '--spec', doc('default-only.yaml'), '--base-url', server.url, '--reporter', 'json', '--no-negative']);
    return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout) as { results: { id: string; outcome: string; steps: { failures?: { check: string; pointer?: string; severity?: string }[] }[] }[] } };
  };

  it('is checked with a generated request: any status passes under `default`, and the 404 example waits for a state', async () => {
    const { code, report } = await run();
    expect(code).toBe(0);
    expect(report.results.map((x) => [x.id, x.outcome])).toEqual([
      ['default-only.listTodos.DEFAULT-default', 'skipped'],
      ['default-only.listTodos.generated', 'passed'],
      ['default-only.getTodo.404-default', 'skipped'],
      ['default-only.getTodo.generated', 'passed'],
    ]);
  });

  it('an answer that does not fit the `default` schema fails at its pointer', async () => {
    body = { items: [1] };
    status = 200;
    const { code, report } = await run();
    expect(code).toBe(1);
    const failures = report.results.find((x) => x.id === 'default-only.listTodos.generated')!.steps.flatMap((s) => s.failures ?? []);
    expect(failures.map((f) => [f.check, f.pointer])).toEqual([['response_schema_conformance', '/items/0']]);
  });
});
