import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApi } from '../src/validate/load.js';
import { validateResponse } from '../src/validate/validator.js';
import { SpecError } from '../src/openapi/errors.js';

// The disk cache of --spec documents (parsed document and standalone validators): what a run
// gets from it must be what a fresh load gives. loadApi keeps one load per (file, name) in the
// process, so each load below gives the API a new name to reach the disk again.
let dir: string;
let cacheDir: string;
let n = 0;
const saved = { dir: process.env.SPECGATE_CACHE_DIR, off: process.env.SPECGATE_CACHE };
const load = (file: string) => loadApi(file, `cached-${n++}`);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'specgate-cache-doc-'));
  cacheDir = join(dir, 'cache');
  process.env.SPECGATE_CACHE_DIR = cacheDir;
  delete process.env.SPECGATE_CACHE;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  process.env.SPECGATE_CACHE_DIR = saved.dir;
  if (saved.off === undefined) delete process.env.SPECGATE_CACHE;
  else process.env.SPECGATE_CACHE = saved.off;
});

// Past the size from which a document is cached (256 KB); a smaller one never touches the cache.
const PADDING = 'lorem ipsum '.repeat(24_000);
const doc = (name: { maxLength?: number; typo?: boolean } = {}) => `openapi: 3.0.3
info: { title: Cached, version: '1' }
paths:
  /things:
    get:
      operationId: getThing
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Thing' }
components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        name: { type: string, maxLength: ${name.typo ? -1 : (name.maxLength ?? 5)} }
        country: { type: string, format: iso-country-code }
        owner: { $ref: '#/components/schemas/Owner', nullable: true }
    Owner:
      type: object
      properties: { id: { type: integer } }
x-padding: '${PADDING}'
`;
const ok = (body: unknown) => ({ status: 200, headers: { 'content-type': 'application/json' }, body });
const verdicts = (api: Awaited<ReturnType<typeof loadApi>>) =>
  [{ name: 'abc', owner: null }, { name: 'abcdefgh' }, { owner: { id: 'x' } }, { name: 3, country: 12 }].map((b) =>
    validateResponse(api, 'getThing', ok(b)).map((i) => `${i.pointer} ${i.keyword} ${i.message}`),
  );
const entries = (kind: string) => {
  try {
    return readdirSync(join(cacheDir, kind)).filter((f) => !f.startsWith('.'));
  } catch {
    return [];
  }
};
/** Validators are stored the second time a document is loaded (the first run on a fresh machine writes only the parsed document). */
const twice = async (file: string) => {
  await load(file);
  return load(file);
};

describe('the disk cache of --spec documents', () => {
  it('a first load stores the document, a second the validators, a third uses them: same verdicts, issues and warnings', async () => {
    const file = join(dir, 'things.yaml');
    writeFileSync(file, doc());
    const first = await load(file);
    expect(first.validators.origin).toBe('runtime');
    expect(entries('documents')).toHaveLength(1);
    expect(entries('validators')).toEqual([]);
    const second = await load(file);
    expect(second.validators.origin).toBe('runtime');
    expect(entries('validators')).toHaveLength(1);
    const third = await load(file);
    expect(third.validators.origin).toBe('cache');
    expect(verdicts(third)).toEqual(verdicts(first));
    expect(verdicts(second)).toEqual(verdicts(first));
    expect(verdicts(third)[1]).toEqual(['/name maxLength must NOT have more than 5 characters']);
    // The unknown format's warning names the same line and column without parsing the YAML again.
    expect(third.warnings).toEqual(first.warnings);
    expect(third.warnings[0]).toMatch(/things\.yaml:20:\d+: unknown format "iso-country-code"/);
    expect(third.model.operations.map((o) => o.operationId)).toEqual(['getThing']);
  });

  it('a changed schema is compiled again: the new constraint holds', async () => {
    const file = join(dir, 'things.yaml');
    writeFileSync(file, doc({ maxLength: 5 }));
    expect(verdicts(await twice(file))[1]).toHaveLength(1);
    writeFileSync(file, doc({ maxLength: 10 }));
    const edited = await twice(file);
    expect(edited.validators.origin).toBe('runtime');
    expect(verdicts(edited)[1]).toEqual([]);
    expect(entries('validators')).toHaveLength(2);
  });

  it('a schema broken after a good version was cached still fails at load with its file:line', async () => {
    const file = join(dir, 'things.yaml');
    writeFileSync(file, doc());
    await twice(file);
    writeFileSync(file, doc({ typo: true }));
    const e = await load(file).then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).file).toBe(file);
    expect((e as SpecError).line).toBe(19);
    expect((e as SpecError).reason).toMatch(/invalid schema: schema is invalid: .*maxLength must be >= 0/);
    // Nothing of the broken version is stored.
    expect(entries('validators')).toHaveLength(1);
  });

  it('a damaged entry is compiled again and rewritten', async () => {
    const file = join(dir, 'things.yaml');
    writeFileSync(file, doc());
    const first = await twice(file);
    for (const kind of ['validators', 'documents']) for (const f of entries(kind)) writeFileSync(join(cacheDir, kind, f), 'garbage{');
    const again = await load(file);
    expect(again.validators.origin).toBe('runtime');
    expect(verdicts(again)).toEqual(verdicts(first));
    // The document entry was rewritten by that load; the next one rewrites the validators.
    expect((await load(file)).validators.origin).toBe('runtime');
    expect(readFileSync(join(cacheDir, 'validators', entries('validators')[0]), 'utf8')).not.toBe('garbage{');
    expect((await load(file)).validators.origin).toBe('cache');
    // That hit wrote V8's code cache of the entry; a damaged one is ignored (a fresh process rewrites it).
    const v8 = entries('validators').filter((f) => f.endsWith('.v8'));
    expect(v8).toHaveLength(1);
    writeFileSync(join(cacheDir, 'validators', v8[0]), 'garbage{');
    const hit = await load(file);
    expect(hit.validators.origin).toBe('cache');
    expect(verdicts(hit)).toEqual(verdicts(first));
  });

  it('a document of 6000 operations is cached and read back (Ajv writes at most 1000 exports at a time)', async () => {
    // One standalone module of every export overflowed the stack past some 5000 and crashed the second run.
    const ops = Array.from({ length: 6000 }, (_, i) =>
      `  /t${i}:\n    get:\n      operationId: op${i}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { type: object, properties: { n: { type: integer, maximum: ${i} } } }\n`,
    );
    const file = join(dir, 'big.yaml');
    writeFileSync(file, `openapi: 3.0.3\ninfo: { title: Big, version: '1' }\npaths:\n${ops.join('')}`);
    await twice(file);
    expect(entries('validators').filter((f) => f.endsWith('.cjs'))).toHaveLength(1);
    const hit = await load(file);
    expect(hit.validators.origin).toBe('cache');
    const at = (op: string, n: number) => validateResponse(hit, op, ok({ n })).map((i) => `${i.pointer} ${i.keyword}`);
    expect(at('op5999', 5999)).toEqual([]);
    expect(at('op5999', 6000)).toEqual(['/n maximum']);
    expect(at('op0', 1)).toEqual(['/n maximum']);
  }, 60_000);

  it('a small document is compiled every time and leaves nothing in the cache', async () => {
    const file = join(dir, 'small.yaml');
    writeFileSync(file, doc().replace(/^x-padding: .*$/m, ''));
    await load(file);
    expect((await load(file)).validators.origin).toBe('runtime');
    expect(() => readdirSync(cacheDir)).toThrow(/ENOENT/);
  });

  it('SPECGATE_CACHE=off keeps nothing', async () => {
    process.env.SPECGATE_CACHE = 'off';
    const file = join(dir, 'things.yaml');
    writeFileSync(file, doc());
    await load(file);
    const second = await load(file);
    expect(second.validators.origin).toBe('runtime');
    expect(() => readdirSync(cacheDir)).toThrow(/ENOENT/);
  });
});
