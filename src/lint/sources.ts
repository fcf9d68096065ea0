// The vendor source pages a document cites: read by path relative to the document's folder.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/**
 * A cited source, resolved against the folder of the file that cites it (`sources/<page>` beside
 * the document in the specs/<api>/ layout). URLs and absolute paths are not local sources.
 */
export function sourcePath(fromDir: string, file: string): string | undefined {
  if (/^[a-z][\w+.-]*:/i.test(file) || isAbsolute(file)) return undefined;
  return resolve(fromDir, file);
}

/** Text of a source page, or undefined when there is no such file. */
export function readSourcePage(path: string): string | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
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
