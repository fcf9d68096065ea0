import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadApi } from '../src/validate/load.js';
import { validateRequest, validateResponse } from '../src/validate/validator.js';
import { specError } from './helpers/spec-error.js';

const doc = (f: string) => join(import.meta.dirname, 'fixtures/any-document', f);

const ok = (status: number, body: unknown) => ({ status, headers: { 'content-type': 'application/json' }, body });

describe('OpenAPI 3.0 documents load, upgraded to 3.1', () => {
  it('a 3.0.3 document loads; its response example is kept as written', async () => {
    const api = await loadApi(doc('things30.yaml'));
    const op = api.operation('getThing')!;
    expect(op.responses[0].content[0].examples[0].value).toEqual({ id: 7, country: 'FR', owner: null, example: 'kept', nullable: true, type: 'string', format: 'binary' });
    expect(validateResponse(api, 'getThing', ok(200, { id: 7 }))).toEqual([]);
    // 3.0's boolean exclusiveMinimum became 3.1's number: 0 itself is out.
    expect(validateResponse(api, 'getThing', ok(200, { id: 7, size: 0 })).map((i) => i.pointer)).toEqual(['/size']);
    expect(validateResponse(api, 'getThing', ok(200, { id: 7, size: 0.5 }))).toEqual([]);
  });

  it('a property named `example` stays a property', async () => {
    const api = await loadApi(doc('things30.yaml'));
    expect(validateResponse(api, 'getThing', ok(200, { id: 7, example: 12 })).map((i) => `${i.pointer} ${i.keyword}`)).toEqual(['/example type']);
  });

  it('nullable: true beside a $ref, beside allOf and with an enum allows null, and only null more', async () => {
    const api = await loadApi(doc('things30.yaml'));
    expect(validateResponse(api, 'getThing', ok(200, { id: 7, owner: null, parent: null, color: null }))).toEqual([]);
    expect(validateResponse(api, 'getThing', ok(200, { id: 7, owner: { name: 'a' }, parent: { name: 'b' }, color: 'red' }))).toEqual([]);
    const bad = validateResponse(api, 'getThing', ok(200, { id: 7, owner: {}, parent: 3, color: 'green' }));
    expect(new Set(bad.map((i) => i.pointer.split('/')[1]))).toEqual(new Set(['owner', 'parent', 'color']));
  });

  it('a default response is upgraded like any other (nullable, boolean exclusiveMinimum)', async () => {
    const api = await loadApi(doc('default-response30.yaml'));
    expect(validateResponse(api, 'listSites', ok(500, { code: 500, message: null }))).toEqual([]);
    expect(validateResponse(api, 'listSites', ok(500, { code: 400 })).map((i) => i.pointer)).toEqual(['/code']);
  });

  it('a broken $ref in a 3.0 document names the line of the user file', async () => {
    const api = await loadApi(doc('dangling30.yaml'));
    expect(api.operation('getA')!.unusable).toMatch(/dangling30\.yaml:16:\d+: \$ref '#\/components\/schemas\/Nowhere' points to nothing$/);
    expect(api.warnings[0]).toMatch(/dangling30\.yaml:16:\d+: \$ref '#\/components\/schemas\/Nowhere' points to nothing: 1 operation\(s\) that use it are not checked \(getA\)/);
  });
});

describe('Swagger 2.0 documents load, upgraded to 3.1', () => {
  it('without `produces` the answers may be any media type (not the converter\'s application/json), and their bodies are still judged', async () => {
    const api = await loadApi(doc('no-produces-swagger2.yaml'));
    expect(api.operation('getText')!.responses[0]!.content.map((m) => m.contentType)).toEqual(['*/*']);
    expect(api.operation('getJson')!.responses[0]!.content.map((m) => m.contentType)).toEqual(['application/json']);
    const answer = (ct: string | undefined, body: unknown) => ({ status: 200, headers: ct ? { 'content-type': ct } : {}, body });
    expect(validateResponse(api, 'getText', answer('text/plain', 'ok'))).toEqual([]);
    expect(validateResponse(api, 'getText', answer('application/json', 5)).map((i) => i.keyword)).toEqual(['type']);
    // No body under an open media type is the empty string: a string schema accepts it, an object one does not.
    expect(validateResponse(api, 'getText', answer(undefined, ''))).toEqual([]);
    expect(validateResponse(api, 'getThing', answer(undefined, '')).map((i) => i.message)).toEqual(['the documented body is missing']);
    expect(validateResponse(api, 'getJson', answer(undefined, '')).map((i) => i.message)).toEqual(['the documented body is missing']);
  });

  it('body parameter becomes the request body, definitions the components, examples the response examples', async () => {
    const api = await loadApi(doc('things-swagger2.yaml'));
    const op = api.operation('createThing')!;
    expect(op.requestBody?.required).toBe(true);
    expect(op.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['query:tags']);
    expect(op.responses[0].content[0].examples[0].value).toEqual({ id: 1, name: 'lamp' });
    expect(api.model.servers[0].url).toBe('http://127.0.0.1/v1');
    expect(validateRequest(api, 'createThing', { headers: { 'content-type': 'application/json' }, body: { name: 'x'.repeat(21) } }).map((i) => i.keyword)).toEqual(['maxLength']);
    expect(validateResponse(api, 'createThing', ok(201, { id: 'one', name: 'lamp' })).map((i) => i.pointer)).toEqual(['/id']);
  });

  it('a body parameter of the path item (beside an extension) becomes the request body of its operations', async () => {
    const api = await loadApi(doc('path-level-body-swagger2.yaml'));
    const op = api.operation('appendLine')!;
    expect(op.requestBody?.required).toBe(true);
    expect(op.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:log_id']);
    expect(validateRequest(api, 'appendLine', { path: { log_id: 'l1' }, headers: { 'content-type': 'application/json' }, body: { text: 'x'.repeat(81) } }).map((i) => i.keyword)).toEqual(['maxLength']);
  });

  it('a default response is upgraded like any other: its schema becomes content, a $ref to #/responses points into components', async () => {
    const api = await loadApi(doc('default-response-swagger2.yaml'));
    for (const id of ['listSites', 'getSite']) {
      const media = api.operation(id)!.responses.find((r) => r.status.toLowerCase() === 'default')!.content;
      expect(media.map((m) => m.contentType)).toEqual(['application/json']);
      expect(validateResponse(api, id, ok(500, { code: 500, message: null }))).toEqual([]);
      expect(validateResponse(api, id, ok(500, { code: 'E1' })).map((i) => i.pointer)).toEqual(['/code']);
    }
  });

  it('a body or formData parameter shared under `parameters` and referred to is the request body, under the operation\'s own media types', async () => {
    const api = await loadApi(doc('shared-bodies20.yaml'));
    const shape = (id: string) => {
      const op = api.operation(id)!;
      return `${op.parameters.map((p) => `${p.in}:${p.name}`).join(',')} | ${op.requestBody?.required ?? false} ${op.requestBody?.content.map((c) => c.contentType).join(',')}`;
    };
    // The upgrader left each reference in `parameters` (a parameter without a name, which failed every request).
    expect(shape('createDog')).toBe(' | true application/json');
    expect(validateRequest(api, 'createDog', { headers: { 'content-type': 'application/json' }, body: { name: 'Rex' } })).toEqual([]);
    expect(validateRequest(api, 'createDog', { headers: { 'content-type': 'application/json' }, body: { name: 3 } }).map((i) => `${i.pointer} ${i.keyword}`)).toEqual(['/name type']);
    // Two formData fields, joined; the operation consumes a form, not the document's JSON. Nick is required, so the form is.
    expect(shape('postForm')).toBe('query:verbose | true application/x-www-form-urlencoded');
    const form = api.validators.get('postForm.request.form')!;
    expect([form({ nick: 'rex', age: 3 }), form({ age: 3 }), form({ nick: 'rex', age: 'x' })]).toEqual([true, false, false]);
    // A path item's body applies to its operation without one; an operation's own body wins.
    expect(shape('replaceDog')).toBe('path:id | true application/json');
    expect(validateRequest(api, 'replaceDog', { path: { id: '1' }, headers: { 'content-type': 'application/json' }, body: {} }).map((i) => `${i.pointer} ${i.keyword}`)).toEqual(['/name required']);
    expect(validateRequest(api, 'patchDog', { path: { id: '1' }, headers: { 'content-type': 'application/json' }, body: { op: 'x' } })).toEqual([]);
  });

  it('a schema typo in a 2.0 document is a warning at its line in the user file', async () => {
    const api = await loadApi(doc('typo-swagger2.yaml'));
    expect(api.warnings.filter((w) => w.includes('maxLenght'))).toEqual([expect.stringMatching(/typo-swagger2\.yaml:18:\d+: unknown keyword "maxLenght": an annotation, not checked \(a typo of "maxLength"\?\)$/)]);
  });
});

describe('unknown formats are annotations', () => {
  it('the document loads, one warning names the format and its line, and any string passes', async () => {
    const api = await loadApi(doc('things30.yaml'));
    expect(api.warnings).toEqual([`${doc('things30.yaml')}:34:34: unknown format "iso-country-code": an annotation, not checked`]);
    expect(validateResponse(api, 'getThing', ok(200, { id: 7, country: 'not a country at all' }))).toEqual([]);
    expect(validateResponse(api, 'getThing', ok(200, { id: 7, country: 5 })).map((i) => i.keyword)).toEqual(['type']);
  });
});

describe('formats ajv-formats has but no standard defines', () => {
  it('`url` is an unknown format: a relative link passes, with a warning at its line', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'specgate-url-')), 'links.yaml');
    writeFileSync(file, `openapi: 3.1.0
info: { title: Links, version: '1' }
paths:
  /link:
    get:
      operationId: getLink
      responses:
        '200':
          description: a link
          content:
            application/json:
              schema: { type: object, properties: { href: { type: string, format: url }, site: { type: string, format: uri } } }
`);
    const api = await loadApi(file);
    expect(api.warnings).toEqual([`${file}:12:75: unknown format "url": an annotation, not checked`]);
    expect(validateResponse(api, 'getLink', ok(200, { href: '/files/1' }))).toEqual([]);
    // A standard format is still asserted.
    expect(validateResponse(api, 'getLink', ok(200, { site: '/files/1' })).map((i) => i.keyword)).toEqual(['format']);
  });
});

describe('$ref in documentation extensions', () => {
  it('an outside $ref under x-topics does not stop the load', async () => {
    const api = await loadApi(doc('things30.yaml'));
    expect(api.operation('getThing')).toBeDefined();
  });
});

describe('a $ref to a schema outside components/schemas (JSON Reference allows any place)', () => {
  it('a top-level `schemas` map and another operation\'s answer schema are followed', async () => {
    const api = await loadApi(doc('elsewhere.yaml'));
    expect(validateResponse(api, 'listPets', ok(200, [{ name: 'Rex', tag: 'dog' }]))).toEqual([]);
    expect(validateResponse(api, 'listPets', ok(200, [{ name: 'Rex', tag: 'doggo' }])).map((i) => i.pointer)).toEqual(['/0/tag']);
    expect(validateResponse(api, 'firstPet', ok(200, { name: 'Rex' }))).toEqual([]);
    expect(validateResponse(api, 'firstPet', ok(200, { tag: 'a' })).map((i) => i.keyword)).toEqual(['required']);
  });

  it('a broken schema there is reported at its own line', async () => {
    const file = join(import.meta.dirname, 'fixtures/bad-specs/elsewhere-bad.yaml');
    const e = await specError(file);
    expect(e.line).toBe(17);
    expect(e.message).toMatch(/invalid schema: schema is invalid: .*minLength must be >= 0/);
  });
});
