// Issue 14, "Done when": a clone of the repository in a temp folder, with no sibling folder of vendor pages
// and design notes beside it (the brief's `shared` folder), builds, checks and lints, and reads no file outside itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { ROOT } from './helpers/cli.js';

const TRACER = join(ROOT, 'test', 'helpers', 'file-reads.mjs');
const base = realpathSync(mkdtempSync(join(tmpdir(), 'specgate-clone-')));
const clone = join(base, 'specgate');
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Node's own and the system's files, and the dependencies (node_modules is linked from the checkout: npm ci would install the same). */
const ALLOWED = [clone + '/', join(ROOT, 'node_modules') + '/', '/usr/', '/etc/', '/proc/', '/dev/', '/sys/'];
/** The check's own temp file, which it creates and removes (passed results' detail until the report is written: run/keep.ts). */
ALLOWED.push(join(tmpdir(), 'specgate-results-'), join(realpathSync(tmpdir()), 'specgate-results-'));

function traced(args: string[], log: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', TRACER, ...args], { cwd: clone, env: { ...process.env, SPECGATE_TEST_READ_LOG: log } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
beforeAll(() => {
  // The committed tree (and what is staged or changed here, so a change is tested before it is committed).
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone]);
  const changed = execFileSync('git', ['ls-files', '-m', '-o', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const f of changed) if (existsSync(join(ROOT, f))) execFileSync('cp', ['--parents', f, clone], { cwd: ROOT });
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
  expect(existsSync(join(base, '..', 'shared'))).toBe(false);
}, 60_000);

describe('a fresh clone with no shared sibling folder', () => {
  it('builds, runs the README command and lints its own specs, reading nothing outside the repository', async () => {
    const log = join(base, 'reads.log');
    const build = await traced(['scripts/build.mjs'], log);
    expect(build.code, build.stderr).toBe(0);
    const check = await traced(['bin/specgate.js', 'check'], log);
    expect(check.code, check.stderr).toBe(0);
    const lint = await traced(['bin/specgate.js', 'lint'], log);
    expect(lint.code, lint.stderr).toBe(0);
    const reads = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    // The tracer sees the reads: the specs and the vendor pages they cite come from the clone.
    expect(reads.some((p) => p.startsWith(join(clone, 'specs')) && p.includes('/sources/'))).toBe(true);
    expect(reads.filter((p) => !ALLOWED.some((a) => p.startsWith(a)) && p !== clone)).toEqual([]);
    expect(reads.filter((p) => /\/shared(\/|$)/.test(p))).toEqual([]);
  }, 120_000);

  it('no tracked file names the shared sibling folder (the tests, the specs and the code read the repository only)', () => {
    const grep = spawnSync('git', ['grep', '-l', '-E', String.raw`\.\./shared|shared/(seeds|DESIGN)`, '--', '.', ':!test/fresh-clone.test.ts'], { cwd: clone, encoding: 'utf8' });
    expect(grep.status, grep.stderr).toBe(1); // git grep: 1 is "no match"
    expect(grep.stdout).toBe('');
  });
});
