import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

// A document with no examples: specgate makes up the path id. A real server knows no such thing and
// answers 404, which the document (like most) does not list. That is no nonconformance.
const DOC = `openapi: 3.0.3
info: { title: Things, version: '1' }
paths:
  /things/{thingId}:
    get:
      operationId: getThing
      parameters:
        - { name: thingId, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: the thing
          content:
            application/json:
              schema: { type: object, required: [id], properties: { id: { type: string } } }
`;

interface Report {
  results: { name: string; outcome: string; steps: { failures: { check: string; message: string; severity?: string; assumption?: string }[] }[] }[];
}

describe('a path id specgate made up', () => {
  let server: Server;
  let base: string;
  let status = 404;
  const seen: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'specgate-madeup-'));
  const file = join(dir, 'things.yaml');
  beforeAll(async () => {
    writeFileSync(file, DOC);
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'no such thing' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const run = async (extra: string[] = []) => {
    const r = await cli(['check', '--spec', file, '--base-url', base, '--reporter', 'json', '--no-negative', ...extra]);
    return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout) as Report };
  };

  it('an undocumented 404 to it is a warning naming the made-up parameter (exit 0; --strict exit 1)', async () => {
    status = 404;
    const { code, report, stderr } = await run();
    expect(code, stderr).toBe(0);
    const r = report.results.find((x) => x.name === 'getThing (generated request)')!;
    expect(r.outcome).toBe('warned');
    const failures = r.steps.flatMap((s) => s.failures);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) expect(f).toMatchObject({ severity: 'warning', assumption: expect.any(String) });
    expect(failures.find((f) => f.check === 'status_code_conformance' && f.assumption?.includes('made up a value'))?.assumption).toContain('thingId');
    expect((await run(['--strict'])).code).toBe(1);
  });

  it("validate of check's own HAR judges that 404 as check did: a warning naming the made-up parameter, and a 404 to a given id still fails", async () => {
    status = 404;
    const har = join(dir, 'made-up.har');
    expect((await run(['--har', har])).code).toBe(0);
    const v = await cli(['validate', har, '--spec', file, '--reporter', 'json']);
    expect(v.code, v.stderr).toBe(0);
    const entry = (JSON.parse(v.stdout) as Report).results[0]!;
    expect(entry.outcome).toBe('warned');
    expect(entry.steps.flatMap((s) => s.failures).map((f) => [f.severity, f.assumption])).toEqual([['warning', expect.stringContaining('thingId had no example and no --var')]]);
    const given = join(dir, 'given.har');
    expect((await run(['--var', 'thingId=T-1', '--har', given])).code).toBe(1);
    expect((await cli(['validate', given, '--spec', file, '--reporter', 'json'])).code).toBe(1);
  });

  it('a 500 to it still fails, and so does a 404 to an id the user gave (--var), as one finding', async () => {
    status = 500;
    const five = await run();
    expect(five.code).toBe(1);
    // The 4XX alternative is specgate's allowance, not the document's, and the message says so.
    const none = five.report.results[0].steps.flatMap((s) => s.failures).find((f) => /fits none/.test(f.message))!;
    expect(none.message).toMatch(/^the answer fits none of the outcomes allowed: \(1\) 200: here status 500; \(2\) 4XX \(not in the document: allowed because the path parameter thingId had no example and no --var\): here status 500$/);
    status = 404;
    const given = await run(['--var', 'thingId=T-1']);
    expect(seen.at(-1)).toBe('/things/T-1');
    expect(given.code).toBe(1);
    expect(given.report.results[0].outcome).toBe('failed');
    // One finding for the one answer: unexpected and undocumented, said together.
    const findings = given.report.results[0].steps.flatMap((s) => s.failures).filter((f) => f.check === 'status_code_conformance');
    expect(findings.map((f) => [f.message, f.severity])).toEqual([['expected status 200, got 404, which getThing does not document (it documents 200)', undefined]]);
  });
});
