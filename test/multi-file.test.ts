// A document split over files is read as one by --spec: path items, schemas, parameters and
// responses in other files (and references back into the document), with every position in the
// file it was written in. Only YAML and JSON files inside the document's folder are read, and no URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';
import { loadApi } from '../src/validate/load.js';
import { loadOpenApi } from '../src/openapi/openapi.js';
import { buildApiModel } from '../src/model/build.js';
import { validateRequest, validateResponse } from '../src/validate/validator.js';
import { specError } from './helpers/spec-error.js';
import { lint } from '../src/lint/run.js';
import { setRefRoot } from '../src/openapi/external.js';
import { readFileSync } from 'node:fs';

const fixtures = join(import.meta.dirname, 'fixtures/multi-file');
const ok = (status: number, body: unknown) => ({ status, headers: { 'content-type': 'application/json' }, body });
const tmp = mkdtempSync(join(tmpdir(), 'specgate-multi-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a document split over files', () => {
  it('a $ref key written with a JSON escape ("\\u0024ref") is read too, not refused as outside the document', async () => {
    const api = await loadApi(join(fixtures, 'escaped/openapi.json'));
    expect(validateResponse(api, 'getA', ok(200, 'abc'))).toEqual([]);
    expect(validateResponse(api, 'getA', ok(200, 'abcd')).map((i) => i.keyword)).toEqual(['maxLength']);
  });

  it('loads as one: each part judged as its file says (a 3.0 `nullable` in another file upgraded too)', async () => {
    const api = await loadApi(join(fixtures, 'openapi.yaml'));
    expect(api.model.operations.map((o) => o.operationId)).toEqual(['listPets', 'createPet']);
    const list = api.operation('listPets')!;
    expect(list.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['query:limit']);
    const example = list.responses[0]!.content[0]!.examples[0]!.value;
    expect(validateResponse(api, 'listPets', ok(200, example))).toEqual([]);
    expect(validateResponse(api, 'listPets', ok(200, [{ id: 1, name: 'Tom', owner: { name: 'Ann', tag: { label: 'gold' } } }])).map((i) => i.pointer)).toEqual(['/0/owner/tag/label']);
    expect(validateResponse(api, 'listPets', ok(200, [{ id: 1, name: 'x'.repeat(21) }])).map((i) => `${i.pointer} ${i.keyword}`)).toEqual(['/0/name maxLength']);
    expect(validateResponse(api, 'listPets', ok(500, { message: 'down' }))).toEqual([]);
    expect(validateResponse(api, 'listPets', ok(500, {})).map((i) => i.keyword)).toEqual(['required']);
    // A request body in the document whose schema is in another file, reached from a third.
    expect(validateRequest(api, 'createPet', { headers: { 'content-type': 'application/json' }, body: { id: 'three', name: 'Rex' } }).map((i) => i.pointer)).toEqual(['/id']);
  });

  it('a schema error in another file names that file and its line', async () => {
    const e = await specError(join(fixtures, 'broken.yaml'));
    expect(e.message).toBe(`${join(fixtures, 'schemas/broken-thing.yaml')}:5:5: invalid schema: schema is invalid: data/$defs/broken-thing/properties/name/maxLength must be >= 0`);
  });

  it('a reference to a file that is not there names the referring line', async () => {
    const e = await specError(join(fixtures, 'missing.yaml'));
    expect(e.message).toMatch(new RegExp(`^${join(fixtures, 'missing.yaml')}:12:25: \\$ref './schemas/nowhere.yaml': no such file`));
  });

  it('an edited part is a different document (the validators cache key changes with it)', () => {
    const copy = join(tmp, 'copy');
    cpSync(fixtures, copy, { recursive: true });
    const hash = () => buildApiModel('copy', loadOpenApi(join(copy, 'openapi.yaml'))).hash;
    const before = hash();
    expect(hash()).toBe(before);
    writeFileSync(join(copy, 'schemas/common.yaml'), 'Owner: { type: object }\nTag: { type: object }\n');
    expect(hash()).not.toBe(before);
  });

  it.each([
    ['../elsewhere/secret.yaml', /doc\.yaml:12:25: \$ref '\.\.\/elsewhere\/secret\.yaml' is a file outside the document's folder: not read \(--ref-root DIR lets documents read files below DIR\)$/],
    ['./.env', /doc\.yaml:12:25: \$ref '\.\/\.env' is not a YAML or JSON file: not read/],
    ['https://127.0.0.1:9/pet.yaml', /doc\.yaml:12:25: \$ref 'https:\/\/127\.0\.0\.1:9\/pet\.yaml' is a URL: specgate fetches none/],
  ])('%s is refused at its line, and nothing is read', async (ref, message) => {
    const root = join(tmp, `refused-${ref.length}`);
    mkdirSync(join(root, 'api'), { recursive: true });
    mkdirSync(join(root, 'elsewhere'), { recursive: true });
    writeFileSync(join(root, 'elsewhere/secret.yaml'), 'type: string\n');
    writeFileSync(join(root, 'api/.env'), 'TOKEN: sk_live_do_not_print\n');
    const doc = join(root, 'api/doc.yaml');
    writeFileSync(doc, `openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: '${ref}' }\n`);
    const e = await specError(doc);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain('sk_live');
  });
});

describe('a Swagger 2.0 document split over files (the corpus kennel-2.0/), read without a bundle step', () => {
  const kennel = join(import.meta.dirname, 'fixtures/corpus/kennel-2.0');

  it('loads as one: a path item, parameters, responses and definitions from other files, and a part referring back', async () => {
    const api = await loadApi(join(kennel, 'swagger.yaml'));
    expect(api.warnings).toEqual([]);
    expect(api.model.operations.map((o) => `${o.operationId} ${o.parameters.map((p) => `${p.in}:${p.name}`).join(',')} ${o.responses.map((r) => r.status).join(',')}`)).toEqual([
      'listDogs query:limit 200',
      'createDog  201,400',
      'getDog path:dogId 200,404',
    ]);
    expect(validateResponse(api, 'getDog', ok(200, { id: 1, name: 'Rex', owner: null }))).toEqual([]);
    // Owner (x-nullable, in definitions.yaml) reached from Dog through a local `#/Owner` of that file.
    expect(validateResponse(api, 'getDog', ok(200, { id: 1, name: 'Rex', breed: 'cat', owner: {} })).map((i) => `${i.pointer} ${i.keyword}`)).toEqual(['/breed enum', '/owner/name required']);
    expect(validateResponse(api, 'getDog', ok(404, {})).map((i) => `${i.pointer} ${i.keyword}`)).toEqual(['/message required']);
    // The body's schema is in swagger.yaml itself, reached from paths/dogs.yaml.
    expect(validateRequest(api, 'createDog', { headers: { 'content-type': 'application/json' }, body: { name: '' } }).map((i) => `${i.pointer} ${i.keyword}`)).toEqual(['/name minLength']);
  });

  it('a schema error in one of its files names that file and line; a missing file names the referring line', async () => {
    const copy = join(tmp, 'kennel');
    cpSync(kennel, copy, { recursive: true });
    const defs = join(copy, 'definitions.yaml');
    writeFileSync(defs, readFileSync(defs, 'utf8').replace('name: { type: string, minLength: 1, maxLength: 30 }', 'name: { type: string, minLength: 1, maxLength: -3 }'));
    expect((await specError(join(copy, 'swagger.yaml'))).message).toMatch(new RegExp(`^${defs}:6:41: invalid schema: .*maxLength must be >= 0`));
    const dogs = join(copy, 'paths/dogs.yaml');
    writeFileSync(defs, readFileSync(kennel + '/definitions.yaml', 'utf8'));
    writeFileSync(dogs, readFileSync(dogs, 'utf8').replace("'../parameters.yaml#/limit'", "'../nowhere.yaml#/limit'"));
    expect((await specError(join(copy, 'swagger.yaml'))).message).toMatch(new RegExp(`^${dogs}:4:\\d+: \\$ref '\\.\\./nowhere\\.yaml#/limit': no such file`));
  });

  it('lint reads it as check does: clean as written, with no local-refs finding', async () => {
    const r = await lint([join(kennel, 'swagger.yaml')]);
    expect(r.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'local-refs')).toEqual([]);
  });
});

describe('check --spec of a document split over files (CLI, end to end)', () => {
  let server: TestServer;
  let pets = '[{"id":1,"name":"Tom","owner":null}]';
  beforeAll(async () => {
    server = await startServer((req, res) => {
      if (req.method === 'POST') return res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":3,"name":"Rex"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(pets);
    });
  });
  afterAll(() => server.close());

  it('passes a server that answers as the files say, and fails one that does not, at the pointer', async () => {
    const r = await cli(['check', '--spec', join(fixtures, 'openapi.yaml'), '--base-url', server.url, '--reporter', 'json', '--no-negative']);
    const report = JSON.parse(r.stdout) as { summary: { passed: number; failed: number } };
    expect([r.code, report.summary.failed]).toEqual([0, 0]);
    expect(report.summary.passed).toBeGreaterThanOrEqual(2);
    expect(server.requests.map((q) => `${q.method} ${q.url.split('?')[0]}`)).toEqual(expect.arrayContaining(['GET /pets', 'POST /pets']));
    pets = '[{"id":1,"name":"Tom","owner":{"name":"Ann","tag":{"label":"gold"}}}]';
    const bad = await cli(['check', '--spec', join(fixtures, 'openapi.yaml'), '--base-url', server.url, '--reporter', 'json', '--no-negative']);
    const failures = (JSON.parse(bad.stdout) as { results: { steps: { failures?: { severity?: string; pointer?: string }[] }[] }[] }).results.flatMap((x) => x.steps.flatMap((st) => st.failures ?? [])).filter((f) => f.severity !== 'warning');
    expect([bad.code, failures.map((f) => f.pointer)]).toEqual([1, ['/0/owner/tag/label']]);
  });
});

describe('lint of a document split over files', () => {
  it('reads it as check does: clean as written; a wrong example in another file is found in that file, at its line', async () => {
    const clean = await lint([join(fixtures, 'openapi.yaml')]);
    expect(clean.findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
    const copy = join(tmp, 'lint-copy');
    cpSync(fixtures, copy, { recursive: true });
    const pets = join(copy, 'paths/pets.yaml');
    writeFileSync(pets, readFileSync(pets, 'utf8').replace('{ id: 2, name: Kit, owner: null }', '{ id: 2, name: Kit, owner: { tag: {} } }'));
    const r = await lint([join(copy, 'openapi.yaml')]);
    expect(r.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([['example-valid', pets, 15]]);
    expect(r.findings[0]!.message).toMatch(/name/);
  });
});

describe('--ref-root DIR: parts shared from a folder above the document', () => {
  const root = join(tmp, 'shared');
  const doc = join(root, 'api/openapi.yaml');
  mkdirSync(join(root, 'api'), { recursive: true });
  mkdirSync(join(root, 'common'), { recursive: true });
  writeFileSync(join(root, 'common/error.yaml'), 'type: object\nrequired: [code]\nproperties: { code: { type: integer } }\n');
  writeFileSync(doc, `openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '400':\n          description: bad\n          content:\n            application/json:\n              schema: { $ref: '../common/error.yaml' }\n`);

  it('without it the shared file is refused (the message names the flag); with it the file is read', async () => {
    expect((await specError(doc)).message).toMatch(/is a file outside the document's folder: not read \(--ref-root DIR lets documents read files below DIR\)$/);
    setRefRoot(root);
    try {
      const api = await loadApi(doc);
      expect(validateResponse(api, 'getA', ok(400, { code: 'x' })).map((i) => i.pointer)).toEqual(['/code']);
    } finally {
      setRefRoot(undefined);
    }
  });

  it('lint and check take the flag (CLI)', async () => {
    const without = await cli(['lint', doc, '--format', 'json']);
    expect(without.code).toBe(1);
    const withRoot = await cli(['lint', doc, '--format', 'json', '--ref-root', root]);
    expect((JSON.parse(withRoot.stdout) as { findings: { ruleId: string }[] }).findings.filter((f) => f.ruleId === 'local-refs')).toEqual([]);
    const check = await cli(['check', '--spec', doc, '--base-url', 'http://127.0.0.1:9', '--ref-root', root, '--reporter', 'json']);
    expect(check.stderr).not.toMatch(/not read/);
  });
});
