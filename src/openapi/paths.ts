/** Where specgate's own folders are: the package root, specs/, contracts/, generated files. */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The specgate package root, whether running from src/ (tests) or the dist/ bundle. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'specgate') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('specgate: cannot find its package root');
    dir = up;
  }
}

export const specsDir = () => join(packageRoot(), 'specs');
export const contractsDir = () => join(packageRoot(), 'contracts');
export const generatedDir = () => join(packageRoot(), 'dist', 'generated');
export const parseCacheDir = () => join(packageRoot(), 'dist', 'generated', 'parsed');

/**
 * Where specgate keeps what it derives from documents outside its build (`--spec`, lint), so the
 * next run of the same document skips the work: SPECGATE_CACHE_DIR, else the user's cache folder
 * ($XDG_CACHE_HOME/specgate or ~/.cache/specgate); SPECGATE_CACHE=off keeps nothing.
 */
export function userCacheDir(): string | undefined {
  if (/^(off|0|false|no)$/i.test(process.env.SPECGATE_CACHE ?? '')) return undefined;
  if (process.env.SPECGATE_CACHE_DIR) return resolve(process.env.SPECGATE_CACHE_DIR);
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'specgate');
}
