// The vendor source pages in the repository (specs/<api>/sources/), and the JSON bodies they quote.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** specs/<api>/sources/: the pages that API's spec cites. */
export const sourcesDir = (api: string) => join(ROOT, 'specs', api, 'sources');

/** A source page's text; a missing page throws (ENOENT), so a test can never skip it silently. */
export const sourceText = (api: string, name: string) => readFileSync(join(sourcesDir(api), name), 'utf8');

export const sourceFiles = (api: string) => readdirSync(sourcesDir(api)).sort();

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
