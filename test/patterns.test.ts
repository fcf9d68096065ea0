import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { runCheck } from '../src/run/check.js';
import { loadApi } from '../src/validate/load.js';
import { schemaEntries } from '../src/validate/schemas.js';
import { standaloneSource } from '../src/validate/standalone.js';
import { linearPattern, setPatternWarning } from '../src/validate/regex.js';
import { startServer, type TestServer } from './helpers/servers.js';
import { cli, ROOT } from './helpers/cli.js';

/**
 * Spec patterns run in a linear-time engine. `^(a+)+$` against 40 a's and a '!' is 2^40 steps
 * for a backtracking engine (RegExp): the process would never answer again, SIGINT included.
 */
const SPEC = join(import.meta.dirname, 'fixtures/specs/patterns.yaml');
const EVIL = 'a'.repeat(40) + '!';
const warnings: string[] = [];
setPatternWarning((m) => warnings.push(m));

let target: TestServer;
/** When set, every request after the first hostile answer hangs (a run still going when interrupted). */
let hangAfter: number | undefined;
beforeAll(async () => {
  target = await startServer((req, res) => {
    if (hangAfter !== undefined && target.requests.length > hangAfter + 1) return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ word: EVIL, code: 'xyz' }));
  });
});
afterAll(() => target.close());

describe('spec patterns in a linear-time engine', () => {
  it('a catastrophic pattern fails the value at once (runtime validators)', async () => {
    const run = await runCheck({ baseUrl: target.url, specs: [SPEC], timeoutMs: 300 });
    const one = run.results.find((r) => r.id.endsWith('200-one'))!;
    expect(one.outcome).toBe('failed');
    const failures = one.steps[0].failures;
    expect(failures).toContainEqual(expect.objectContaining({ check: 'response_schema_conformance', pointer: '/word', expected: 'pattern ^(a+)+$' }));
    // The lookahead is not checked ('xyz' would fail it): never failed on the engine's limits.
    expect(failures.filter((f) => f.pointer === '/code')).toEqual([]);
    expect(warnings.filter((w) => w.includes('^(?!x)[a-z]+$'))).toEqual([expect.stringMatching(/lookaround or a backreference.*not checked/)]);
  });

  it('standalone validators (the build output) use the same engine', async () => {
    const api = await loadApi(SPEC);
    const source = standaloneSource(schemaEntries(api.model), 'test', { formats: join(ROOT, 'src/validate/formats.ts'), regex: join(ROOT, 'src/validate/regex.ts') });
    expect(source).not.toMatch(/new RegExp/);
    const dir = mkdtempSync(join(tmpdir(), 'specgate-standalone-'));
    writeFileSync(join(dir, 'raw.mjs'), source);
    await build({ entryPoints: [join(dir, 'raw.mjs')], outfile: join(dir, 'v.mjs'), bundle: true, format: 'esm', platform: 'node', logLevel: 'error', external: ['re2js'], nodePaths: [join(ROOT, 'node_modules')] });
    expect(readFileSync(join(dir, 'v.mjs'), 'utf8')).toContain('from "re2js"');
    const { validators } = (await import(pathToFileURL(join(dir, 'v.mjs')).href)) as { validators: Record<string, (v: unknown) => boolean> };
    const responses = Object.entries(validators).filter(([k]) => k.includes('getWord') && k.includes('200'));
    expect(responses.length).toBeGreaterThan(0);
    for (const [, v] of responses) {
      expect(v({ word: EVIL })).toBe(false);
      expect(v({ word: 'aaaa', code: 'xyz' })).toBe(true);
    }
  });

  it('negative generation: a pattern the engine cannot run yields no case, a catastrophic one a wrong value', () => {
    expect(linearPattern('^(?=a)a$')).toBeUndefined();
    expect(linearPattern('(a)\\1')).toBeUndefined();
    expect(() => linearPattern('(')).toThrow(SyntaxError);
    expect(linearPattern('^(.+)+x$')!.test('specgate not matching' + 'a'.repeat(40))).toBe(false);
    // JavaScript syntax RE2 spells otherwise is translated.
    expect(linearPattern('^\\u0041[^]$')!.test('A\n')).toBe(true);
  });

  it('SIGINT acts after a hostile value: the report is written and the exit code is 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-re-'));
    const out = join(dir, 'report.json');
    const before = target.requests.length;
    hangAfter = before;
    const r = await cli(['check', '--spec', SPEC, '--base-url', target.url, '--concurrency', '1', '--reporter', 'json', '--output', out], {
      timeoutMs: 20_000,
      onSpawn: (kill) => {
        const t = setInterval(() => {
          if (target.requests.length < before + 2) return;
          clearInterval(t);
          kill('SIGINT');
        }, 5);
      },
    });
    expect(r.code, r.stderr).toBe(130);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.interrupted).toBe(true);
    expect(report.results.find((x: { id: string }) => x.id.endsWith('200-one'))).toMatchObject({ outcome: 'failed' });
  });
});
