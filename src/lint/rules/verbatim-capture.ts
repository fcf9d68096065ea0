import { readFileSync } from 'node:fs';
import type { Rule } from '../types.js';
import { fencedBlock, readSeed } from '../seeds.js';

const show = (line: string | undefined) => (line === undefined ? '(end of file)' : JSON.stringify(line.length > 60 ? `${line.slice(0, 57)}...` : line));

/**
 * A vendor capture is replaced, never edited, when the vendor updates: so it must be exactly the
 * page's YAML block. A drift means someone "fixed" the vendor's document by hand.
 */
export const verbatimCapture: Rule = {
  id: 'verbatim-capture',
  description: "A vendor capture (marked `verbatim: {seed}` in its specgate.yaml) is byte for byte the YAML block of its seed page.",
  needs: [],
  check(ctx) {
    const v = ctx.target.verbatim;
    if (!v) return;
    if (!ctx.seedsDir) {
      ctx.report({ line: 1, column: 1, severity: 'warning', message: `the seeds folder (../shared/seeds) is not there: the capture is not compared with ${v.seed}` });
      return;
    }
    const page = readSeed(ctx.seedsDir, v.seed);
    const block = page === undefined ? undefined : fencedBlock(page, 'yaml');
    if (!block) {
      ctx.report({ line: 1, column: 1, message: page === undefined ? `seed page ${v.seed} is not in the seeds folder` : `seed page ${v.seed} has no \`\`\`yaml block to compare with` });
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
