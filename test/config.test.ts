// The check config file: specgate.config.yaml or package.json's "specgate" key, flags over it, clear errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { startReferenceProvider, type ReferenceProvider } from '../src/provider/index.js';
import { cli, ROOT } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';
import { resolveCheck } from '../src/cli/config.js';

const TOKEN = 'cfg-sekret-7f3a9c';
let provider: ReferenceProvider;
beforeAll(async () => {
  provider = await startReferenceProvider({ faults: ['qonto.close.balance-as-number'] });
});
afterAll(() => provider.close());

/** A fresh project folder holding the given files. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'specgate-config-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

const ciConfig = (url = provider?.url ?? 'http://127.0.0.1:9', stateUrl = provider?.stateUrl ?? 'http://127.0.0.1:9/state') => `# what CI passed as flags
baseUrl: ${url}
stateUrl: ${stateUrl}
headers:
  Authorization: Bearer \${SPECGATE_TEST_TOKEN}
apis: [qonto, udara360]
concurrency: 2
timeoutMs: 5000
reporters:
  - console
  - { name: junit, output: reports/specgate.xml }
  - name: json
    output: reports/specgate.json
`;

describe('specgate.config.yaml', () => {
  it('holds what CI passes as flags: target, state URL, a header from the environment, APIs, several reporters', async () => {
    const dir = project({ 'specgate.config.yaml': ciConfig() });
    const r = await cli(['check'], { cwd: dir, env: { SPECGATE_TEST_TOKEN: TOKEN } });
    expect(r.code).toBe(1);
    // console to the terminal, junit and json to their files (relative to the config file's folder).
    expect(r.stdout).toContain(`specgate check against ${provider.url}`);
    expect(r.stdout).toContain('FAILED qonto › closeBusinessAccount › close a business account');
    expect(r.stderr).toContain('reports written to reports/specgate.xml, reports/specgate.json');
    const json = JSON.parse(readFileSync(join(dir, 'reports/specgate.json'), 'utf8')) as { results: { api: string; steps: { curl?: string }[] }[] };
    expect([...new Set(json.results.map((x) => x.api))].sort()).toEqual(['qonto', 'udara360']);
    // The header from the environment was sent (the curl line shows it, masked) and is masked everywhere.
    expect(json.results.flatMap((x) => x.steps).find((s) => s.curl?.includes('authorization'))?.curl).toContain("'authorization: Bearer ***'");
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(join(dir, 'reports/specgate.xml'), 'utf8'));
    expect(Number(xml.testsuites.tests)).toBe(json.results.length);
    for (const text of [r.stdout, r.stderr, readFileSync(join(dir, 'reports/specgate.xml'), 'utf8'), readFileSync(join(dir, 'reports/specgate.json'), 'utf8')]) expect(text).not.toContain(TOKEN);
  });

  it('flags override it: --api replaces the list, --reporter replaces the reporters, --header adds a header', async () => {
    const dir = project({ 'specgate.config.yaml': ciConfig() });
    const r = await cli(['check', '--api', 'udara360', '--reporter', 'json', '--header', 'X-Extra: flag-value'], { cwd: dir, env: { SPECGATE_TEST_TOKEN: TOKEN } });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { results: { api: string; steps: { curl?: string }[] }[] };
    expect(new Set(json.results.map((x) => x.api))).toEqual(new Set(['udara360']));
    const curl = json.results.flatMap((x) => x.steps).find((s) => s.curl)!.curl!;
    expect(curl).toContain("'authorization: Bearer ***'");
    expect(curl).toContain("'x-extra: ***'");
    expect(existsSync(join(dir, 'reports'))).toBe(false);
  });

  it('--config FILE picks another file; a missing one is exit 2', async () => {
    const dir = project({ 'ci/other.yaml': `apis: [udara360]\nreporters: [json]\n` });
    const r = await cli(['check', '--config', 'ci/other.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(new Set((JSON.parse(r.stdout) as { results: { api: string }[] }).results.map((x) => x.api))).toEqual(new Set(['udara360']));
    const missing = await cli(['check', '--config', 'nope.yaml'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^specgate check: --config nope.yaml: no such file/);
  });

  it('resolves into the CheckOptions runCheck takes: flags over the file, headers merged by name, strict from either', () => {
    const dir = project({ 'specgate.config.yaml': `baseUrl: http://127.0.0.1:9\nheaders: { Authorization: 'Bearer \${T}', X-A: a }\nvars: { ClientId: c1 }\nstrict: true\nconcurrency: 3\nspecs: [s.yaml]\n` });
    const added: string[] = [];
    const r = resolveCheck({ headers: { 'X-A': 'flag' }, concurrency: 5, apis: undefined }, {}, { add: (s) => added.push(s) }, dir, { T: 'tok-from-env' });
    expect(r.options).toEqual({ baseUrl: 'http://127.0.0.1:9', headers: { Authorization: 'Bearer tok-from-env', 'X-A': 'flag' }, vars: { ClientId: 'c1' }, concurrency: 5, specs: [join(dir, 's.yaml')] });
    expect(r.strict).toBe(true);
    expect(r.reporters).toEqual([{ name: 'console' }]);
    // What came from the environment into a header is a secret, on its own too.
    expect(added).toEqual(['tok-from-env']);
    expect(resolveCheck({}, { reporter: 'junit', output: 'x.xml', strict: true }, { add: () => undefined }, project({})).reporters).toEqual([{ name: 'junit', output: 'x.xml' }]);
  });

  it('specs are found relative to the config file, wherever specgate runs', async () => {
    const server: TestServer = await startServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url.startsWith('/state') ? '{}' : JSON.stringify({ id: 'ok', name: 'A thing' }));
    });
    try {
      const dir = project({});
      cpSync(join(ROOT, 'test/fixtures/specs/things-stateful'), join(dir, 'sub/things'), { recursive: true });
      writeFileSync(join(dir, 'sub/specgate.config.yaml'), `baseUrl: ${server.url}\nstateUrl: ${server.url}/state\nspecs: [things/openapi.yaml]\nnegative: false\n`);
      const r = await cli(['check', '--config', 'sub/specgate.config.yaml', '--reporter', 'json'], { cwd: dir });
      const json = JSON.parse(r.stdout) as { results: { operationId: string }[] };
      expect(json.results.some((x) => x.operationId === 'getThing')).toBe(true);
      expect(server.requests.some((q) => q.url.startsWith('/things/'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('package.json "specgate" key works like the file', async () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'consumer', private: true, specgate: { apis: ['udara360'], reporters: ['json'] } }, null, 2) });
    const r = await cli(['check'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(new Set((JSON.parse(r.stdout) as { results: { api: string }[] }).results.map((x) => x.api))).toEqual(new Set(['udara360']));
  });

  it('--help names the config file', async () => {
    const r = await cli(['check', '--help']);
    expect(r.stdout).toContain('--config FILE');
    expect(r.stdout).toContain('specgate.config.yaml');
  });
});

describe('a bad config is a clear error naming file and line (exit 2, nothing run)', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['a missing environment variable', { 'specgate.config.yaml': ciConfig() }, /^specgate check: .*specgate\.config\.yaml:5:\d+: environment variable SPECGATE_TEST_TOKEN is not set \(referenced as \$\{SPECGATE_TEST_TOKEN\}\)/],
    ['an unknown key (with the right spelling)', { 'specgate.config.yaml': 'apis: [qonto]\nbase-url: http://127.0.0.1:1\n' }, /^specgate check: .*specgate\.config\.yaml:2:1: unknown key 'base-url' \(did you mean 'baseUrl'\?\)/],
    ['an unknown key', { 'specgate.config.yaml': 'apis: [qonto]\ncolour: blue\n' }, /specgate\.config\.yaml:2:1: unknown key 'colour' \(known keys: baseUrl, stateUrl/],
    ['an unknown key in a reporter', { 'specgate.config.yaml': 'reporters:\n  - name: junit\n    file: x.xml\n' }, /specgate\.config\.yaml:3:5: unknown key 'file' \(known keys: name, output\)/],
    ['a wrong type', { 'specgate.config.yaml': 'apis: [qonto]\nconcurrency: many\n' }, /specgate\.config\.yaml:2:1: concurrency must be integer/],
    ['an unknown reporter', { 'specgate.config.yaml': 'reporters: [console, pdf]\n' }, /specgate\.config\.yaml:1:22: reporters\.1 must be one of console, json, junit, github, html/],
    ['two reporters on the terminal', { 'specgate.config.yaml': 'reporters: [console, json]\n' }, /specgate\.config\.yaml:1:22: only one reporter can write to the terminal/],
    ['a bad URL', { 'specgate.config.yaml': 'baseUrl: not a url\n' }, /specgate\.config\.yaml:1:1: baseUrl 'not a url' is not a URL/],
    ['a safety override', { 'specgate.config.yaml': 'allowDestructive: true\n' }, /specgate\.config\.yaml:1:1: 'allowDestructive' cannot be set in a config file: pass --allow-destructive/],
    ['invalid YAML', { 'specgate.config.yaml': 'apis: [qonto\n' }, /specgate\.config\.yaml:\d+:\d+: invalid YAML/],
    ['a package.json key, located in package.json', { 'package.json': '{\n  "name": "x",\n  "specgate": {\n    "apis": ["qonto"],\n    "timeout": 5\n  }\n}\n' }, /package\.json:5:5: unknown key 'timeout'/],
    ['two config files', { 'specgate.config.yaml': 'apis: [qonto]\n', 'package.json': '{"specgate": {}}' }, /more than one specgate config: .*specgate\.config\.yaml, .*package\.json \(key "specgate"\)/],
  ];
  // In process (the message is the CLI's, after its 'specgate check: ' prefix); one case through the CLI below.
  it.each(cases)('%s', (_, files, message) => {
    const dir = project(files);
    const source = message.source.replace(/^\^specgate check: /, '');
    expect(() => resolveCheck({}, {}, { add: () => undefined }, dir, {})).toThrow(new RegExp(source));
  });

  it('through the CLI: exit 2, the reason first on stderr, nothing run', async () => {
    const dir = project({ 'specgate.config.yaml': ciConfig() });
    const r = await cli(['check'], { cwd: dir, dropEnv: /^SPECGATE_TEST_TOKEN$/ });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(cases[0][2]);
    expect(r.stdout).toBe('');
  });
});
