/** Lint rule captures-in-step: the committed JSON Schema captures match the spec. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Rule } from '../types.js';
import { captures, captureText } from '../../model/captures.js';
import { ptr } from '../walk.js';

const REGENERATE = 'run `npm run build:schemas`';

/** First line where two texts differ (1-based). */
function firstDifference(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return i + 1;
  return 1;
}

/**
 * The committed JSON Schema captures are an interface (other tools read them without specgate):
 * they must be exactly what the document generates today. Same generator as `expectedCaptures()`
 * in src/build/tasks.ts, run per API so that one broken spec does not hide the others' drift.
 */
export const capturesInStep: Rule = {
  id: 'captures-in-step',
  description: 'specs/<api>/schemas/*.schema.json are exactly the captures generated from the OpenAPI document (none missing, none stale, none edited).',
  needs: ['spec'],
  check(ctx) {
    const model = ctx.model();
    if (!model) return;
    const dir = ctx.target.schemasDir;
    const expected = new Map(captures(model).map((c) => [c.fileName, { key: c.key, text: captureText(c.schema) }]));
    const shown = relative(process.cwd(), dir) || dir;
    if (!existsSync(dir)) {
      if (ctx.target.capturesRequired && expected.size) ctx.report({ line: 1, column: 1, message: `no JSON Schema captures (${shown}/ is missing): ${REGENERATE}` });
      return;
    }
    const ops = new Map(ctx.sites().operations.map((o) => [(o.node.operationId as string | undefined) ?? '', o]));
    for (const [name, { key, text }] of expected) {
      const file = join(dir, name);
      if (!existsSync(file)) {
        // Point at what the capture would be generated from, so the annotation lands in a real file.
        const [opId, part] = [key.slice(0, key.lastIndexOf('.')), key.slice(key.lastIndexOf('.') + 1)];
        const op = ops.get(opId);
        const status = op && Object.keys((op.node.responses as object) ?? {}).find((s) => s.toUpperCase() === part);
        const pointer = !op ? undefined : part === 'request' ? ptr(op.pointer, 'requestBody') : status ? ptr(op.pointer, 'responses', status) : op.pointer;
        ctx.report({ pointer, line: pointer ? undefined : 1, column: pointer ? undefined : 1, message: `capture ${shown}/${name} is missing: ${REGENERATE}` });
        continue;
      }
      const actual = readFileSync(file, 'utf8');
      if (actual !== text) ctx.report({ file, line: firstDifference(actual, text), column: 1, message: `${name} is out of step with ${model.file.split('/').pop()}: ${REGENERATE}` });
    }
    for (const f of readdirSync(dir).sort()) {
      if (f.endsWith('.schema.json') && !expected.has(f)) ctx.report({ file: join(dir, f), line: 1, column: 1, message: `${f} is not generated from the document (stale, or a typo in its name): ${REGENERATE}` });
    }
  },
};
