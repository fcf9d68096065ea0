/** The reference provider's error bodies, one envelope per vendor. */
import { randomUUID } from 'node:crypto';
import type { ProviderContext, ProviderResponse } from './types.js';

/** Each vendor's error envelope, built in one place per vendor (as a real service would). */

// ---- Mangopay: {Message, Type, Id, Date, errors} -------------------------------------------------

export const MANGOPAY_MESSAGES = {
  param_error: 'One or several required parameters are missing or incorrect. An incorrect resource ID also raises this kind of error.',
  fraud_policy: 'The data you provided does not comply with our anti-fraud policy',
  user_hasnt_accepted_terms_and_conditions: 'User must accept the terms and conditions before account creation or modification.',
  invalid_action: 'The user cannot revoke the terms and conditions acceptance',
  user_closure_not_possible: 'The user cannot be closed as one or several wallets are not empty',
  user_closure_failed: 'An error occurred while closing the user',
  invalid_token: 'Authorization has been denied for this request.',
  // The 'unauthorized-type' variant's Type: the pages document no 401 body, so any Type is as faithful.
  unauthorized: 'Authorization has been denied for this request.',
  ressource_not_found: 'The ressource does not exist',
  idempotent_creation_conflict: 'A resource has already been created with this idempotency key',
} as const;

export type MangopayErrorType = keyof typeof MANGOPAY_MESSAGES;

export function mangopayError(
  ctx: ProviderContext,
  status: number,
  type: MangopayErrorType,
  errors: Record<string, string> | null = null,
  message: string = MANGOPAY_MESSAGES[type],
): ProviderResponse {
  const nowMs = Date.now();
  const seconds = Math.floor(nowMs / 1000);
  const id = ctx.variant('error-id-suffix') ? `${randomUUID()}#${seconds}` : randomUUID();
  // Documented bodies show Date both as 1744636048 and 1690291065.0: a float is as correct as an integer.
  const date: number | string = ctx.fault('mangopay.errors.date-as-iso-string')
    ? new Date(nowMs).toISOString()
    : ctx.variant('date-as-float')
      ? (nowMs % 1000 === 0 ? nowMs + 1 : nowMs) / 1000
      : seconds;
  // The mistake: field errors serialised as a list of {field: message} entries, not one object.
  const fieldErrors = errors && ctx.fault('mangopay.errors.field-errors-as-array') ? Object.entries(errors).map(([k, v]) => ({ [k]: v })) : errors;
  let body: Record<string, unknown> = ctx.fault('mangopay.errors.lowercase-keys')
    ? { message, type, id, date, errors: fieldErrors }
    : { Message: message, Type: type, Id: id, Date: date, errors: fieldErrors };
  if (ctx.variant('extra-fields')) body.RequestId = randomUUID();
  if (ctx.variant('key-order')) body = sortKeys(body) as Record<string, unknown>;
  const res: ProviderResponse = { status, body };
  if (ctx.fault('mangopay.errors.text-plain-content-type')) res.headers = { 'content-type': 'text/plain; charset=utf-8' };
  return res;
}

// ---- Qonto: {errors: [{code, detail, source?}]} ---------------------------------------------------

export interface QontoErrorItem {
  code: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
}

export function qontoError(ctx: ProviderContext, status: number, items: QontoErrorItem[]): ProviderResponse {
  const body: Record<string, unknown> = { errors: ctx.fault('qonto.close.errors-not-array') ? items[0] : items };
  // Qonto bodies often carry a top-level trace_id; the capture does not document it.
  if (ctx.variant('extra-fields')) body.trace_id = randomUUID().replace(/-/g, '');
  return { status, body: ctx.variant('key-order') ? sortKeys(body) : body };
}

// ---- Udara360: {errors: [{statusCode, errorCode, errorMessage}]} -----------------------------------

export interface UdaraErrorItem {
  errorCode: string;
  errorMessage: string;
}

export function udaraError(ctx: ProviderContext, status: number, items: UdaraErrorItem[]): ProviderResponse {
  if (ctx.fault('udara360.close.error-format-mangopay-like')) {
    return {
      status,
      body: {
        Message: items.map((i) => i.errorMessage).join(' '),
        Type: items[0]?.errorCode ?? 'error',
        Id: randomUUID(),
        Date: Math.floor(Date.now() / 1000),
        errors: null,
      },
    };
  }
  // Other readings: the failure format lists the three fields without marking any required, so
  // an implementation may leave any of them out (the spec assumes all three).
  // And "errors" may be empty: that a failure names at least one error is the spec's assumption (minItems 1).
  const body = {
    errors: (ctx.variant('udara360-errors-empty') ? [] : items).map((i) => ({
      ...(ctx.variant('udara360-error-status-code-optional') ? {} : { statusCode: status }),
      ...(ctx.variant('udara360-error-code-optional') ? {} : { errorCode: i.errorCode }),
      ...(ctx.variant('udara360-error-fields-optional') ? {} : { errorMessage: i.errorMessage }),
    })),
  };
  return { status, body: ctx.variant('key-order') ? sortKeys(body) : body };
}

/** Alphabetical keys at every level: a serializer setting that is legal JSON-wise. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value as object)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
