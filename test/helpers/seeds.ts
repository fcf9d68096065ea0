import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const SEEDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');

export const seedText = (name: string) => readFileSync(join(SEEDS, name), 'utf8');

export const seedFiles = () => readdirSync(SEEDS).filter((f) => /^\d{3}_.*\.txt$/.test(f));

/**
 * Every JSON object quoted in a seed page, found by scanning for balanced braces and keeping what
 * parses. Works for fenced blocks and for the unfenced bodies of the Mangopay pages alike.
 */
export function jsonBodies(text: string): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '{') continue;
    let depth = 0;
    let inString = false;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        try {
          const v = JSON.parse(text.slice(i, j + 1));
          if (v && typeof v === 'object' && Object.keys(v).length) {
            out.push(v);
            i = j;
          }
        } catch {
          /* not JSON (e.g. a PHP or C# block): keep scanning */
        }
        break;
      }
    }
  }
  return out;
}
