/** The body checks: content type, response schema, required headers and their values, from one validation per response. */
import type { Check, CheckFailure } from './types.js';
import { validateResponse } from '../validate/validator.js';
import type { ValidationIssue } from '../validate/issues.js';
import { excerpt } from '../util/excerpt.js';

const toFailure = (check: string) => (i: ValidationIssue): CheckFailure => ({
  check,
  message: i.message,
  pointer: i.pointer,
  expected: i.expected,
  actual: i.actual,
  source: i.source,
  // Only an x-assumption backs the constraint: a mismatch is a warning (fails with --strict).
  ...(i.assumption ? { severity: 'warning' as const, assumption: i.assumption } : {}),
});

// Four checks read the same validation of a response: validate it once per exchange.
const validated = new WeakMap<object, ValidationIssue[]>();

function issues(ctx: Parameters<Check>[0]): ValidationIssue[] {
  const res = ctx.exchange.response;
  if (!res || res.parseError) return [];
  let found = validated.get(res);
  if (!found) {
    found = validateResponse(ctx.api, ctx.step.request.operationId, { status: res.status, headers: res.headers, body: res.body ?? (res.bodyText || undefined) });
    validated.set(res, found);
  }
  return found;
}

/** The content type is one the spec documents for that status. */
export const contentTypeConformance: Check = (ctx) => {
  const res = ctx.exchange.response;
  if (res?.parseError) return [{ check: 'content_type_conformance', message: res.parseError, expected: 'valid JSON', actual: excerpt(res.bodyText, 120) }];
  return issues(ctx).filter((i) => i.location === 'content-type').map(toFailure('content_type_conformance'));
};

/** The body matches the schema of that status. */
export const responseSchemaConformance: Check = (ctx) => issues(ctx).filter((i) => i.location === 'body').map(toFailure('response_schema_conformance'));

/** A required header that is absent (`/Name`), not a property missing inside an object-valued header (`/Name/p`). */
const missingHeader = (i: ValidationIssue) => i.keyword === 'required' && !i.pointer.slice(1).includes('/');

/** Headers the spec marks required for that status are present. */
export const requiredHeaders: Check = (ctx) => issues(ctx).filter((i) => i.location === 'header' && missingHeader(i)).map(toFailure('required_headers'));

/** The documented headers the answer carries match their schemas. */
export const responseHeadersConformance: Check = (ctx) => issues(ctx).filter((i) => i.location === 'header' && !missingHeader(i)).map(toFailure('response_headers_conformance'));
