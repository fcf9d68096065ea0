// x-source-quote: every x-source quote appears verbatim in the source page it cites.
import { dirname } from 'node:path';
import type { Rule } from '../types.js';
import { readSourcePage, sourcePath } from '../sources.js';
import { isObj, ptr } from '../walk.js';

/** Values that are data: an `x-source` key inside them is not provenance. */
const DATA_KEYS = new Set(['value', 'example', 'default', 'const', 'enum']);

function* xSources(node: unknown, pointer: string): Generator<{ pointer: string; file: string; quote: string }> {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* xSources(node[i], ptr(pointer, i));
    return;
  }
  if (!isObj(node)) return;
  const s = node['x-source'];
  if (isObj(s) && typeof s.file === 'string' && typeof s.quote === 'string') yield { pointer: ptr(pointer, 'x-source', 'quote'), file: s.file, quote: s.quote };
  for (const [k, v] of Object.entries(node)) if (k !== 'x-source' && !DATA_KEYS.has(k)) yield* xSources(v, ptr(pointer, k));
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A quote that is not in its source is an invented rule with a citation on it; a missing source proves nothing. */
export const xSourceQuote: Rule = {
  id: 'x-source-quote',
  description: "Each `x-source` quote appears verbatim in its file, a path relative to the document (`sources/<page>` in specs/<api>/); a missing file is an error. Sources given as a URL are not checked.",
  needs: ['spec'],
  check(ctx) {
    const dir = dirname(ctx.target.specFile);
    const pages = new Map<string, string | undefined>();
    for (const s of xSources(ctx.spec!.data, '')) {
      const path = sourcePath(dir, s.file);
      if (path === undefined) continue; // a URL: nothing local to compare with
      if (!pages.has(path)) pages.set(path, readSourcePage(path));
      const text = pages.get(path);
      if (text === undefined) {
        ctx.report({ pointer: s.pointer.replace(/\/quote$/, '/file'), message: `x-source file '${s.file}' is not there: the pages a document cites belong beside it (a path relative to the document, e.g. sources/<page>)` });
      } else if (!text.includes(s.quote)) {
        const near = squash(text).includes(squash(s.quote)) ? ' (it appears only with different line breaks or spacing)' : '';
        const short = s.quote.length > 80 ? `${s.quote.slice(0, 77)}...` : s.quote;
        ctx.report({ pointer: s.pointer, message: `x-source quote "${short}" does not appear verbatim in ${s.file}${near}` });
      }
    }
  },
};
