/** Lint rule yaml-syntax: the file parses, or where it breaks. */
import type { Rule } from '../types.js';

/** A file that does not parse stops every other rule on it, so say exactly where it breaks. */
export const yamlSyntax: Rule = {
  id: 'yaml-syntax',
  description: 'The OpenAPI document and specgate.yaml can be read and parse as YAML/JSON (no duplicate keys).',
  needs: [],
  check(ctx) {
    for (const u of ctx.unreadable) ctx.report({ file: u.file, line: u.line ?? 1, column: u.column ?? 1, message: u.reason });
  },
};
