import type { Rule } from '../types.js';

/** specgate loads one file per API; an outside `$ref` would make `check` refuse the document. */
export const localRefs: Rule = {
  id: 'local-refs',
  description: "Every `$ref` is local (`#/...`): specgate's loader reads one self-contained file per API.",
  needs: ['spec'],
  check(ctx) {
    for (const r of ctx.sites().refs) {
      if (!r.ref.startsWith('#')) ctx.report({ pointer: r.pointer, message: `$ref '${r.ref}' points outside the document; bundle it into this file` });
    }
  },
};
