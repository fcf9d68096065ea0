import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { lint, lintExitCode, type LintResult } from '../src/lint/run.js';
import { RULES } from '../src/lint/rules/index.js';
import { PROFILES } from '../src/lint/config.js';
import { FORMATTERS, type LintReport } from '../src/lint/format/index.js';
import { profileLevel } from '../src/lint/severity.js';
import { expectedCaptures } from '../src/build/tasks.js';
import type { Finding } from '../src/lint/types.js';

const ROOT = resolve(import.meta.dirname, '..');
const FIX = join(ROOT, 'test', 'fixtures', 'lint');
const fx = (...p: string[]) => join(FIX, ...p);
const run = promisify(execFile);

const of = (r: LintResult, ruleId: string) => r.findings.filter((f) => f.ruleId === ruleId);
const at = (fs: Finding[]) => fs.map((f) => `${relative(FIX, f.file)}:${f.line}`);

/** The rule fixtures are written as specgate's reconstructed specs are: every rule at its strictest. */
const RECONSTRUCTED = { config: { extends: ['reconstructed' as const] } };

/** Lint, and check that the rule fires as an error on exactly these lines (file:line, relative to the fixtures). */
async function fires(path: string, ruleId: string, where: string[]) {
  const r = await lint([fx(path)], RECONSTRUCTED);
  const hits = of(r, ruleId);
  expect(hits.every((f) => f.severity === 'error')).toBe(true);
  expect(at(hits)).toEqual(where);
  return { r, hits };
}

describe('lint rules: each fixture fires its rule', () => {
  it('the clean fixture (bindings, captures, contracts) has no findings', async () => {
    const r = await lint([fx('good')]);
    expect(r.findings).toEqual([]);
    expect(r.files.map((f) => relative(FIX, f))).toEqual(['good/specs/demo/openapi.yaml', 'good/specs/demo/specgate.yaml']);
  });

  it('yaml-syntax: malformed YAML is a finding with file and line, in a spec and in specgate.yaml', async () => {
    const { r, hits } = await fires('yaml-syntax', 'yaml-syntax', ['yaml-syntax/bad-bindings/specgate.yaml:7', 'yaml-syntax/openapi.yaml:9']);
    expect(hits[0].message).toMatch(/unique/);
    expect(hits[1].message).toMatch(/^invalid YAML/);
    // Nothing else runs on a document that does not parse.
    expect(r.findings.filter((f) => f.file.endsWith('yaml-syntax/openapi.yaml'))).toHaveLength(1);
  });

  it('yaml-syntax: a document the loader refuses (an alias bomb) is a finding too, not a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-lint-'));
    try {
      const aliases = Array.from({ length: 150 }, (_, i) => `    a${i}: *s`).join('\n');
      writeFileSync(join(dir, 'openapi.yaml'), `openapi: 3.1.0\ninfo: {title: t, version: v}\npaths: {}\ncomponents:\n  x-s: &s {type: string}\n  x-many:\n${aliases}\n`);
      const r = await lint([dir]);
      expect(r.findings.map((f) => [f.ruleId, f.severity])).toEqual([['yaml-syntax', 'error']]);
      expect(r.findings[0].message).toMatch(/alias/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('openapi-version: a version specgate does not read (3.2); 3.0 and Swagger 2.0 are read', async () => {
    await fires('openapi-version', 'openapi-version', ['openapi-version/openapi.yaml:1']);
  });

  it("struct: Redocly's structural rules, with line and column", async () => {
    const { hits } = await fires('struct', 'struct', ['struct/openapi.yaml:2', 'struct/openapi.yaml:8']);
    expect(hits[0].message).toMatch(/version/);
    expect(hits[1]).toMatchObject({ column: 7, message: expect.stringMatching(/summery/) });
  });

  it('struct: a broken $ref names the reference and its line', async () => {
    const { r, hits } = await fires('broken-ref', 'struct', ['broken-ref/openapi.yaml:22']);
    expect(hits[0].message).toContain("$ref '#/components/schemas/Missing' points to nothing");
    expect(r.findings).toHaveLength(1);
  });

  it('local-refs: a $ref to a file that is not there', async () => {
    const { r, hits } = await fires('local-refs', 'local-refs', ['local-refs/openapi.yaml:22']);
    expect(hits[0].message).toBe("$ref './nowhere.yaml#/Thing': no such file");
    expect(r.errors).toBe(1);
  });

  it('no-nullable', async () => {
    const { hits } = await fires('no-nullable', 'no-nullable', ['no-nullable/openapi.yaml:13']);
    expect(hits[0].message).toContain("type: [string, 'null']");
  });

  it('example-valid: every error of every example, each at its place in the example', async () => {
    const { r, hits } = await fires('example-valid', 'example-valid', [
      'example-valid/openapi.yaml:14', // parameter example
      'example-valid/openapi.yaml:24', // three errors in one named request example...
      'example-valid/openapi.yaml:25',
      'example-valid/openapi.yaml:26', // ...each on its own line
      'example-valid/openapi.yaml:43', // response media `example`
      'example-valid/openapi.yaml:48', // a components/examples $ref, at the component
      'example-valid/openapi.yaml:62', // a schema-level example
    ]);
    expect(hits.filter((h) => h.message.startsWith("example 'three_errors'"))).toHaveLength(3);
    expect(hits[3].message).toContain("'extra'");
    expect(hits[4].message).toContain("required property 'code'");
    expect(r.findings.filter((f) => f.ruleId !== 'example-valid')).toEqual([]);
  });

  it('example-valid: a Swagger 2.0 body parameter and response shared by two operations, each with a bad example: one finding each, named where it is written', async () => {
    const { hits } = await fires('example-valid-shared', 'example-valid', ['example-valid-shared/openapi.yaml:33', 'example-valid-shared/openapi.yaml:42']);
    expect(hits[0].message).toBe('example #1 of schema parameters.Thing.schema does not match its schema: at /n: must be integer, got string "x"');
    expect(hits[1].message).toMatch(/^example 'default' of (POST \/a|PUT \/b) response 200 application\/json does not match its schema: at \/n: must be integer, got string "y"$/);
  });

  it('error-response-example: no 4xx at all, and 4xx without an example', async () => {
    const { hits } = await fires('error-response-example', 'error-response-example', ['error-response-example/openapi.yaml:9', 'error-response-example/openapi.yaml:19']);
    expect(hits[0].message).toContain('(404)');
    expect(hits[1].message).toContain('no 4xx response');
  });

  it('response-description: a 400 described with the reason phrase of 422', async () => {
    const { hits } = await fires('response-description', 'response-description', ['response-description/openapi.yaml:12']);
    expect(hits[0].message).toContain('422');
  });

  it('x-source: constraints and examples without provenance', async () => {
    const { r } = await fires('x-source', 'x-source', ['x-source/openapi.yaml:14', 'x-source/openapi.yaml:23', 'x-source/openapi.yaml:27', 'x-source/openapi.yaml:35']);
    expect(r.findings.filter((f) => f.ruleId !== 'x-source')).toEqual([]);
  });

  it('x-source-quote: quotes not in the source page, a cited page that is not there; URLs are not checked', async () => {
    const { hits } = await fires('x-source-quote', 'x-source-quote', ['x-source-quote/openapi.yaml:13', 'x-source-quote/openapi.yaml:19', 'x-source-quote/openapi.yaml:26']);
    expect(hits[0].message).toContain('"The name is required and must be unique." does not appear verbatim in sources/close-account.md');
    expect(hits[1].message).toContain("x-source file 'sources/no-such-page.txt' is not there");
    expect(hits[2].message).toContain('different line breaks or spacing');
  });

  it('x-source-quote: a document whose sources/ folder is missing fails on every local quote (never a silent skip)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-lint-'));
    try {
      copyFileSync(fx('x-source-quote', 'openapi.yaml'), join(dir, 'openapi.yaml'));
      const r = await lint([dir], RECONSTRUCTED);
      const hits = of(r, 'x-source-quote');
      expect(hits.map((f) => [f.severity, f.line, f.pointer?.endsWith('/x-source/file')])).toEqual([
        ['error', 12, true],
        ['error', 19, true],
        ['error', 25, true],
      ]);
      expect(hits[0].message).toContain("x-source file 'sources/close-account.md' is not there");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bindings-valid: unknown state, operationId, status, example; duplicate names; steps', async () => {
    const { hits } = await fires('bindings-valid', 'bindings-valid', [3, 7, 10, 14, 17, 21, 23, 25].map((l) => `bindings-valid/demo/specgate.yaml:${l}`));
    expect(hits.map((h) => h.message).join('\n')).toMatch(/deleteEverything[\s\S]*an account that never existed[\s\S]*closeAcount[\s\S]*no 404[\s\S]*missing_closure_reason[\s\S]*a business account exists[\s\S]*'nope'[\s\S]*also used/);
  });

  it('captures-in-step: missing, edited and stale captures', async () => {
    const { hits } = await fires('captures-in-step', 'captures-in-step', [
      'captures-in-step/specs/demo/openapi.yaml:39',
      'captures-in-step/specs/demo/schemas/closeAccount.200.schema.json:6',
      'captures-in-step/specs/demo/schemas/closeAccount.418.schema.json:1',
    ]);
    expect(hits.map((h) => h.message).join('\n')).toMatch(/400.schema.json is missing[\s\S]*out of step[\s\S]*not generated/);
  });

  it('contracts-in-step: a scenario with no interaction; a missing contracts/ folder is fine', async () => {
    await fires('contracts-in-step', 'contracts-in-step', ['contracts-in-step/specs/demo/specgate.yaml:12']);
    const dir = mkdtempSync(join(tmpdir(), 'specgate-lint-'));
    try {
      const api = join(dir, 'specs', 'demo');
      for (const f of ['openapi.yaml', 'specgate.yaml', 'sources/close-account.md', 'schemas/closeAccount.200.schema.json', 'schemas/closeAccount.400.schema.json', 'schemas/closeAccount.request.schema.json']) {
        const to = join(api, f);
        mkdirSync(join(to, '..'), { recursive: true });
        copyFileSync(fx('good', 'specs', 'demo', f), to);
      }
      expect((await lint([dir])).findings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('verbatim-capture: a hand edit of a vendor capture, located at the first differing line', async () => {
    const { hits } = await fires('verbatim-capture', 'verbatim-capture', ['verbatim-capture/vendor/openapi.yaml:121']);
    expect(hits[0].message).toContain('Unprocessable entity');
  });
});

describe('severities', () => {
  it('every profile sets every rule, and only rules', () => {
    const ids = RULES.map((r) => r.id);
    for (const profile of Object.values(PROFILES)) expect(Object.keys(profile).sort()).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    // specgate's provenance rules are for its own reconstructions only.
    expect(['x-source', 'x-source-quote'].map((id) => [profileLevel('reconstructed', id), profileLevel('recommended', id), profileLevel('vendor-capture', id)])).toEqual([
      ['error', 'off', 'off'],
      ['error', 'off', 'off'],
    ]);
  });

  it('errors fail; warnings fail only past --max-warnings', () => {
    expect(lintExitCode({ errors: 1, warnings: 0 })).toBe(1);
    expect(lintExitCode({ errors: 0, warnings: 5 })).toBe(0);
    expect(lintExitCode({ errors: 0, warnings: 5 }, 5)).toBe(0);
    expect(lintExitCode({ errors: 0, warnings: 5 }, 4)).toBe(1);
  });

  it("a vendor capture's own defects are warnings by its profile; unmarked, they are warnings of 'recommended'; as a reconstruction they fail", async () => {
    const marked = await lint([join(ROOT, 'specs', 'qonto')]);
    expect(marked.errors).toBe(0);
    expect(marked.findings.map((f) => [f.ruleId, f.severity, f.line])).toEqual([
      ['response-description', 'warning', 121],
      ['example-valid', 'warning', 234],
    ]);
    // The same bytes outside the marker: someone else's document, linted by 'recommended' (the
    // same two defects, as warnings, and no provenance rule); held to the 'reconstructed' profile,
    // the same rules are errors, plus provenance, which a reconstructed spec needs.
    const dir = mkdtempSync(join(tmpdir(), 'specgate-lint-'));
    try {
      copyFileSync(join(ROOT, 'specs', 'qonto', 'openapi.yaml'), join(dir, 'qonto.yaml'));
      const plain = await lint([join(dir, 'qonto.yaml')]);
      expect(plain.errors).toBe(0);
      expect(plain.findings.map((f) => [f.ruleId, f.severity, f.line])).toEqual([
        ['response-description', 'warning', 121],
        ['example-valid', 'warning', 234],
      ]);
      const strict = await lint([join(dir, 'qonto.yaml')], RECONSTRUCTED);
      const byRule = (id: string) => strict.findings.filter((f) => f.ruleId === id).map((f) => [f.severity, f.line]);
      expect(byRule('response-description')).toEqual([['error', 121]]);
      expect(byRule('example-valid')).toEqual([['error', 234]]);
      expect(byRule('x-source').length).toBeGreaterThan(0);
      // Per-rule levels over the profile, as in Redocly's config.
      const tuned = await lint([join(dir, 'qonto.yaml')], { config: { extends: ['reconstructed'], rules: { 'x-source': 'off', 'example-valid': 'warning' } } });
      expect(tuned.findings.filter((f) => f.ruleId === 'x-source')).toEqual([]);
      expect(tuned.findings.filter((f) => f.ruleId === 'example-valid').map((f) => f.severity)).toEqual(['warning']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the real specs', () => {
  it('lint clean of errors; the only warnings are the Qonto capture’s own defects', async () => {
    const r = await lint([]);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.files.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['specs/mangopay/openapi.yaml', 'specs/qonto/openapi.yaml', 'specs/udara360/openapi.yaml']));
    expect(new Set(r.findings.map((f) => relative(ROOT, f.file)))).toEqual(new Set(['specs/qonto/openapi.yaml']));
  });

  it("captures-in-step agrees with build/tasks.ts's expectedCaptures()", async () => {
    const expected = await expectedCaptures();
    expect(expected.size).toBeGreaterThan(0);
    for (const [file, text] of expected) expect(readFileSync(file, 'utf8'), file).toBe(text);
  });

  it('the Qonto capture is the YAML block of its source page (and would be flagged otherwise)', async () => {
    const r = await lint([join(ROOT, 'specs', 'qonto', 'openapi.yaml')]);
    expect(of(r, 'verbatim-capture')).toEqual([]);
  });

  it('verbatim-capture: a capture whose source page is not beside it is an error, not a skip', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-lint-'));
    try {
      for (const f of ['openapi.yaml', 'specgate.yaml']) copyFileSync(join(ROOT, 'specs', 'qonto', f), join(dir, f));
      const hits = of(await lint([dir]), 'verbatim-capture');
      expect(hits.map((f) => [f.severity, f.message])).toEqual([['error', expect.stringContaining('source page sources/002_66099f3e234d7a58.txt is not there')]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('formats', () => {
  async function report(path: string): Promise<LintReport> {
    return {
      result: await lint([fx(path)], RECONSTRUCTED),
      rules: RULES.map((r) => ({ id: r.id, description: r.description, level: profileLevel('reconstructed', r.id) })),
      cwd: ROOT,
      tool: { name: 'specgate', version: '0.0.0-test' },
    };
  }

  it('sarif: a valid 2.1.0 log with rules, levels and repository-relative locations', async () => {
    const rep = await report('example-valid');
    const log = JSON.parse(FORMATTERS.sarif(rep));
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const run0 = log.runs[0];
    const ruleIds = run0.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toEqual(expect.arrayContaining(RULES.map((r) => r.id)));
    for (const r of run0.tool.driver.rules) expect(r.shortDescription.text.length).toBeGreaterThan(0);
    expect(run0.results).toHaveLength(rep.result.findings.length);
    for (const res of run0.results) {
      expect(ruleIds[res.ruleIndex]).toBe(res.ruleId);
      expect(['error', 'warning', 'note']).toContain(res.level);
      expect(res.message.text.length).toBeGreaterThan(0);
      const loc = res.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).toBe('test/fixtures/lint/example-valid/openapi.yaml');
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
    }
  });

  it('junit: valid XML, a suite per file, a failure per error, warnings not failing', async () => {
    const rep = await report('verbatim-capture');
    const xml = FORMATTERS.junit(rep);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(xml);
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s: Record<string, string>) => s['@_name'])).toEqual(['test/fixtures/lint/verbatim-capture/vendor/openapi.yaml', 'test/fixtures/lint/verbatim-capture/vendor/specgate.yaml']);
    expect(Number(doc.testsuites['@_failures'])).toBe(rep.result.errors);
    const cases = suites[0].testcase;
    expect(cases.filter((c: Record<string, unknown>) => c.failure)).toHaveLength(1);
    expect(cases.filter((c: Record<string, unknown>) => String(c['system-out'] ?? '').startsWith('warning:'))).toHaveLength(1);
    // A clean file still has a passing case, so CI shows it was linted.
    expect(suites[1].testcase).toHaveLength(1);
  });

  it('junit escapes what XML cannot hold', async () => {
    const rep = await report('good');
    rep.result = { ...rep.result, errors: 1, findings: [{ ruleId: 'x', severity: 'error', file: rep.result.files[0], line: 1, column: 1, message: 'a <b> & "c" \u0007 \']]>' }] };
    expect(XMLValidator.validate(FORMATTERS.junit(rep))).toBe(true);
  });

  it('github: one workflow command per finding, escaped', async () => {
    const rep = await report('example-valid');
    const lines = FORMATTERS.github(rep).trim().split('\n');
    const cmds = lines.filter((l) => l.startsWith('::'));
    expect(cmds).toHaveLength(rep.result.findings.length);
    for (const c of cmds) expect(c).toMatch(/^::error file=test\/fixtures\/lint\/example-valid\/openapi\.yaml,line=\d+,col=\d+,title=specgate lint%3A example-valid::\S/);
    rep.result.findings[0].message = 'two\nlines, 100%';
    expect(FORMATTERS.github(rep)).toContain('::two%0Alines, 100%25');
  });

  it('json and stylish', async () => {
    const rep = await report('response-description');
    const j = JSON.parse(FORMATTERS.json(rep));
    expect(j.summary).toEqual({ files: 1, errors: 1, warnings: 0 });
    expect(j.findings[0]).toMatchObject({ ruleId: 'response-description', severity: 'error', file: 'test/fixtures/lint/response-description/openapi.yaml', line: 12, column: 11 });
    const s = FORMATTERS.stylish(rep);
    expect(s).toMatch(/^test\/fixtures\/lint\/response-description\/openapi\.yaml\n {2}12:11 {2}error {4}response 400 .* {2}response-description\n/);
    expect(s).toContain('1 problem (1 error, 0 warnings)');
  });
});

/** `specgate lint ARGS` as a child process in a folder (the repository by default). */
const lintCli = async (cwd: string, ...args: string[]) => {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'bin', 'specgate.js'), 'lint', ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

describe('specgate lint (the CLI)', () => {
  // The rule fixtures are held to the profile of specgate's own reconstructed specs.
  const strictDir = mkdtempSync(join(tmpdir(), 'specgate-lint-config-'));
  const strict = join(strictDir, 'specgate.config.yaml');
  writeFileSync(strict, 'lint:\n  extends: [reconstructed]\n');
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'bin', 'specgate.js'), 'lint', ...args], { cwd: ROOT });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  it('all of specs/ by default: warnings only, exit 0; --max-warnings 0 makes them fail', async () => {
    const ok = await cli();
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('specs/qonto/openapi.yaml');
    const strict = await cli('--max-warnings', '0');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/more than --max-warnings 0/);
    expect((await cli('--max-warnings', '2')).code).toBe(0);
  });

  it('errors exit 1; a malformed file and a broken $ref are findings, never a stack trace', async () => {
    for (const [path, line] of [['test/fixtures/lint/yaml-syntax/openapi.yaml', 9], ['test/fixtures/lint/broken-ref', 22]] as const) {
      const r = await cli(path, '--format', 'json');
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).findings[0].line).toBe(line);
    }
  });

  it('PATH may be a specgate.yaml', async () => {
    const r = await cli('test/fixtures/lint/bindings-valid/demo/specgate.yaml', '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).files).toEqual(['test/fixtures/lint/bindings-valid/demo/openapi.yaml', 'test/fixtures/lint/bindings-valid/demo/specgate.yaml']);
  });

  it('usage and setup errors exit 2 with one line', async () => {
    for (const args of [['no/such/path'], ['--format', 'xml'], ['--max-warnings', 'many'], ['--nope']]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect((await cli('no/such/path')).stderr).toContain('no/such/path');
  });

  it('--output writes the report atomically; every format parses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-lint-'));
    try {
      for (const format of ['sarif', 'json', 'junit']) {
        const out = join(dir, 'nested', `report.${format}`);
        const r = await cli('test/fixtures/lint/example-valid', '--config', strict, '--format', format, '--output', out);
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        const text = readFileSync(out, 'utf8');
        if (format === 'junit') expect(XMLValidator.validate(text)).toBe(true);
        else expect(() => JSON.parse(text)).not.toThrow();
      }
      // Written by rename: no temporary file is left beside the report.
      expect(readdirSync(join(dir, 'nested')).sort()).toEqual(['report.json', 'report.junit', 'report.sarif']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('github format over the fixtures: one annotation per finding', async () => {
    const r = await cli('test/fixtures/lint/x-source', '--config', strict, '--format', 'github');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::error '))).toHaveLength(4);
  });
});

describe("lint in a consumer project: the project's own documents, by the 'recommended' profile", () => {
  /** Someone else's OpenAPI 3.0 document: constraints and examples without any x-source, a 3.0 `nullable`, one example its schema rejects. */
  const THEIRS = `openapi: 3.0.3
info: { title: Theirs, version: '1' }
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - { name: id, in: path, required: true, schema: { type: string, pattern: '^[a-z0-9]+$' } }
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Pet' }
              example: { id: p1, name: Rex, age: old }
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: { type: string, minLength: 1 }
        name: { type: string, maxLength: 40, nullable: true }
        age: { type: integer, minimum: 0 }
`;
  let project: string;
  const write = (rel: string, text: string) => {
    mkdirSync(join(project, rel, '..'), { recursive: true });
    writeFileSync(join(project, rel), text);
  };
  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'specgate-consumer-'));
    // What an installed specgate brings along must never be linted for the project (nor the
    // vendor pages it cites be asked for): a broken document there would fail the run.
    write('node_modules/specgate/specs/mangopay/openapi.yaml', 'openapi: 3.1.0\ninfo: [broken\n');
    write('package.json', '{"name": "consumer", "private": true}\n');
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('its specs/ folder: no provenance rule, the document\'s own defect a warning, exit 0', async () => {
    write('specs/pets/openapi.yaml', THEIRS);
    const r = await lintCli(project, '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { files: string[]; findings: Finding[] };
    expect(out.files).toEqual(['specs/pets/openapi.yaml']);
    // The example's wrong type is found in the 3.0 document (read as specgate loads it) at the
    // user's own line and pointer; x-source, captures and the 4xx house rule say nothing.
    expect(out.findings.map((f) => [f.ruleId, f.severity, f.line, f.pointer])).toEqual([['example-valid', 'warning', 15, '/paths/~1pets~1{id}/get/responses/200/content/application~1json/example/age']]);
  });

  it('its openapi.yaml when there is no specs/; a config file sets levels as Redocly does', async () => {
    write('openapi.yaml', THEIRS);
    expect(JSON.parse((await lintCli(project, '--format', 'json')).stdout).files).toEqual(['openapi.yaml']);
    write('specgate.config.yaml', 'lint:\n  extends: [recommended]\n  rules:\n    example-valid: error\n    x-source: { severity: warn }\n');
    const r = await lintCli(project, '--format', 'json');
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'example-valid').map((f) => f.severity)).toEqual(['error']);
    // x-source turned on (as a warning) for someone else's document: every constraint and example.
    expect(findings.filter((f) => f.ruleId === 'x-source').every((f) => f.severity === 'warning')).toBe(true);
    expect(findings.filter((f) => f.ruleId === 'x-source').length).toBeGreaterThanOrEqual(4);
  });

  it('a spec marked reconstructed in its specgate.yaml is held to the provenance rules', async () => {
    write('specs/pets/openapi.yaml', THEIRS);
    write('specs/pets/specgate.yaml', 'api: pets\nreconstructed: true\n');
    const r = await lintCli(project, '--format', 'json');
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
    expect(new Set(findings.filter((f) => f.severity === 'error').map((f) => f.ruleId))).toEqual(new Set(['example-valid', 'x-source', 'error-response-example', 'captures-in-step']));
  });

  it('nothing to lint, or a bad lint config: exit 2 with one line naming the place', async () => {
    const none = await lintCli(project);
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toMatch(/no specs\/ folder and no openapi\.yaml/);
    write('openapi.yaml', THEIRS);
    write('specgate.config.yaml', 'baseUrl: http://127.0.0.1:1\nlint:\n  rules:\n    x-sauce: error\n');
    const bad = await lintCli(project);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/specgate\.config\.yaml:4:5.*unknown rule 'x-sauce'/);
  });
});
