/** Error identity (by the pointers specgate.yaml declares) and bodyMatches: the documented error, the documented effect. */
import type { Check } from './types.js';
import { pointerToPath } from '../util/pointer.js';
import { exampleOf, filled, graded, outcomeOf, subsetFailures } from './outcome.js';

type Obj = Record<string, unknown>;

/** The values at a pointer whose `*` tokens stand for every item of an array. */
function valuesAt(body: unknown, pointer: string): unknown[] {
  let cur: unknown[] = [body];
  for (const key of pointerToPath(pointer)) {
    cur = cur.flatMap((v) => (key === '*' ? (Array.isArray(v) ? v : []) : v && typeof v === 'object' ? [(v as Obj)[key]] : []));
  }
  return cur;
}

/**
 * A documented error is identified by a field, not by its free text: the API's error-identity
 * pointers (`errorIdentity:` of specgate.yaml, e.g. `/Type` or `/errors/∗/code`). Messages, ids
 * and dates are allowed to differ.
 */
export function errorIdentity(body: unknown, pointers: readonly string[]): string[] {
  if (!body || typeof body !== 'object') return [];
  return pointers.flatMap((p) => valuesAt(body, p)).filter((v): v is string => typeof v === 'string');
}

/** The error is the documented one (same identity as the outcome's example or errorCode). */
export const documentedErrorIdentity: Check = (ctx) => {
  const res = ctx.exchange.response;
  const pointers = ctx.api.bindings?.errorIdentity ?? [];
  if (!res || res.status < 400 || !pointers.length) return [];
  const o = outcomeOf(ctx);
  const wanted = new Set([...errorIdentity(exampleOf(ctx, o)?.value, pointers), ...(o.errorCode ? [o.errorCode] : [])]);
  if (!wanted.size) return [];
  const actual = errorIdentity(res.body, pointers);
  const missing = [...wanted].filter((w) => !actual.includes(w));
  if (!missing.length) return [];
  const pointer = pointers.find((p) => valuesAt(res.body, p).length) ?? pointers[0];
  return graded(ctx, 'errorCode', [{ check: 'documented_error_identity', message: `expected the documented error ${missing.join(', ')}`, pointer, expected: [...wanted].join(', '), actual: actual.length ? actual.join(', ') : '(no error identity in the body)' }]);
};

/** The documented effect shows in the body (e.g. a closed account comes back with status closed). */
export const bodyMatches: Check = (ctx) => {
  const o = outcomeOf(ctx);
  if (o.bodyMatches === undefined || !ctx.exchange.response) return [];
  return graded(ctx, 'bodyMatches', subsetFailures(filled(o.bodyMatches, ctx.vars), ctx.exchange.response.body, ''));
};
