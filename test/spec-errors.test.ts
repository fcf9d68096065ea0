import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadApi } from '../src/validate/load.js';
import { validateResponse } from '../src/validate/validator.js';
import { specError } from './helpers/spec-error.js';

const bad = (f: string) => join(import.meta.dirname, 'fixtures/bad-specs', f);

describe('a malformed spec gives one clear error naming the file and line', () => {
  it.each([
    ['malformed.yaml', 10, /invalid YAML/],
    ['no-version.yaml', 1, /not an OpenAPI document: no 'openapi' \(3.x\) or 'swagger' \(2.0\) field/],
    ['openapi32.yaml', 1, /unsupported version '3.2.0'/],
    ['bad-schema.yaml', 17, /invalid schema: schema is invalid: .*maxLength must be >= 0/],
    ['alias-bomb.yaml', 7, /too many YAML aliases: expanding them goes past 100 copies \(an alias bomb/],
    ['ref-cycle.yaml', 19, /\$ref cycle: A → B → A \(each applies the next to the same value/],
    ['allof-cycle.yaml', 23, /\$ref cycle: Base → Derived → Base/],
  ])('%s', async (file, line, reason) => {
    const e = await specError(bad(file));
    expect(e.file).toBe(bad(file));
    expect(e.line).toBe(line);
    expect(e.message).toMatch(reason);
    expect(e.message).not.toMatch(/bundle/);
    expect(e.message.startsWith(`${bad(file)}:${line}`)).toBe(true);
    expect(e.message).not.toMatch(/\n\s+at /);
  });

  it('a recursive schema (through properties and items) is no cycle', async () => {
    const api = await loadApi(bad('recursive.yaml'));
    expect(api.model.operations.map((o) => o.operationId)).toEqual(['getNode']);
  });

  it('a file that does not exist', async () => {
    const e = await specError(bad('nope.yaml'));
    expect(e.message).toMatch(/no such file/);
  });
});

describe('unknown keywords are annotations, not errors', () => {
  it('an unknown keyword (here a typo) is an annotation: a warning at its line, not an error (JSON Schema 2020-12 core, 6.5)', async () => {
    const api = await loadApi(bad('typo.yaml'));
    expect(api.warnings).toEqual([`${bad('typo.yaml')}:17:21: unknown keyword "maxLenght": an annotation, not checked (a typo of "maxLength"?)`]);
    const body = { name: 'a name longer than twenty characters' };
    expect(validateResponse(api, 'getA', { status: 200, headers: { 'content-type': 'application/json' }, body })).toEqual([]);
    expect(validateResponse(api, 'getA', { status: 200, headers: { 'content-type': 'application/json' }, body: { name: 5 } }).map((i) => i.keyword)).toEqual(['type']);
  });

  it('a keyword no known one is near gets no guess', async () => {
    const api = await loadApi(join(import.meta.dirname, 'fixtures/any-document/vendor-keyword.yaml'));
    expect(api.warnings).toEqual([`${join(import.meta.dirname, 'fixtures/any-document/vendor-keyword.yaml')}:15:54: unknown keyword "jsonPath": an annotation, not checked`]);
  });
});
