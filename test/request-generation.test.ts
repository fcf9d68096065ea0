import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadApi } from '../src/validate/load.js';
import { validateRequest, validateResponse } from '../src/validate/validator.js';
import { scenariosFor } from '../src/scenarios/index.js';
import { runCheck } from '../src/run/check.js';
import { startServer, type TestServer } from './helpers/servers.js';
import { cli } from './helpers/cli.js';

const file = join(import.meta.dirname, 'fixtures/any-document/no-examples.yaml');

describe('a request with no example in the document', () => {
  it('without a value for its path parameter, the scenario is skipped saying which --var to give', async () => {
    const api = await loadApi(file);
    const s = scenariosFor(api, { negative: false }).find((x) => x.operationId === 'createWidget')!;
    expect(s.skip).toMatch(/path parameter 'companyId' has no example: give --var companyId=/);
  });

  it('an operation whose answers document a status and no body is still checked: a generated request, a documented status expected', async () => {
    const api = await loadApi(file);
    const s = scenariosFor(api).filter((x) => x.operationId === 'health');
    expect(s).toHaveLength(1);
    expect(s[0].id).toBe('no-examples.health.generated');
    expect(s[0].skip).toBeUndefined();
    expect(s[0].steps[0].expect.status).toBe(200);
  });

  it('a required body is generated from the schema (no readOnly field) and validates; required query values too', async () => {
    const api = await loadApi(file);
    const s = scenariosFor(api, { negative: false, vars: { companyId: 'C1' } }).find((x) => x.operationId === 'createWidget')!;
    expect(s.skip).toBeUndefined();
    const req = s.steps[0].request;
    expect(req.body).toBeTypeOf('object');
    expect(req.body).not.toHaveProperty('id');
    expect(req.query).toMatchObject({ region: '{{region}}', ids: ['0', '0'] });
    expect(s.defaults).toMatchObject({ region: 'eu' });
    const issues = validateRequest(api, 'createWidget', { path: { companyId: 'C1' }, query: { region: 'eu', ids: ['0', '0'] }, headers: { 'content-type': 'application/json' }, body: req.body });
    expect(issues).toEqual([]);
  });
});

describe('check against a server: what is sent', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 1, name: 'w', size: 3 }));
    });
  });
  afterAll(() => server.close());

  it('--var fills path and query parameters by name; the generated body is sent and the example passes', async () => {
    const run = await runCheck({ specs: [file], baseUrl: server.url, vars: { companyId: 'C1', page: '7' }, negative: false });
    const sent = server.requests.find((r) => r.method === 'POST')!;
    const url = new URL(sent.url, server.url);
    expect(url.pathname).toBe('/companies/C1/widgets');
    expect(url.searchParams.get('region')).toBe('eu');
    expect(url.searchParams.get('page')).toBe('7');
    expect(url.searchParams.getAll('ids')).toEqual(['0', '0']);
    const body = JSON.parse(sent.body) as Record<string, unknown>;
    expect(body).toMatchObject({ name: expect.any(String), size: expect.any(Number) });
    expect(body).not.toHaveProperty('id');
    const byId = Object.fromEntries(run.results.map((r) => [r.id, r.outcome]));
    expect(byId['no-examples.createWidget.201-made']).toBe('passed');
    // The server answers health with a body the document does not describe (no content): a warning, not a failure.
    expect(byId['no-examples.health.generated']).toBe('warned');
  });
});

describe('readOnly and writeOnly', () => {
  it('a required readOnly property is not required of a request; a required writeOnly one not of a response', async () => {
    const api = await loadApi(file);
    const json = { 'content-type': 'application/json' };
    expect(validateRequest(api, 'updateAccount', { path: { accountId: '9' }, headers: json, body: { password: 'pw', name: 'x' } })).toEqual([]);
    expect(validateRequest(api, 'updateAccount', { path: { accountId: '9' }, headers: json, body: { id: 9, name: 'x' } }).map((i) => i.pointer)).toEqual(['/password']);
    expect(validateResponse(api, 'updateAccount', { status: 200, headers: json, body: { id: 9, name: 'x' } })).toEqual([]);
    expect(validateResponse(api, 'updateAccount', { status: 200, headers: json, body: { password: 'pw', name: 'x' } }).map((i) => i.pointer)).toEqual(['/id']);
  });

  it('negative cases never mutate a readOnly field of the request, though the example carries it', async () => {
    const api = await loadApi(file);
    const negatives = scenariosFor(api).filter((s) => s.operationId === 'updateAccount' && s.kind !== 'example');
    expect(negatives.map((s) => s.rule?.pointer)).toEqual(expect.arrayContaining(['/password', '/name']));
    expect(negatives.filter((s) => s.rule?.pointer === '/id')).toEqual([]);
  });
});

describe('an object query parameter without required properties', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => res.writeHead(200).end());
  });
  afterAll(() => server.close());

  it('is sent with its properties\' examples, serialized as the document says (form, not exploded)', async () => {
    const run = await runCheck({ specs: [join(import.meta.dirname, 'fixtures/any-document/object-query.yaml')], baseUrl: server.url, negative: false });
    expect(run.summary.failed).toBe(0);
    const url = new URL(server.requests[0]!.url, server.url);
    expect(url.searchParams.get('pagination')).toBe('offset,0,limit,25');
  });
});

describe("the value generator's own console lines (openapi-sampler warns whatever `quiet` says)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => res.writeHead(req.method === 'POST' ? 201 : 200).end());
  });
  afterAll(() => server.close());

  it('never reach stderr bare: said in the skip reason when the value fails, dropped when it validates and is sent', async () => {
    const spec = join(import.meta.dirname, 'fixtures/any-document/allof-types.yaml');
    const r = await cli(['check', '--spec', spec, '--base-url', server.url, '--reporter', 'json']);
    const bare = r.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('specgate'));
    expect(bare).toEqual([]);
    expect(r.stderr).not.toMatch(/^allOf:/m);
    const report = JSON.parse(r.stdout) as { results: { operationId: string; outcome: string; reason?: string }[] };
    const skipped = report.results.find((x) => x.operationId === 'createThing' && x.outcome === 'skipped');
    expect(skipped?.reason).toMatch(/does not validate against it \(\/ must be string; the generator: allOf: schemas with different types can't be merged\)$/);
    // The merged sample of `allOf: [number, integer]` (0) validates: it is sent.
    expect(server.requests.some((q) => q.method === 'PUT' && q.url === '/counts' && q.body === '0')).toBe(true);
  });
});
