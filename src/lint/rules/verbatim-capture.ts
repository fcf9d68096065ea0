// verbatim-capture: a vendor's own document, captured verbatim, is byte for byte the YAML block of its source page.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Rule } from '../types.js';
import { fencedBlock, readSourcePage, sourcePath } from '../sources.js';

const show = (line: string | undefined) => (line === undefined ? '(end of file)' : JSON.stringify(line.length > 60 ? `${line.slice(0, 57)}...` : line));

/**
 * A vendor capture is replaced, never edited, when the vendor updates: so it must be exactly the
 * page's YAML block. A drift means someone "fixed" the vendor's document by hand.
 */
export const verbatimCapture: Rule = {
  id: 'verbatim-capture',
  description: "A vendor capture (marked `verbatim: { seed: sources/<page> }` in specgate.yaml) is byte for byte the YAML block of its source page.",
  needs: [],
  check(ctx) {
    const v = ctx.target.verbatim;
    if (!v) return;
    // `seed` is relative to the file that declares it (specgate.yaml, beside the document).
    const path = sourcePath(dirname(ctx.target.bindingsFile ?? ctx.target.specFile), v.seed);
    const page = path === undefined ? undefined : readSourcePage(path);
    const block = page === undefined ? undefined : fencedBlock(page, 'yaml');
    if (!block) {
      ctx.report({ line: 1, column: 1, message: page === undefined ? `source page ${v.seed} is not there: the page a capture comes from belongs beside it (e.g. sources/<page>)` : `source page ${v.seed} has no \`\`\`yaml block to compare with` });
      return;
    }
    let text: string;
    try {
      text = readFileSync(ctx.target.specFile, 'utf8');
    } catch {
      return; // yaml-syntax reports an unreadable file
    }
    if (text === block.body) return;
    const a = text.split('\n');
    const b = block.body.split('\n');
    let i = 0;
    while (i < Math.max(a.length, b.length) && a[i] === b[i]) i++;
    ctx.report({
      line: Math.min(i + 1, a.length),
      column: 1,
      message: `not byte for byte the YAML block of ${v.seed}: line ${i + 1} is ${show(a[i])}, the page (line ${block.firstLine + i}) has ${show(b[i])}; replace the file with the block, and put additions in specgate.yaml`,
    });
  },
};
