// The documents keep their word: every flag README.md and docs/DESIGN.md give a command is one that command takes, and the README's config examples load.
import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/cli/config.js';
import { loadLintSettings } from '../src/lint/settings.js';
import { main } from '../src/cli/main.js';
import { ROOT } from './helpers/cli.js';

const COMMANDS = ['check', 'verify', 'contracts', 'publish', 'lint', 'serve', 'validate', 'merge-reports'];
const COMMAND = new RegExp(`^(?:npx )?(?:specgate )?(${COMMANDS.join('|')})(?=\\s|$)`);
const flagsIn = (s: string) => [...s.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => `--${m[1]}`);

interface DocFlag {
  command: string;
  flag: string;
  where: string;
}

/**
 * The flags a document gives each command: in a code block, a `specgate CMD ...` line (with its
 * `\` continuations); in prose and tables, a code span starting with a command (`specgate check
 * --har FILE`, `check --shard`) and the flag-only spans after `specgate CMD` or a table row's
 * command (`--strict`, `--coverage`). Quoted values and `$(...)` are not flags.
 */
function docFlags(file: string): DocFlag[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const out: DocFlag[] = [];
  let inCode = false;
  lines.forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (line.startsWith('```')) return void (inCode = !inCode);
    if (inCode) {
      const m = /^(?:npx )?specgate ([a-z-]+)(.*)$/.exec(line.trim());
      if (!m || !COMMANDS.includes(m[1])) return;
      let rest = m[2];
      for (let j = i; lines[j].trimEnd().endsWith('\\'); j++) rest += lines[j + 1];
      for (const flag of flagsIn(rest.replace(/\$\(.*?\)|"[^"]*"/g, ''))) out.push({ command: m[1], flag, where });
      return;
    }
    let current: string[] = [];
    for (const [, span] of line.matchAll(/`([^`]+)`/g)) {
      const named = COMMAND.exec(span)?.[1];
      if (named) {
        for (const flag of flagsIn(span)) out.push({ command: named, flag, where });
        // Flag spans after it are its own in a table row (which may name several commands before their shared
        // flags) or after `specgate CMD`; in prose a bare `verify` is only mentioned ("passes `verify`, fails with `--strict`").
        if (line.startsWith('|')) current = [...new Set([...current, named])];
        else current = /^(?:npx )?specgate /.test(span) ? [named] : [];
      } else if (span.startsWith('--')) for (const command of current) for (const flag of flagsIn(span)) out.push({ command, flag, where });
    }
  });
  return out;
}

const documented = [...docFlags('README.md'), ...docFlags('docs/DESIGN.md')];

describe('README.md and docs/DESIGN.md against the CLI', () => {
  it('the documents name flags of every command (so the check below reads them)', () => {
    // DESIGN's CLI table alone gives each of its seven commands at least one flag.
    const byCommand = new Set(documented.map((d) => d.command));
    for (const c of COMMANDS.filter((c) => c !== 'contracts')) expect(byCommand, c).toContain(c);
    expect(documented).toContainEqual(expect.objectContaining({ command: 'check', flag: '--allow-destructive' }));
    expect(documented).toContainEqual(expect.objectContaining({ command: 'contracts', flag: '--out' }));
  });

  it.each(COMMANDS)('every flag the documents give `specgate %s` is in its --help and accepted by its parser', async (command) => {
    const flags = [...new Set(documented.filter((d) => d.command === command).map((d) => d.flag))];
    const help = await inProcess([command, '--help']);
    expect(help.code, help.err).toBe(0);
    const listed = new Set(flagsIn(help.out));
    for (const flag of flags) expect(listed.has(flag), `${flag} (${documented.find((d) => d.command === command && d.flag === flag)!.where}) is not in specgate ${command} --help`).toBe(true);
    // An unknown flag is a usage error naming it; a documented one, with a value or without (a switch), never is.
    const bogus = await inProcess([command, '--no-such-flag-xyz', '--help']);
    expect(bogus).toMatchObject({ code: 2, err: expect.stringContaining("unknown option '--no-such-flag-xyz'") });
    for (const flag of flags) {
      let r = await inProcess([command, `${flag}=x`, '--help']);
      if (/does not take an argument/.test(r.err)) r = await inProcess([command, flag, '--help']);
      expect(`${flag}: ${r.code} ${r.err}`).toBe(`${flag}: 0 `);
    }
  });
});

/** The CLI's dispatcher in this process (a spawn per flag would cost seconds each): exit code and what it printed. */
async function inProcess(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    return { code: await main(argv), out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** A fenced block of the README: the first one after the heading that starts with `heading`. */
function readmeBlock(heading: string, lang: string): string {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = text.indexOf(`\n${heading}`);
  expect(at, heading).toBeGreaterThan(0);
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```').exec(text.slice(at));
  return m![1];
}

describe("the README's config examples are files specgate reads", () => {
  it('specgate.config.yaml: every key of the example is a key of the file, with its value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-docs-'));
    const file = join(dir, 'specgate.config.yaml');
    writeFileSync(file, readmeBlock('### Config file', 'yaml'));
    const config = loadConfig({ file }, { SPECGATE_TOKEN: 'docs-token' });
    expect(config.options).toMatchObject({
      baseUrl: 'https://sandbox.example.test',
      stateUrl: 'https://sandbox.example.test/_specgate/state',
      headers: { Authorization: 'Bearer docs-token' },
      apis: ['mangopay', 'qonto'],
      specs: [join(dir, 'openapi/extra.yaml')],
      concurrency: 8,
      timeoutMs: 10000,
      negative: true,
      checks: ['status_code_conformance', 'response_schema_conformance'],
    });
    expect(config.strict).toBe(false);
    expect(config.reporters).toEqual([{ name: 'console' }, { name: 'junit', output: join(dir, 'reports/specgate.xml') }, { name: 'html', output: join(dir, 'reports/specgate.html') }]);
    // Whatever came from the environment into a header is a secret to mask.
    expect(config.secrets).toContain('docs-token');
  });

  it('the lint key: its extends and rules are the levels lint uses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-docs-'));
    const file = join(dir, 'specgate.config.yaml');
    writeFileSync(file, readmeBlock('## Lint', 'yaml'));
    const settings = loadLintSettings({ file });
    expect(settings.config).toEqual({ extends: ['recommended'], rules: { 'example-valid': 'error', 'no-nullable': 'off' } });
  });
});

describe("CONTRIBUTING.md's tree of src/", () => {
  it('lists every folder of src/, and no folder that is not there', () => {
    const text = readFileSync(join(ROOT, 'CONTRIBUTING.md'), 'utf8');
    const tree = /```\nsrc\/[^\n]*\n([\s\S]*?)```/.exec(text)![1];
    // Depth from the indent of the branch: `├── util/` is src/util, `│   ├── rules/` under the folder above it.
    const listed: string[] = [];
    let parent = '';
    for (const line of tree.split('\n')) {
      const m = /^((?:│ {3}| {4})*)[├└]── ([\w-]+)\//.exec(line);
      if (!m) continue;
      if (m[1].length === 0) listed.push((parent = m[2]));
      else listed.push(`${parent}/${m[2]}`);
    }
    const folders = (dir: string, prefix = ''): string[] =>
      readdirSync(join(ROOT, 'src', dir), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) => [`${prefix}${d.name}`, ...folders(join(dir, d.name), `${prefix}${d.name}/`)]);
    expect(listed.sort()).toEqual(folders('').sort());
  });
});

describe('files the documents name', () => {
  it.each(['README.md', 'CONTRIBUTING.md', 'docs/DESIGN.md', 'bench/README.md'])('every repository path %s names in a code span exists', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    const paths = [...text.matchAll(/`((?:src|test|bench|scripts|specs|contracts|docs|\.github|\.ci)\/[\w./-]*)`/g)].map((m) => m[1]).filter((p) => !p.endsWith('/'));
    expect(paths.length, doc).toBeGreaterThan(0);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });
});
