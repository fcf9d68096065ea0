// Swagger 2.0 says of an operation what it writes elsewhere: a body parameter shared under
// `parameters` (through a chain of references), a path item's body, a path item's formData field,
// a shared response under an operation's own `produces`. Each is the operation's, read as 2.0 says.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApi, validateResponse } from '../src/index.js';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures/swagger2-bodies', name);
const body = async (file: string, operationId: string) => {
  const api = await loadApi(fixture(file));
  const op = api.operation(operationId)!;
  return { op, content: (op.requestBody?.content ?? []).map((m) => ({ type: m.contentType, schema: m.schema as { required?: string[]; properties?: Record<string, unknown>; allOf?: unknown } })) };
};

describe('Swagger 2.0 bodies and responses written away from their operation', () => {
  it('a body parameter reached through a chain of references (one in another file) is the body, no nameless parameter', async () => {
    const { op, content } = await body('chain.yaml', 'createDog');
    expect(op.parameters.map((p) => p.name)).toEqual([]);
    expect(content.map((c) => c.type)).toEqual(['application/json']);
    expect(op.requestBody?.required).toBe(true);
  });

  it("an operation's own body overrides its path item's (not both, ANDed); the other method keeps the path item's", async () => {
    const patch = await body('override.yaml', 'patchDog');
    expect(JSON.stringify(patch.content[0]!.schema)).toContain('rename');
    expect(JSON.stringify(patch.content[0]!.schema)).not.toMatch(/"required":\["name"\]/);
    const put = await body('override.yaml', 'replaceDog');
    expect(JSON.stringify(put.content[0]!.schema)).toMatch(/"required":\["name"\]/);
  });

  it("a path item's body reaches a method written before its parameters", async () => {
    const { content } = await body('order.yaml', 'createDog');
    expect(content.map((c) => c.type)).toEqual(['application/json']);
  });

  it("a path item's formData field joins the operation's own fields", async () => {
    const { content } = await body('formmerge.yaml', 'upload');
    expect(content.map((c) => c.type)).toEqual(['application/x-www-form-urlencoded']);
    expect(Object.keys(content[0]!.schema.properties ?? {}).sort()).toEqual(['title', 'token']);
    expect([...(content[0]!.schema.required ?? [])].sort()).toEqual(['title', 'token']);
  });

  it("a shared response under the operation's own produces is under that media type", async () => {
    const api = await loadApi(fixture('produces.yaml'));
    for (const id of ['greeting', 'inlineGreeting']) expect(api.operation(id)!.responses[0]!.content.map((m) => m.contentType)).toEqual(['text/plain']);
  });

  describe('a shared body under an operation that consumes JSON, where the document consumes a form', () => {
    let server: TestServer;
    let base: string;
    const seen: string[] = [];
    beforeAll(async () => {
      server = await startServer((req, res) => {
        seen.push(`${String(req.headers['content-type'])} ${req.body}`);
        if (req.headers['content-type'] !== 'application/json') return res.writeHead(415).end();
        res.writeHead(201).end();
      });
      base = server.url;
    });
    afterAll(() => server.close());

    it('is sent as JSON, and the run passes', async () => {
      const r = await cli(['check', '--spec', fixture('formroot.yaml'), '--base-url', base, '--no-negative', '--reporter', 'json']);
      expect(r.code, r.stdout.slice(0, 1500)).toBe(0);
      expect(seen.length).toBeGreaterThan(0);
      for (const s of seen) expect(s).toMatch(/^application\/json \{/);
    });
  });

  describe('a required formData field', () => {
    let server: TestServer;
    beforeAll(async () => {
      // Refuses a pet without a name, as a 2.0 server of this document may.
      server = await startServer((req, res) => res.writeHead(req.url === '/pets' && !new URLSearchParams(req.body).get('name') ? 400 : 201).end());
    });
    afterAll(() => server.close());

    it('makes the body required, so check sends one and passes; a form with no required field stays optional', async () => {
      expect((await body('formrequired.yaml', 'addPet')).op.requestBody?.required).toBe(true);
      expect((await body('formrequired.yaml', 'addOwner')).op.requestBody?.required).toBe(false);
      const r = await cli(['check', '--spec', fixture('formrequired.yaml'), '--base-url', server.url, '--no-negative', '--reporter', 'json']);
      expect(r.code).toBe(0);
      const pet = server.requests.find((q) => q.url === '/pets')!;
      expect(new URLSearchParams(pet.body).get('name')).toEqual(expect.any(String));
    });
  });
});

describe('a shared 2.0 response with examples and no produces', () => {
  // The upgrader files the example's media type (application/json) beside */* with no schema of its own.
  it('judges an answer in the example\'s media type by the response schema', async () => {
    const api = await loadApi(fixture('shared-response-examples.yaml'));
    const content = api.operation('getDog')!.responses[0].content;
    expect(content.map((m) => [m.contentType, m.schema !== undefined, m.examples.length])).toEqual([
      ['*/*', true, 0],
      ['application/json', true, 1],
    ]);
    expect(validateResponse(api, 'getDog', { status: 200, headers: { 'content-type': 'application/json' }, body: { name: 5 } }).map((i) => `${i.pointer} ${i.keyword}`)).toEqual(['/name type']);
    expect(validateResponse(api, 'getDog', { status: 200, headers: { 'content-type': 'application/json' }, body: { name: 'Rex' } })).toEqual([]);
  });
});
