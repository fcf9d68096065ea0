/** Rule local-refs: every `$ref` is one specgate reads: local, or a file beside the document (openapi/external.ts); never a URL or a file elsewhere. */
import { dirname, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Rule } from '../types.js';
import { isUrl, loaderRefusal, readableFolders } from '../../openapi/external.js';

export const localRefs: Rule = {
  id: 'local-refs',
  description:
    "Every `$ref` is one specgate's loader reads: local (`#/...`), or a YAML or JSON file inside the document's folder (OpenAPI 3.x and Swagger 2.0). Lint neither fetches a remote `$ref` nor reads a file elsewhere.",
  needs: ['spec'],
  check(ctx) {
    const file = resolve(ctx.spec!.file);
    const folders = readableFolders(file);
    for (const r of ctx.sites().refs) {
      if (r.ref.startsWith('#')) continue;
      const target = r.ref.replace(/#.*$/, '');
      const absolute = isUrl(target) ? target : resolve(dirname(file), target);
      const why = loaderRefusal(absolute, folders);
      if (why) ctx.report({ pointer: r.pointer, message: `$ref '${r.ref}' is ${why.replace(/^outside/, 'a file outside')}` });
      else if (!existsSync(absolute)) ctx.report({ pointer: r.pointer, message: `$ref '${r.ref}': no such file` });
    }
  },
};
