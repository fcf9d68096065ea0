/** Rule local-refs: every `$ref` is local; one that leaves the spec's folder or names a URL says it was not followed. */
import { dirname, resolve } from 'node:path';
import type { Rule } from '../types.js';
import { refusedRef } from '../redocly.js';

/** specgate loads one file per API; an outside `$ref` would make `check` refuse the document. */
export const localRefs: Rule = {
  id: 'local-refs',
  description: "Every `$ref` is local (`#/...`): specgate's loader reads one self-contained file per API. Lint neither fetches a remote `$ref` nor reads a file outside the spec's folder.",
  needs: ['spec'],
  check(ctx) {
    const folder = dirname(resolve(ctx.spec!.file));
    for (const r of ctx.sites().refs) {
      if (r.ref.startsWith('#')) continue;
      const target = r.ref.replace(/#.*$/, '');
      const why = /^[a-z][a-z0-9+.-]+:/i.test(target) ? refusedRef(target, folder) : refusedRef(resolve(folder, target), folder);
      ctx.report({ pointer: r.pointer, message: `$ref '${r.ref}' ${why ? `is ${why.replace(/^outside/, 'a file outside')}` : 'points outside the document'}; bundle it into this file` });
    }
  },
};
