/** specgate's on-disk cache (outside its build): where entries live, the salt of the code that wrote them, atomic writes and pruning. */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot, userCacheDir } from './paths.js';

const require = createRequire(import.meta.url);

/**
 * From this size on (bytes of a document's text) its derived work is worth a cache entry: a 3 MB
 * document takes seconds to parse and compile, a small one milliseconds, and a small document
 * never reads or writes the cache (lint of a project's own specs touches nothing outside it).
 */
export const CACHE_FROM = 256 * 1024;

/** Entries kept per kind: every edit of a document makes a new one, and the least recently used go. */
const KEEP = 32;

let salt: string | undefined;
/**
 * What else a cache entry depends on: specgate's version and Ajv's, and the build of the code
 * running now (names, sizes and times of the files beside this module; in dist/ the chunk names
 * are content hashes), so a changed specgate never uses what an older one derived.
 */
export function codeSalt(): string {
  if (salt) return salt;
  const h = createHash('sha256');
  for (const pkg of [join(packageRoot(), 'package.json'), require.resolve('ajv/package.json')]) {
    try {
      h.update(String((JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version)).update('\0');
    } catch {
      h.update('?\0');
    }
  }
  const here = dirname(fileURLToPath(import.meta.url));
  for (const f of readdirSync(here).sort()) {
    const st = statSync(join(here, f), { throwIfNoEntry: false });
    h.update(`${f}:${st?.size}:${st?.mtimeMs}\0`);
  }
  return (salt = h.digest('hex').slice(0, 16));
}

/** A cache key: the salt and the given parts, hashed. */
export function cacheKey(...parts: string[]): string {
  const h = createHash('sha256').update(codeSalt());
  for (const p of parts) h.update('\0').update(p);
  return h.digest('hex').slice(0, 32);
}

const entryFile = (kind: string, name: string): string | undefined => {
  const dir = userCacheDir();
  return dir && join(dir, kind, name);
};

/** An entry's text, or undefined (no cache, no entry); a hit is marked as recently used. */
export function readCacheEntry(kind: string, name: string): string | undefined {
  return readCacheBytes(kind, name)?.toString('utf8');
}

export function readCacheBytes(kind: string, name: string): Buffer | undefined {
  const file = entryFile(kind, name);
  if (!file || !existsSync(file)) return undefined;
  try {
    const text = readFileSync(file);
    const now = new Date();
    utimesSync(file, now, now);
    return text;
  } catch {
    return undefined;
  }
}

/** Store an entry; a cache that cannot be written is no error (the next run derives it again). */
export function writeCacheEntry(kind: string, name: string, text: string | Buffer): void {
  const file = entryFile(kind, name);
  if (!file) return;
  const dir = dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, file); // a concurrent reader sees the old entry or the whole new one
    const entries = readdirSync(dir)
      .filter((f) => !f.startsWith('.'))
      .map((f) => ({ f, t: statSync(join(dir, f), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.t - a.t);
    for (const { f } of entries.slice(KEEP)) rmSync(join(dir, f), { force: true });
  } catch {
    // read-only home, full disk: the cache is only a speed-up
  }
}
