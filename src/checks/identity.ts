import type { Check, CheckFailure } from './types.js';
import { substitute } from '../scenarios/substitute.js';

type Obj = Record<string, unknown>;

/**
 * A documented error is identified by a field, not by its free text: Mangopay `Type`,
 * Qonto / JSON:API `errors[].code`. Messages, ids and dates are allowed to differ.
 */
export function errorIdentity(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [];
  const b = body as Obj;
  if (typeof b.Type === 'string') return [b.Type];
  if (Array.isArray(b.errors)) return b.errors.map((e) => (e as Obj)?.code).filter((c): c is string => typeof c === 'string');
  return [];
}

function exampleValue(ctx: Parameters<Check>[0]): unknown {
  const { step, api } = ctx;
  if (!step.expect.example) return undefined;
  const op = api.operation(step.request.operationId);
  const r = op?.responses.find((x) => x.status === String(step.expect.status));
  for (const m of r?.content ?? []) for (const e of m.examples) if (e.name === step.expect.example) return e.value;
  return undefined;
}

/** The error is the documented one (same identity as the scenario's example or errorCode). */
export const documentedErrorIdentity: Check = (ctx) => {
  const res = ctx.exchange.response;
  if (!res || res.status < 400) return [];
  const wanted = new Set([...errorIdentity(exampleValue(ctx)), ...(ctx.step.expect.errorCode ? [ctx.step.expect.errorCode] : [])]);
  if (!wanted.size) return [];
  const actual = errorIdentity(res.body);
  const missing = [...wanted].filter((w) => !actual.includes(w));
  if (!missing.length) return [];
  const pointer = res.body && typeof (res.body as Obj).Type === 'string' ? '/Type' : '/errors/*/code';
  return [{ check: 'documented_error_identity', message: `expected the documented error ${missing.join(', ')}`, pointer, expected: [...wanted].join(', '), actual: actual.length ? actual.join(', ') : '(no error identity in the body)' }];
};

/** Deep subset: every key given in `expected` is in `actual` with an equal value. */
function subsetFailures(expected: unknown, actual: unknown, pointer: string): CheckFailure[] {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [{ check: 'body_matches', message: 'expected an object', pointer, expected, actual }];
    return Object.entries(expected as Obj).flatMap(([k, v]) => subsetFailures(v, (actual as Obj)[k], `${pointer}/${k}`));
  }
  return JSON.stringify(expected) === JSON.stringify(actual) ? [] : [{ check: 'body_matches', message: `expected ${JSON.stringify(expected)}`, pointer, expected, actual }];
}

/** The documented effect shows in the body (e.g. a closed account comes back with status closed). */
export const bodyMatches: Check = (ctx) => {
  if (ctx.step.expect.bodyMatches === undefined || !ctx.exchange.response) return [];
  let expected: unknown;
  try {
    expected = substitute(ctx.step.expect.bodyMatches, ctx.vars);
  } catch {
    expected = ctx.step.expect.bodyMatches;
  }
  return subsetFailures(expected, ctx.exchange.response.body, '');
};
