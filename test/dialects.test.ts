// JSON Schema dialects: 2020-12 and OpenAPI 3.1's are read; any other (jsonSchemaDialect, or a
// Schema Object's $schema) is refused with its file and line, never read as if it were 2020-12.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadApi } from '../src/validate/load.js';
import { validateResponse } from '../src/validate/validator.js';
import { specError } from './helpers/spec-error.js';
import { cli } from './helpers/cli.js';
import { closedPort } from './helpers/servers.js';

const fx = (f: string) => join(import.meta.dirname, 'fixtures/dialects', f);
const READS = /is a JSON Schema dialect specgate does not read \(it reads https:\/\/json-schema\.org\/draft\/2020-12\/schema and OpenAPI 3\.1's https:\/\/spec\.openapis\.org\/oas\/3\.1\/dialect\/base\)$/;

const UNREAD: [string, number, string][] = [
  ['draft04-dialect.yaml', 4, "jsonSchemaDialect 'http://json-schema.org/draft-04/schema#'"],
  ['draft07-root.yaml', 14, "$schema 'http://json-schema.org/draft-07/schema#'"],
  ['draft06-component.yaml', 20, "$schema 'http://json-schema.org/draft-06/schema#'"],
];

describe('a dialect specgate does not read', () => {
  it.each(UNREAD)('%s: refused at its line', async (file, line, what) => {
    const e = await specError(fx(file));
    expect([e.file, e.line]).toEqual([fx(file), line]);
    expect(e.reason.startsWith(`${what} `)).toBe(true);
    expect(e.reason).toMatch(READS);
  });

  it.each(UNREAD)('check --spec %s: exit 2, one line naming file:line', async (file, line, what) => {
    const r = await cli(['check', '--spec', fx(file), '--base-url', `http://127.0.0.1:${await closedPort()}`]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(`specgate check: ${fx(file)}:${line}:`)).toBe(true);
    expect(lines[0]).toContain(what);
    expect(lines[0]).not.toMatch(/no schema with key or ref/);
  });

  it('lint: an error at each one, the other documents still linted and the report written', async () => {
    const r = await cli(['lint', '--format', 'json', fx('draft07-root.yaml'), fx('draft06-component.yaml'), fx('oas-dialect.yaml')]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { files?: unknown; findings?: { ruleId: string; file: string; line: number; message: string; severity: string }[] };
    const found = (report.findings ?? []).filter((f) => f.ruleId === 'openapi-version').map((f) => `${f.file.replace(/^.*\//, '')}:${f.line} ${f.severity}`);
    expect(found).toEqual(['draft06-component.yaml:20 error', 'draft07-root.yaml:14 error']);
  });
});

describe('the dialects specgate reads', () => {
  it("OpenAPI 3.1's dialect (base or dated) and 2020-12, at a media type's schema and in a component: loaded and validated as 2020-12", async () => {
    const api = await loadApi(fx('oas-dialect.yaml'));
    const res = (body: unknown) => validateResponse(api, 'getA', { status: 200, headers: { 'content-type': 'application/json' }, body });
    expect(res({ n: 1, tags: ['a'] })).toEqual([]);
    expect(res({ n: 'x' }).map((i) => i.keyword)).toEqual(['type']);
    expect(res({ n: 1, tags: [1] }).map((i) => i.keyword)).toEqual(['type']);
  });

  it('a $schema in a 3.0 document (which has no such keyword) is dropped: the schema is read by 3.0, draft-04 exclusiveMaximum and all', async () => {
    const api = await loadApi(fx('draft04-in-30.yaml'));
    const res = (body: unknown) => validateResponse(api, 'getA', { status: 200, headers: { 'content-type': 'application/json' }, body });
    expect(res({ n: 4 })).toEqual([]);
    expect(res({ n: 5 }).map((i) => i.keyword)).toEqual(['exclusiveMaximum']);
  });
});
