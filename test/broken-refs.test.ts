import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApi } from '../src/validate/load.js';
import { validateResponse } from '../src/validate/validator.js';
import { scenariosFor } from '../src/scenarios/index.js';
import { cli } from './helpers/cli.js';

// Published documents often hold a reference that points to nothing (or an operationId used
// twice). Refusing the document for it checks none of the operations it describes well.
const DOC = join(import.meta.dirname, 'fixtures/any-document/broken-refs.yaml');
const bad = (f: string) => join(import.meta.dirname, 'fixtures/bad-specs', f);

interface Report {
  summary: { passed: number; failed: number; skipped: number };
  results: { name: string; operationId?: string; outcome: string; reason?: string }[];
}

describe('a $ref that points to nothing sets aside only the operations that reach it', () => {
  it('loads; each broken $ref is a warning at its own line naming who uses it; the rest is modelled as usual', async () => {
    const api = await loadApi(DOC);
    expect(api.warnings).toEqual([
      `${DOC}:28:22: $ref '#/components/requestBodies/Missing' points to nothing: 1 operation(s) that use it are not checked (postBadBody)`,
      `${DOC}:33:9: $ref '#/components/parameters/Missing' points to nothing: 1 operation(s) that use it are not checked (getBadParams)`,
      `${DOC}:39:5: $ref '#/components/pathItems/Gone' points to nothing: the operations of path /gone are not checked`,
      `${DOC}:50:18: $ref '#/components/schemas/Nowhere' points to nothing: 1 operation(s) that use it are not checked (getBadSchema)`,
      `${DOC}:53:14: $ref '#/components/schemas/AlsoNowhere' points to nothing (no operation uses it)`,
    ]);
    const unusable = Object.fromEntries(api.model.operations.map((o) => [o.operationId, o.unusable]));
    expect(Object.keys(unusable)).toEqual(['getGood', 'getBadSchema', 'postBadBody', 'getBadParams']);
    expect(unusable.getGood).toBeUndefined();
    // Reached through a component: Uses is fine, its property is not.
    expect(unusable.getBadSchema).toBe(`not checked: ${DOC}:50:18: $ref '#/components/schemas/Nowhere' points to nothing`);
    expect(unusable.postBadBody).toMatch(/broken-refs\.yaml:28:22: \$ref '#\/components\/requestBodies\/Missing' points to nothing$/);
    expect(unusable.getBadParams).toMatch(/broken-refs\.yaml:33:9: /);
    const ok = (body: unknown) => ({ status: 200, headers: { 'content-type': 'application/json' }, body });
    expect(validateResponse(api, 'getGood', ok({ id: 1 }))).toEqual([]);
    expect(validateResponse(api, 'getGood', ok({ id: 'one' })).map((i) => i.pointer)).toEqual(['/id']);
  });

  it('each set-aside operation is listed as skipped with the reason, and gets no other scenario', async () => {
    const api = await loadApi(DOC);
    const byOp = (id: string) => scenariosFor(api).filter((s) => s.operationId === id);
    for (const id of ['getBadSchema', 'postBadBody', 'getBadParams']) {
      expect(byOp(id).map((s) => [s.skip !== undefined, s.steps.length])).toEqual([[true, 0]]);
      expect(byOp(id)[0]!.skip).toMatch(/^not checked: .*broken-refs\.yaml:\d+:\d+: \$ref '.*' points to nothing$/);
    }
    expect(byOp('getGood').some((s) => s.skip === undefined && s.steps.length === 1)).toBe(true);
  });

  it('the old refusals now load: a dangling or empty $ref in the only operation leaves it skipped with the reason', async () => {
    for (const [file, line, reason] of [
      ['dangling-ref.yaml', 13, "$ref '#/components/schemas/Nowhere' points to nothing"],
      ['empty-ref.yaml', 14, "$ref '' names no part of the document"],
    ] as const) {
      const api = await loadApi(bad(file));
      expect(api.operation('getA')!.unusable).toContain(`${bad(file)}:${line}:17: ${reason}`);
      expect(api.warnings[0]).toContain(`${bad(file)}:${line}:17: ${reason}`);
    }
  });
});

describe('an operationId used twice', () => {
  it('the second operation gets a new id, with a warning at its line', async () => {
    const api = await loadApi(bad('duplicate-operation.yaml'));
    expect(api.model.operations.map((o) => [o.operationId, o.path])).toEqual([['getThing', '/a'], ['getThing_2', '/b']]);
    expect(api.warnings).toEqual([`${bad('duplicate-operation.yaml')}:10:7: duplicate operationId 'getThing' (also on GET /a): GET /b is called 'getThing_2' in this run`]);
  });

  it('the new id never takes one the document declares', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-dup-'));
    const file = join(dir, 'dup.yaml');
    const op = (id: string, s: string) => `    get:\n      operationId: ${id}\n      responses: { '${s}': { description: ok } }\n`;
    writeFileSync(file, `openapi: 3.1.0\ninfo: { title: x, version: '1' }\npaths:\n  /a:\n${op('x', '200')}  /b:\n${op('x', '201')}  /c:\n${op('x_2', '202')}`);
    const api = await loadApi(file);
    expect(api.model.operations.map((o) => [o.operationId, o.path, o.responses[0]!.status])).toEqual([['x', '/a', '200'], ['x_3', '/b', '201'], ['x_2', '/c', '202']]);
  });
});

describe('check and validate of a document with broken references', () => {
  let server: Server;
  let base: string;
  let id: unknown = 1;
  beforeAll(async () => {
    server = createServer((req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const check = async () => {
    const r = await cli(['check', '--spec', DOC, '--base-url', base, '--reporter', 'json', '--no-negative']);
    return { ...r, report: JSON.parse(r.stdout) as Report };
  };

  it('a conforming server passes what the document describes (exit 0); the set-aside operations are skipped with the reason; stderr warns', async () => {
    id = 1;
    const { code, stderr, report } = await check();
    expect(code, stderr).toBe(0);
    const outcome = (op: string) => report.results.filter((r) => r.operationId === op).map((r) => r.outcome);
    expect(outcome('getGood')).toEqual(['passed']);
    for (const op of ['getBadSchema', 'postBadBody', 'getBadParams']) expect(outcome(op)).toEqual(['skipped']);
    expect(report.results.find((r) => r.operationId === 'getBadSchema')!.reason).toMatch(/broken-refs\.yaml:50:18: \$ref '#\/components\/schemas\/Nowhere' points to nothing/);
    expect(stderr).toContain("warning: ");
    expect(stderr).toMatch(/broken-refs\.yaml:50:18: \$ref '#\/components\/schemas\/Nowhere' points to nothing: 1 operation\(s\) that use it are not checked \(getBadSchema\)/);
  });

  it('a wrong type in the answer of a usable operation still fails at its pointer (exit 1)', async () => {
    id = 'one';
    const { code, stdout } = await check();
    expect(code).toBe(1);
    expect(stdout).toContain('/id');
    expect((JSON.parse(stdout) as Report).results.find((r) => r.operationId === 'getGood')!.outcome).toBe('failed');
  });

  it('validate: an entry of a set-aside operation is skipped with the reason; the others are judged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-broken-har-'));
    const har = join(dir, 'traffic.har');
    const entry = (path: string, body: unknown) => ({
      startedDateTime: '2026-01-01T00:00:00.000Z',
      time: 1,
      request: { method: 'GET', url: `${base}${path}`, httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
      response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [{ name: 'content-type', value: 'application/json' }], cookies: [], content: { size: 0, mimeType: 'application/json', text: JSON.stringify(body) }, redirectURL: '', headersSize: -1, bodySize: -1 },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    });
    writeFileSync(har, JSON.stringify({ log: { version: '1.2', creator: { name: 't', version: '1' }, entries: [entry('/good', { id: 'one' }), entry('/bad-schema', { id: 'one' })] } }));
    const r = await cli(['validate', har, '--spec', DOC, '--reporter', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const results = (JSON.parse(r.stdout) as Report).results;
    expect(results.map((x) => x.outcome)).toEqual(['failed', 'skipped']);
    expect(results[1]!.reason).toMatch(/^getBadSchema: not checked: .*broken-refs\.yaml:50:18: /);
  });
});
