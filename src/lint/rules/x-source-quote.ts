import type { Rule } from '../types.js';
import { readSeed } from '../seeds.js';
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

/** A quote that is not in its source is an invented rule with a citation on it. */
export const xSourceQuote: Rule = {
  id: 'x-source-quote',
  description: 'Each `x-source` quote appears verbatim in its file under ../shared/seeds/ (sources given as a URL are not checked).',
  needs: ['spec'],
  check(ctx) {
    const found = [...xSources(ctx.spec!.data, '')];
    if (!found.length) return;
    if (!ctx.seedsDir) {
      ctx.report({ line: 1, column: 1, severity: 'warning', message: `the seeds folder (../shared/seeds) is not there: ${found.length} x-source quotes not checked` });
      return;
    }
    for (const s of found) {
      if (/^https?:\/\//.test(s.file)) continue;
      const text = readSeed(ctx.seedsDir, s.file);
      if (text === undefined) {
        ctx.report({ pointer: s.pointer.replace(/\/quote$/, '/file'), message: `x-source file '${s.file}' is not a file of the seeds folder` });
      } else if (!text.includes(s.quote)) {
        const near = squash(text).includes(squash(s.quote)) ? ' (it appears only with different line breaks or spacing)' : '';
        const short = s.quote.length > 80 ? `${s.quote.slice(0, 77)}...` : s.quote;
        ctx.report({ pointer: s.pointer, message: `x-source quote "${short}" does not appear verbatim in ${s.file}${near}` });
      }
    }
  },
};
