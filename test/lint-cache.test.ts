import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lint } from '../src/lint/run.js';

// Lint's disk cache (the compiled validators of a document's examples, the parse of a large
// file): a second lint of the same text gives the same findings at the same places.
const FIXTURE = resolve(import.meta.dirname, 'fixtures/lint/example-valid');
let dir: string;
let cacheDir: string;
const saved = process.env.SPECGATE_CACHE_DIR;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'specgate-lint-cache-'));
  cacheDir = join(dir, 'cache');
  process.env.SPECGATE_CACHE_DIR = cacheDir;
  cpSync(FIXTURE, join(dir, 'api'), { recursive: true });
  // Past the size from which a document is cached (256 KB), with the findings where they were.
  const file = join(dir, 'api', 'openapi.yaml');
  writeFileSync(file, `${readFileSync(file, 'utf8')}x-padding: '${'lorem ipsum '.repeat(24_000)}'\n`);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  process.env.SPECGATE_CACHE_DIR = saved;
});

const files = (kind: string) => {
  try {
    return readdirSync(join(cacheDir, kind)).filter((f) => !f.startsWith('.')).sort();
  } catch {
    return [];
  }
};
const findings = async () => (await lint([join(dir, 'api', 'openapi.yaml')])).findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`);

describe("lint's disk cache", () => {
  it('the examples of a document linted again are judged by the cached validators, with the same findings', async () => {
    const first = await findings();
    expect(first.filter((f) => f.startsWith('example-valid')).length).toBeGreaterThan(5);
    expect(files('validators').filter((f) => f.endsWith('.cjs'))).toHaveLength(1);
    expect(files('validators').filter((f) => f.endsWith('.v8'))).toHaveLength(0);
    const second = await findings();
    expect(second).toEqual(first);
    // Reading the entry is what writes V8's code cache beside it: the second lint used the cache.
    expect(files('validators').filter((f) => f.endsWith('.v8'))).toHaveLength(1);
  });

  it('an edited example is judged again: a fixed one no longer fires, from a new entry', async () => {
    const file = join(dir, 'api', 'openapi.yaml');
    const before = await findings();
    expect(before.some((f) => f.startsWith('example-valid 14:'))).toBe(true); // `example: abc` for an integer
    writeFileSync(file, readFileSync(file, 'utf8').replace('example: abc', 'example: 7'));
    const after = await findings();
    expect(after.some((f) => f.startsWith('example-valid 14:'))).toBe(false);
    expect(after.filter((f) => !f.startsWith('example-valid 14:'))).toEqual(before.filter((f) => !f.startsWith('example-valid 14:')));
    expect(files('validators').filter((f) => f.endsWith('.cjs'))).toHaveLength(2);
  });

  it('a small document leaves nothing in the cache', async () => {
    cpSync(FIXTURE, join(dir, 'api'), { recursive: true }); // the fixture as it is, unpadded
    expect((await findings()).some((f) => f.startsWith('example-valid 14:'))).toBe(true);
    expect(() => readdirSync(cacheDir)).toThrow(/ENOENT/);
  });

  it('a large file is parsed once: the next lint reads the cached parse, and its findings keep their lines', async () => {
    const first = await findings();
    expect(files('parsed')).toHaveLength(1);
    // A hit marks the entry as recently used: put it in the past to see the next lint read it.
    const entry = join(cacheDir, 'parsed', files('parsed')[0]);
    utimesSync(entry, new Date(2000, 0, 1), new Date(2000, 0, 1));
    const second = await findings();
    expect(statSync(entry).mtime.getFullYear()).toBeGreaterThan(2000);
    expect(second).toEqual(first);
    expect(second.some((f) => f.startsWith('example-valid 14:'))).toBe(true);
  });
});
