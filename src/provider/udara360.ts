/** The reference provider's Udara360 handler (close an account). */
import { randomInt, randomUUID } from 'node:crypto';
import { validateRequest } from '../validate/validator.js';
import { specgateFormats } from '../validate/formats.js';
import type { ValidationIssue } from '../validate/issues.js';
import { bearer } from './auth.js';
import { sortKeys, udaraError, type UdaraErrorItem } from './errors.js';
import { header, type ApiHandlers, type ProviderContext, type ProviderRequest, type ProviderResponse } from './types.js';

/** Posting response codes (Udara360 "Response codes" page). */
const POSTING = {
  successful: { code: '00', message: 'Account closed successfully' },
  generalError: { code: '06', message: 'Account is already closed' },
  noRecordFound: { code: '25', message: 'No Record Found' },
  duplicateRecord: { code: '26', message: 'Duplicate Record' },
} as const;

const MODEL_VALIDATION = '09';
const SECURITY_VIOLATION = '63';

/** .NET TimeSpan text, as the vendor's `duration` looks: `00:00:00.0204410`. */
function timeSpan(startedNs: bigint): string {
  const ticks = Number((process.hrtime.bigint() - startedNs) / 100n);
  const totalSeconds = Math.floor(ticks / 1e7);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}.${pad(ticks % 1e7, 7)}`;
}

function referenceNumber(): string {
  const d = new Date();
  const stamp = d.toISOString().replace(/\D/g, '').slice(0, 14);
  return `CLS${stamp}${String(randomInt(0, 1e6)).padStart(6, '0')}`;
}

function posting(ctx: ProviderContext, outcome: (typeof POSTING)[keyof typeof POSTING], instrumentNumber: string, started: bigint, accountNumber: string): ProviderResponse {
  const data: Record<string, unknown> = {
    statusCode: ctx.fault('udara360.close.status-code-as-number') ? Number(outcome.code) : outcome.code,
    referenceNumber: referenceNumber(),
    instrumentNumber,
    duration: timeSpan(started),
  };
  if (ctx.variant('extra-fields')) Object.assign(data, { accountNumber, transactionDate: new Date().toISOString() });
  const body: Record<string, unknown> = { status: true, message: outcome.message };
  if (!ctx.fault('udara360.close.missing-data')) body.data = data;
  return { status: 200, body: ctx.variant('key-order') ? sortKeys(body) : body };
}

/** ASP.NET model-validation wording, which the vendor's API surfaces. */
function validationItem(issue: ValidationIssue): UdaraErrorItem {
  const field = issue.pointer.replace(/^\//, '').replace(/\//g, '.');
  const limit = String(issue.expected ?? '').replace(/^\D+/, '');
  let errorMessage: string;
  switch (issue.keyword) {
    case 'required':
      errorMessage = issue.location === 'body' && issue.pointer === '' ? 'A non-empty request body is required.' : `The ${field} field is required.`;
      break;
    case 'maxLength':
      errorMessage = `The field ${field} must be a string with a maximum length of ${limit}.`;
      break;
    case 'type':
      errorMessage = field
        ? `The JSON value could not be converted to System.${issue.expected === 'string' ? 'String' : String(issue.expected)}. Path: $.${field}.`
        : 'The JSON value could not be converted to CloseAccountRequest. Path: $.';
      break;
    case 'content-type':
      errorMessage = `Unsupported content type ${String(issue.actual)}: send application/json.`;
      break;
    case 'format':
      errorMessage = `The field ${field} must be a GUID.`;
      break;
    default:
      errorMessage = `The field ${field || 'body'} is invalid.`;
  }
  return { errorCode: MODEL_VALIDATION, errorMessage };
}

async function closeAccount(req: ProviderRequest, ctx: ProviderContext): Promise<ProviderResponse> {
  const started = process.hrtime.bigint();
  const cred = bearer(req);
  if (cred.kind === 'missing' && !ctx.fault('udara360.close.no-auth-required')) {
    return udaraError(ctx, 401, [{ errorCode: SECURITY_VIOLATION, errorMessage: 'Authorization token is missing.' }]);
  }
  if (cred.kind === 'invalid' && !ctx.fault('udara360.close.invalid-token-accepted')) {
    return udaraError(ctx, 401, [{ errorCode: SECURITY_VIOLATION, errorMessage: 'Authorization token is invalid or expired.' }]);
  }
  // Another reading: "Request-Reference header: sent on every request that creates or changes
  // data" as a requirement (the spec takes the page's header table, which does not star it).
  if (ctx.variant('udara360-request-reference-required') && !header(req, 'request-reference')) {
    return udaraError(ctx, 400, [{ errorCode: MODEL_VALIDATION, errorMessage: 'The Request-Reference header is required.' }]);
  }
  if (req.jsonError !== undefined) return udaraError(ctx, 400, [{ errorCode: MODEL_VALIDATION, errorMessage: `The request body is not valid JSON: ${req.jsonError}` }]);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const issues = validateRequest(ctx.api, 'closeAccount', { headers: req.headers, body: req.body }).filter((i) => {
    if (ctx.fault('udara360.close.closure-reason-optional') && i.pointer === '/closureReason' && i.keyword === 'required') return false;
    // Off by one: the length check was written as `> 151`.
    if (ctx.fault('udara360.close.accepts-account-number-151') && i.pointer === '/accountNumber' && i.keyword === 'maxLength' && [...String(body.accountNumber)].length === 151) return false;
    return true;
  });
  // Another reading: "You can also pass a GUID to the instrumentNumber parameter" as "only a GUID"
  // (the spec takes the field's type, a string of up to 150 characters).
  if (ctx.variant('udara360-instrument-number-guid') && typeof body.instrumentNumber === 'string' && body.instrumentNumber !== '' && !(specgateFormats.uuid as RegExp).test(body.instrumentNumber)) {
    issues.push({ location: 'body', keyword: 'format', pointer: '/instrumentNumber', message: 'must be a GUID', expected: 'uuid', actual: body.instrumentNumber });
  }
  if (issues.length) return udaraError(ctx, 400, issues.map(validationItem));

  const accountNumber = String(body.accountNumber);
  const instrumentNumber = typeof body.instrumentNumber === 'string' && body.instrumentNumber !== '' ? body.instrumentNumber : randomUUID();
  // Request-Reference makes the posting idempotent: a replay is not processed again.
  const reference = header(req, 'request-reference');
  const remember = (answer: ProviderResponse) => {
    if (reference !== undefined && reference !== '') ctx.store.udaraReferences.set(reference, answer);
    return answer;
  };
  if (reference !== undefined && reference !== '' && ctx.store.udaraReferences.has(reference)) {
    // Faithful readings of "idempotent": a copy of the first answer, a 4xx duplicate error, or (ours) 26 Duplicate Record.
    if (ctx.variant('udara360-replay-copy')) return ctx.store.udaraReferences.get(reference) as ProviderResponse;
    if (ctx.variant('udara360-failures-as-4xx')) return udaraError(ctx, 409, [{ errorCode: POSTING.duplicateRecord.code, errorMessage: 'A request with this Request-Reference was already processed.' }]);
    // The fault: the replay is processed again as a new posting (and closes again).
    if (!ctx.fault('udara360.close.reference-not-idempotent')) return posting(ctx, POSTING.duplicateRecord, instrumentNumber, started, accountNumber);
  }
  const account = ctx.store.udaraAccounts.get(accountNumber);
  if (!account) {
    if (ctx.variant('udara360-failures-as-4xx')) return udaraError(ctx, 404, [{ errorCode: POSTING.noRecordFound.code, errorMessage: 'Account not found.' }]);
    return remember(posting(ctx, POSTING.noRecordFound, instrumentNumber, started, accountNumber));
  }
  const replayed = ctx.fault('udara360.close.reference-not-idempotent') && reference !== undefined && ctx.store.udaraReferences.has(reference);
  if (account.status === 'closed' && !replayed && !ctx.fault('udara360.close.closed-account-closable')) {
    if (ctx.variant('udara360-failures-as-4xx')) return udaraError(ctx, 409, [{ errorCode: POSTING.generalError.code, errorMessage: 'Account is already closed.' }]);
    return remember(posting(ctx, POSTING.generalError, instrumentNumber, started, accountNumber));
  }
  account.status = 'closed';
  return remember(posting(ctx, POSTING.successful, instrumentNumber, started, accountNumber));
}

export const udara360: ApiHandlers = {
  api: 'udara360',
  operations: { closeAccount },
};
