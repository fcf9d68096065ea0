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
    expect(r.stderr.split('\n')[0]).toMatch(/^specgate check: nothing was checked: all 2 scenarios were skipped \(first: no response example in the document/);
    const report = JSON.parse(r.stdout) as { results: { id: string; outcome: string; reason?: string }[] };
    expect(report.results.map((x) => [x.id, x.outcome])).toEqual([
      ['silent.getA.no-scenario', 'skipped'],
      ['silent.deleteB.no-scenario', 'skipped'],
    ]);
  });
});
