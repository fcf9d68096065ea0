import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadApi, validateResponse, validateRequest } from '../src/validate/index.js';
import { bundledApiNames } from '../src/openapi/registry.js';
import { expectedCaptures } from '../src/build/tasks.js';
import { parse } from 'yaml';
import { sourceFiles, sourceText, jsonBodies } from './helpers/sources.js';

const ROOT = join(import.meta.dirname, '..');
const APIS = ['mangopay', 'qonto', 'udara360'];

describe('bundled specs', () => {
  it('ships exactly the five operations with their interface operationIds', async () => {
    expect(bundledApiNames()).toEqual(APIS);
    const ids = await Promise.all(APIS.map(async (n) => (await loadApi(n)).model.operations.map((o) => o.operationId)));
    expect(ids).toEqual([['createLegalUserSca', 'updateLegalUser', 'closeLegalUser'], ['closeBusinessAccount'], ['closeAccount']]);
  });

  it('captures the Qonto document byte for byte from its source page', () => {
    const page = sourceText('qonto', '002_66099f3e234d7a58.txt');
    const block = page.match(/^````yaml[^\n]*\n([\s\S]*?)^````\s*$/m)?.[1];
    expect(block).toBeTruthy();
    expect(readFileSync(join(ROOT, 'specs/qonto/openapi.yaml'), 'utf8')).toBe(block);
  });

  it('marks close operations destructive and knows each production host', async () => {
    for (const n of APIS) {
      const api = await loadApi(n);
      const closing = api.model.operations.filter((o) => /close/i.test(o.operationId));
      expect(closing.length).toBeGreaterThan(0);
      for (const o of closing) expect(o.destructive).toBe(true);
      expect(api.model.operations.find((o) => o.operationId === 'createLegalUserSca')?.destructive ?? false).toBe(false);
    }
    expect((await loadApi('mangopay')).model.productionServers).toContain('https://api.mangopay.com');
    expect((await loadApi('qonto')).model.productionServers).toContain('https://thirdparty.qonto.com');
    expect((await loadApi('udara360')).model.productionServers).toContain('https://openapi.udara360.io');
  });
});

describe('examples', () => {
  it('every response example validates against the schema of its status', async () => {
    let n = 0;
    for (const name of APIS) {
      const api = await loadApi(name);
      for (const op of api.model.operations) {
        for (const r of op.responses) {
          for (const m of r.content) {
            for (const ex of m.examples) {
              const status = /^\d+$/.test(r.status) ? Number(r.status) : 500;
              const issues = validateResponse(api, op.operationId, { status, headers: { 'content-type': m.contentType }, body: ex.value });
              // The vendor's own capture has a known defect (a numeric account_number example): Qonto is linted, not edited.
              expect.soft(issues, `${name} ${op.operationId} ${r.status} ${ex.name}`).toEqual([]);
              n++;
            }
          }
        }
      }
    }
    expect(n).toBeGreaterThanOrEqual(30);
  });

  it('every request example validates against the request schema', async () => {
    for (const name of ['mangopay', 'udara360']) {
      const api = await loadApi(name);
      for (const op of api.model.operations) {
        for (const m of op.requestBody?.content ?? []) {
          for (const ex of m.examples) {
            const issues = validateRequest(api, op.operationId, { path: { ClientId: 'c', UserId: 'user_m_1' }, headers: { 'content-type': 'application/json' }, body: ex.value });
            expect(issues, `${name} ${op.operationId} ${ex.name}`).toEqual([]);
          }
        }
      }
    }
  });

  it('every JSON body quoted in the source pages is an example in the specs', async () => {
    const pages: Record<string, string> = {
      '000_cd5e8c4c16701d64.txt': 'mangopay',
      '001_da357589fe74a29f.txt': 'mangopay',
      '003_d743bc7b5612f51c.txt': 'mangopay',
      '004_5567eee5e0cc442e.txt': 'udara360',
    };
    let checked = 0;
    for (const [page, apiName] of Object.entries(pages)) {
      const api = await loadApi(apiName);
      const examples = api.model.operations.flatMap((o) => [
        ...(o.requestBody?.content ?? []).flatMap((m) => m.examples.map((e) => e.value)),
        ...o.responses.flatMap((r) => r.content.flatMap((m) => m.examples.map((e) => e.value))),
      ]);
      for (const body of jsonBodies(sourceText(apiName, page))) {
        expect(examples.some((e) => isDeepStrictEqual(e, body)), `${page}: ${JSON.stringify(body).slice(0, 100)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });
});

describe('JSON Schema captures', () => {
  it('are committed and in step with the OpenAPI documents', async () => {
    const expected = await expectedCaptures();
    expect(expected.size).toBeGreaterThanOrEqual(15);
    for (const [file, text] of expected) {
      expect(existsSync(file), `${file} missing: run npm run build:schemas`).toBe(true);
      expect(readFileSync(file, 'utf8'), `${file} drifted: run npm run build:schemas`).toBe(text);
    }
  });

  it('are self-contained 2020-12 schemas with interface file names', async () => {
    const expected = await expectedCaptures();
    const names = [...expected.keys()].map((f) => f.split('/specs/')[1]);
    for (const n of ['mangopay/schemas/createLegalUserSca.request.schema.json', 'mangopay/schemas/updateLegalUser.200.schema.json', 'mangopay/schemas/closeLegalUser.400.schema.json', 'qonto/schemas/closeBusinessAccount.200.schema.json', 'udara360/schemas/closeAccount.request.schema.json']) {
      expect(names).toContain(n);
    }
    for (const text of expected.values()) {
      const schema = JSON.parse(text);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      const refs = text.match(/"\$ref": "[^"]+"/g) ?? [];
      for (const r of refs) expect(r).toMatch(/"\$ref": "#\/\$defs\//);
    }
  });
});

describe('source pages (specs/<api>/sources/)', () => {
  /** Every `x-source.file` of a parsed document. */
  const cited = (node: unknown, out = new Set<string>()): Set<string> => {
    if (Array.isArray(node)) node.forEach((n) => cited(n, out));
    else if (node && typeof node === 'object') {
      const s = (node as Record<string, unknown>)['x-source'] as { file?: unknown } | undefined;
      if (typeof s?.file === 'string' && !/^https?:/.test(s.file)) out.add(s.file);
      Object.values(node).forEach((v) => cited(v, out));
    }
    return out;
  };

  it('every page a spec cites is in its own sources/ folder, cited by a path relative to the spec', () => {
    for (const api of ['mangopay', 'udara360']) {
      const files = [...cited(parse(readFileSync(join(ROOT, 'specs', api, 'openapi.yaml'), 'utf8')))];
      expect(files.length, api).toBeGreaterThanOrEqual(2);
      for (const f of files) {
        expect(f, `${api}: ${f}`).toMatch(/^sources\/[\w.-]+$/);
        expect(existsSync(join(ROOT, 'specs', api, f)), `${api}: ${f}`).toBe(true);
      }
      expect(sourceFiles(api), api).toEqual(expect.arrayContaining(files.map((f) => f.slice('sources/'.length))));
    }
    const qonto = parse(readFileSync(join(ROOT, 'specs', 'qonto', 'specgate.yaml'), 'utf8'));
    expect(qonto.verbatim).toEqual({ seed: 'sources/002_66099f3e234d7a58.txt' });
    expect(existsSync(join(ROOT, 'specs', 'qonto', qonto.verbatim.seed))).toBe(true);
  });

  it('the facts page cited by several APIs is the same page in each folder', () => {
    const copies = ['mangopay', 'qonto', 'udara360'].map((api) => sourceText(api, 'other-public-facts.md'));
    expect(copies[0]).toMatch(/^# Other public facts/);
    for (const c of copies) expect(c).toBe(copies[0]);
  });
});
