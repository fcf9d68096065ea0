// What a user meets first on the command line (issue 14 item 6): help, terminal summaries, unwritable outputs, headings, JUnit names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { XMLParser } from 'fast-xml-parser';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const tmp = mkdtempSync(join(tmpdir(), 'specgate-cli-details-'));
const aFile = join(tmp, 'a-file');
writeFileSync(aFile, 'not a folder\n');
let har = '';
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  har = join(tmp, 'run.har');
  const r = await cli(['check', '--no-negative', '--har', har, '--reporter', 'json']);
  expect(r.code).toBe(0);
});

describe('help', () => {
  it('no command prints the usage and exits 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('specgate: no command given');
    expect(r.stderr).toContain('Usage: specgate <command>');
  });

  it('check --help lists --no-negative and the exit codes', async () => {
    const r = await cli(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--no-negative\s+documented scenarios only/);
    expect(r.stdout).toMatch(/Exit codes: 0 all is well[^]*1 nonconformance found[^]*2 usage or setup error/);
  });
});

describe('reports in files', () => {
  it('--reporter junit --output F writes F and leaves one summary line on the terminal', async () => {
    const out = join(tmp, 'report.xml');
    const r = await cli(['check', '--no-negative', '--reporter', 'junit', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^specgate check: \d+ passed, 0 failed, 0 errors, \d+ skipped \(\d+ scenarios in \d+ ms\); report written to .*report\.xml$/)]);
    expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml/);
  });

  const cases: [string, string[]][] = [
    ['check --output', ['check', '--no-negative', '--reporter', 'junit', '--output', join(aFile, 'r.xml')]],
    ['check --har', ['check', '--no-negative', '--har', join(aFile, 'sub', 'x.har')]],
    ['validate --output', ['validate', 'HAR', '--output', join(aFile, 'v.txt')]],
    ['lint --output', ['lint', '--output', join(aFile, 'l.txt')]],
    ['merge-reports --output', ['merge-reports', 'JSON', '--output', join(aFile, 'm.txt')]],
  ];
  it.each(cases)('%s under a file is exit 2 with one clear line, not an internal error', async (_, args) => {
    const json = join(tmp, 'shard.json');
    if (!existsSync(json)) writeFileSync(json, (await cli(['check', '--no-negative', '--reporter', 'json'])).stdout);
    const r = await cli(args.map((a) => (a === 'HAR' ? har : a === 'JSON' ? json : a)));
    expect(r.code).toBe(2);
    const first = r.stderr.split('\n')[0];
    expect(first).toMatch(/^specgate [a-z-]+: cannot write .*a-file.*(is a file, not a folder|a part of its folder is a file)/);
    expect(r.stderr).not.toMatch(/internal error|EEXIST|ENOTDIR/);
  });

  it('--output naming a folder is exit 2 before the run', async () => {
    const r = await cli(['check', '--output', tmp]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`specgate check: cannot write ${tmp}: it is a folder`);
  });
});

describe('validate', () => {
  it('says what it read: "specgate validate of <file.har>"', async () => {
    // (The exit code is validate's verdict on check's deliberate invalid requests: README explains it.)
    const r = await cli(['validate', har]);
    expect(r.stdout.split('\n')[0]).toBe(`specgate validate of ${har}`);
    expect(r.stdout).not.toContain('check against');
  });

  it('JUnit testcase names are unique per suite though HAR entries repeat an operation and status', async () => {
    const r = await cli(['validate', har, '--reporter', 'junit']);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout);
    for (const suite of [xml.testsuites.testsuite].flat()) {
      const names = [suite.testcase].flat().map((t: { name: string }) => t.name);
      expect(new Set(names).size, suite.name).toBe(names.length);
    }
  });
});

describe('JUnit: an example under two media types', () => {
  let server: TestServer;
  const spec = join(tmp, 'media.yaml');
  beforeAll(async () => {
    const example = { value: { id: 'x1' } };
    const schema = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } };
    writeFileSync(
      spec,
      stringify({
        openapi: '3.1.0',
        info: { title: 'two media types', version: '1' },
        paths: { '/things/x1': { get: { operationId: 'getThing', responses: { '200': { description: 'the thing', content: { 'application/json': { schema, examples: { one: example } }, 'application/vnd.thing+json': { schema, examples: { one: example } } } } } } } },
      }),
    );
    server = await startServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x1"}'));
  });
  afterAll(() => server.close());

  it('gives two testcases with distinct names and ids, both run', async () => {
    const r = await cli(['check', '--spec', spec, '--base-url', server.url, '--reporter', 'junit']);
    expect(r.code).toBe(0);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout);
    const cases = [xml.testsuites.testsuite].flat().flatMap((s: { testcase: unknown }) => [s.testcase].flat()) as { name: string; 'system-out': string }[];
    expect(cases.map((c) => c.name).sort()).toEqual(['getThing 200 one (application/json)', 'getThing 200 one (application/vnd.thing+json)']);
    expect(new Set(cases.map((c) => c['system-out'])).size).toBe(2);
    expect(server.requests).toHaveLength(2);
  });
});

describe('a reader that stops early', () => {
  it('check --reporter json | head: the closed pipe is no error; the exit code is the verdict and the HAR is still written', async () => {
    const { spawn } = await import('node:child_process');
    const out = join(tmp, 'piped.json');
    const child = spawn(process.execPath, ['bin/specgate.js', 'check', '--reporter', 'json', '--har', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Like `head -1`: read the first chunk, then close our end of the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|internal error|Unhandled/);
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).log.entries.length).toBeGreaterThan(0);
  });
});
