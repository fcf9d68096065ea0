/** Compiled validators of documents outside the build (`--spec`), cached on disk as Ajv standalone code keyed by the document and specgate's own code. */
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
import { cacheKey, readCacheBytes, readCacheEntry, writeCacheEntry } from '../openapi/cache.js';
import { specgateFormats } from './formats.js';
import { specRegExp } from './regex.js';
import { CACHE_MODULES } from './ajv.js';
import type { ValidateFn } from './compile.js';

const require = createRequire(import.meta.url);

/** The cache key of a set of validators: the document's hash and the keys it holds. */
export const validatorsKey = (documentHash: string, keys: Iterable<string>) => cacheKey('validators', documentHash, ...keys);

/** The validators stored under a key, or undefined (no cache, no entry, or an entry that does not run). */
export function cachedValidators(key: string): Record<string, ValidateFn> | undefined {
  const code = readCacheEntry('validators', `${key}.cjs`);
  if (code === undefined) return undefined;
  try {
    const exports: Record<string, ValidateFn> = {};
    const modules: Record<string, unknown> = { [CACHE_MODULES.formats]: { specgateFormats }, [CACHE_MODULES.regex]: { specRegExp } };
    // Parsing megabytes of generated code costs more than running it: V8's code cache of the
    // script (written by the first run that reads the entry, ignored by V8 if it does not fit) skips that.
    const compiled = readCacheBytes('validators', `${key}.v8`);
    const script = new Script(`(function (exports, require) {${code}\n})`, { filename: `specgate-validators-${key}.cjs`, cachedData: compiled });
    // Standalone code needs Ajv's runtime helpers (ucs2length, equal, uri) and the two tables above.
    (script.runInThisContext() as (e: unknown, r: (m: string) => unknown) => void)(exports, (m: string) => modules[m] ?? require(m));
    if (!compiled || script.cachedDataRejected) writeCacheEntry('validators', `${key}.v8`, script.createCachedData());
    return exports;
  } catch {
    return undefined; // a damaged entry is compiled again (and rewritten)
  }
}

/** Store a set's standalone code (validators.standalone()) under its key. */
export const storeValidators = (key: string, code: string) => writeCacheEntry('validators', `${key}.cjs`, code);
