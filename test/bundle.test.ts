// specgate bundle: a document split over files becomes one document that --spec reads; nothing
// outside the document's folder is read, and an unresolved reference writes nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';
import { loadApi } from '../src/validate/load.js';
import { validateResponse } from '../src/validate/validator.js';

const dir = mkdtempSync(join(tmpdir(), 'specgate-bundle-'));
const spec = join(dir, 'api');
mkdirSync(join(spec, 'schemas'), { recursive: true });
const doc = (ref: string) => `openapi: 3.1.0
info: { title: Multi, version: '1' }
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: { type: array, items: { $ref: '${ref}' } }
`;
writeFileSync(join(spec, 'openapi.yaml'), doc('./schemas/pet.yaml'));
writeFileSync(join(spec, 'schemas', 'pet.yaml'), "type: object\nrequired: [name]\nproperties:\n  name: { type: string }\n  owner: { $ref: './owner.yaml#/Owner' }\n");
writeFileSync(join(spec, 'schemas', 'owner.yaml'), 'Owner:\n  type: object\n  properties: { id: { type: integer } }\n');
writeFileSync(join(dir, 'secret.yaml'), 'type: string\n');
writeFileSync(join(spec, 'outside.yaml'), doc('../secret.yaml'));
writeFileSync(join(spec, 'missing.yaml'), doc('./schemas/nope.yaml'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ok = (body: unknown) => ({ status: 200, headers: { 'content-type': 'application/json' }, body });

describe('specgate bundle', () => {
  it('a Swagger 2.0 document with $refs into other files is read by --spec as it is (no bundle step; multi-file.test.ts has the details)', async () => {
    writeFileSync(join(spec, 'swagger.yaml'), "swagger: '2.0'\ninfo: { title: Multi, version: '1' }\nproduces: [application/json]\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: OK\n          schema: { $ref: './schemas/pet.yaml' }\n");
    const api = await loadApi(join(spec, 'swagger.yaml'));
    expect(validateResponse(api, 'listPets', ok({ name: 'Rex', owner: { id: 1 } }))).toEqual([]);
    expect(validateResponse(api, 'listPets', ok({ name: 'Rex', owner: { id: 'one' } })).map((i) => i.pointer)).toEqual(['/owner/id']);
  });

  it('writes one document that loads and judges as the files say', async () => {
    const out = join(dir, 'bundled.yaml');
    const r = await cli(['bundle', join(spec, 'openapi.yaml'), '--output', out]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(readFileSync(out, 'utf8')).not.toMatch(/\.yaml/);
    const api = await loadApi(out);
    expect(validateResponse(api, 'listPets', ok([{ name: 'Rex', owner: { id: 1 } }]))).toEqual([]);
    expect(validateResponse(api, 'listPets', ok([{ name: 'Rex', owner: { id: 'one' } }])).map((i) => i.pointer)).toEqual(['/0/owner/id']);
  });

  it('JSON for a .json output', async () => {
    const out = join(dir, 'bundled.json');
    expect((await cli(['bundle', join(spec, 'openapi.yaml'), '-o', out])).code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { components: { schemas: Record<string, unknown> } }).components.schemas).toHaveProperty('Owner');
  });

  it('two files with a component of one name: the bundler renames one (a warning), the bundle is written and judges each by its own file', async () => {
    mkdirSync(join(spec, 'a'));
    mkdirSync(join(spec, 'b'));
    writeFileSync(join(spec, 'a', 'error.yaml'), 'type: object\nproperties: { x: { type: string } }\n');
    writeFileSync(join(spec, 'b', 'error.yaml'), 'type: object\nproperties: { y: { type: integer } }\n');
    const op = (id: string, ref: string) => `    get:\n      operationId: ${id}\n      responses:\n        '200': { description: OK, content: { application/json: { schema: { $ref: '${ref}' } } } }\n`;
    writeFileSync(join(spec, 'twins.yaml'), `openapi: 3.1.0\ninfo: { title: Twins, version: '1' }\npaths:\n  /a:\n${op('getA', './a/error.yaml')}  /b:\n${op('getB', './b/error.yaml')}`);
    const out = join(dir, 'twins.bundled.yaml');
    const r = await cli(['bundle', join(spec, 'twins.yaml'), '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*twins\.yaml:\d+:\d+: .*Renamed error to error-2/);
    const api = await loadApi(out);
    expect(validateResponse(api, 'getA', ok({ x: 1 })).map((i) => i.pointer)).toEqual(['/x']);
    expect(validateResponse(api, 'getB', ok({ y: 'one' })).map((i) => i.pointer)).toEqual(['/y']);
  });

  it.each([
    ['outside.yaml', /outside\.yaml:12:\d+: .*secret\.yaml: outside the document's folder: not read/],
    ['missing.yaml', /missing\.yaml:12:\d+: Can't resolve \$ref: ENOENT/],
  ])('%s: a reference it cannot follow is an error (exit 2), and nothing is written', async (file, message) => {
    const out = join(dir, `${file}.bundled.yaml`);
    const r = await cli(['bundle', join(spec, file), '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});
