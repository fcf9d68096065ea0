import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../openapi/paths.js';

/** The vendor source pages live beside the checkout (`../shared/seeds`), not in the package. */
export function defaultSeedsDir(): string | undefined {
  const dir = resolve(packageRoot(), '..', 'shared', 'seeds');
  return existsSync(dir) ? dir : undefined;
}

const cache = new Map<string, string | undefined>();

/** Text of a seed file, or undefined when there is no such file (names are plain file names). */
export function readSeed(seedsDir: string, name: string): string | undefined {
  if (!/^[\w.-]+$/.test(name)) return undefined;
  const file = join(seedsDir, name);
  if (!cache.has(file)) cache.set(file, existsSync(file) ? readFileSync(file, 'utf8') : undefined);
  return cache.get(file);
}

/**
 * The first fenced block of a language in a page, exactly as written between its fences (each
 * line ending in a newline). Fences of three or more backticks, closed by a fence at least as long,
 * so a ```` fence can hold ``` inside it.
 */
export function fencedBlock(text: string, lang: string): { body: string; firstLine: number } | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\s*([\w-]+)/.exec(lines[i]);
    if (!open || open[2] !== lang) continue;
    const fence = open[1];
    for (let j = i + 1; j < lines.length; j++) {
      if (new RegExp(`^${fence}\`*\\s*$`).test(lines[j])) {
        return { body: lines.slice(i + 1, j).map((l) => l + '\n').join(''), firstLine: i + 2 };
      }
    }
    return undefined;
  }
  return undefined;
}
