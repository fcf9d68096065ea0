/** Lint rule response-description: a response description that names another status. */
import { STATUS_CODES } from 'node:http';
import type { Rule } from '../types.js';
import { ptr } from '../walk.js';

const norm = (s: string) => s.trim().replace(/[.!]+$/, '').replace(/\s+/g, ' ').toLowerCase();
/** Reason phrase → status codes (RFC 9110 plus the ones Node knows). */
const PHRASES = new Map<string, string[]>();
for (const [code, phrase] of Object.entries(STATUS_CODES)) if (phrase) PHRASES.set(norm(phrase), [...(PHRASES.get(norm(phrase)) ?? []), code]);
// Older spellings still common in documents.
PHRASES.set('unprocessable entity', ['422']);
PHRASES.set('request entity too large', ['413']);
PHRASES.set('requested range not satisfiable', ['416']);

const covers = (status: string, code: string) => status === code || (/^\dXX$/i.test(status) && status[0] === code[0]);

/**
 * A response described with another status's reason phrase (a 400 described as "Unprocessable
 * entity") means the document disagrees with itself about what the provider answers.
 */
export const responseDescription: Rule = {
  id: 'response-description',
  description: "A response's description is not the reason phrase of a different status code (e.g. a 400 described as 'Unprocessable entity').",
  needs: ['spec'],
  check(ctx) {
    for (const r of ctx.sites().responses) {
      if (!/^(\d{3}|\dXX)$/i.test(r.status) || typeof r.node.description !== 'string') continue;
      const codes = PHRASES.get(norm(r.node.description));
      if (!codes || codes.some((c) => covers(r.status, c))) continue;
      ctx.report({
        pointer: ptr(r.pointer, 'description'),
        message: `response ${r.status} is described as '${r.node.description.trim()}', the reason phrase of ${codes.join('/')}`,
      });
    }
  },
};
