import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadApi } from '../src/validate/load.js';
import { specError } from './helpers/spec-error.js';

const bad = (f: string) => join(import.meta.dirname, 'fixtures/bad-specs', f);

describe('a malformed spec gives one clear error naming the file and line', () => {
  it.each([
    ['malformed.yaml', 10, /invalid YAML/],
    ['dangling-ref.yaml', 13, /\$ref '#\/components\/schemas\/Nowhere' points to nothing/],
    ['no-version.yaml', 1, /not an OpenAPI document: no 'openapi' \(3.x\) or 'swagger' \(2.0\) field/],
    ['openapi32.yaml', 1, /unsupported version '3.2.0'/],
    ['typo.yaml', 17, /invalid schema: strict mode: unknown keyword: "maxLenght"/],
    ['duplicate-operation.yaml', 10, /duplicate operationId 'getThing' \(also on GET \/a\)/],
    ['alias-bomb.yaml', 7, /too many YAML aliases: expanding them goes past 100 copies \(an alias bomb/],
    ['ref-cycle.yaml', 19, /\$ref cycle: A → B → A \(each applies the next to the same value/],
    ['allof-cycle.yaml', 23, /\$ref cycle: Base → Derived → Base/],
  ])('%s', async (file, line, reason) => {
    const e = await specError(bad(file));
    expect(e.file).toBe(bad(file));
    expect(e.line).toBe(line);
    expect(e.message).toMatch(reason);
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
