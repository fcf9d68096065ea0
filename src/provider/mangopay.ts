/** The reference provider's Mangopay handlers (create, update, close a legal user). */
import { createHash } from 'node:crypto';
import { validateRequest } from '../validate/validator.js';
import type { ValidationIssue } from '../validate/issues.js';
import { bearer } from './auth.js';
import { mangopayError } from './errors.js';
import { paramErrors } from './mangopay-params.js';
import { addressFrom, flatView, scaView, userFromCreate } from './mangopay-users.js';
import { IDEMPOTENCY_TTL_MS, type MangopayUser, type UserCategory, type LegalPersonType } from './store.js';
import type { VariantName } from '../testing/faults.js';
import { header, type ApiHandlers, type ProviderContext, type ProviderRequest, type ProviderResponse } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** 401 for a missing or invalid bearer token; undefined when the caller may go on. */
function authenticate(req: ProviderRequest, ctx: ProviderContext): ProviderResponse | undefined {
  const cred = bearer(req);
  if (cred.kind === 'bearer') return undefined;
  if (cred.kind === 'missing' && ctx.fault('mangopay.auth.no-auth-required')) return undefined;
  return mangopayError(ctx, 401, ctx.variant('unauthorized-type') ? 'unauthorized' : 'invalid_token');
}

function issuesOf(req: ProviderRequest, ctx: ProviderContext, operationId: string): ValidationIssue[] {
  return validateRequest(ctx.api, operationId, { path: req.path, headers: req.headers, body: req.body });
}

const paramError = (ctx: ProviderContext, errors: Record<string, string>) => mangopayError(ctx, 400, 'param_error', errors);

function malformed(req: ProviderRequest, ctx: ProviderContext): ProviderResponse | undefined {
  if (req.jsonError !== undefined) return paramError(ctx, { Body: `The request body is not valid JSON: ${req.jsonError}` });
  return undefined;
}

/** "Must be true if UserCategory is OWNER": its own documented error, not a param_error. */
function ownerWithoutTerms(body: unknown): boolean {
  return isObj(body) && body.UserCategory === 'OWNER' && body.TermsAndConditionsAccepted === false;
}
const isTermsRule = (i: ValidationIssue) => i.location === 'body' && i.pointer === '/TermsAndConditionsAccepted' && i.keyword === 'const';

/** Countries checked against the blocked list, by the field name each page uses in its restriction note. */
function blockedCountryError(ctx: ProviderContext, fields: [string, unknown][]): ProviderResponse | undefined {
  for (const [key, value] of fields) {
    if (typeof value === 'string' && ctx.store.blockedCountries.has(value)) return paramError(ctx, { [key]: `The ${key} used is blocked` });
  }
  return undefined;
}

function fraudRejects(ctx: ProviderContext, names: unknown[]): boolean {
  return names.some((n) => typeof n === 'string' && n.trim() !== '' && ctx.store.fraudNames.has(n));
}

/** The representative's name as the anti-fraud check reads it (a name not given is left out). */
const fullName = (first: unknown, last: unknown) => [first, last].filter((n) => typeof n === 'string').join(' ');

function notFound(ctx: ProviderContext, id: string): ProviderResponse {
  return mangopayError(ctx, 404, 'ressource_not_found', { RessourceNotFound: `Cannot found the ressource User with the id=${id}` });
}

// ---- Create a Legal User (SCA) -------------------------------------------------------------------

function fingerprint(req: ProviderRequest): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : isObj(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])])) : v;
  const text = req.jsonError === undefined ? JSON.stringify(canonical(req.body)) : req.rawBody;
  return createHash('sha256').update(text ?? '').digest('hex');
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9-]{16,36}$/;

async function createLegalUserSca(req: ProviderRequest, ctx: ProviderContext): Promise<ProviderResponse> {
  const denied = authenticate(req, ctx);
  if (denied) return denied;
  const key = header(req, 'idempotency-key');
  if (key === undefined || !IDEMPOTENCY_KEY.test(key) || ctx.fault('mangopay.create.idempotency-key-ignored')) return createUser(req, ctx);
  // Keys belong to a client: another platform may use the same key.
  const slot = `${req.path.ClientId}\n${key}`;
  const fp = fingerprint(req);
  const prior = ctx.store.idempotency.get(slot);
  if (prior && Date.now() - prior.at < IDEMPOTENCY_TTL_MS) {
    if (prior.fingerprint !== fp) return mangopayError(ctx, 409, 'idempotent_creation_conflict');
    return structuredClone(prior.response);
  }
  const res = createUser(req, ctx);
  if (res.status < 500) ctx.store.idempotency.set(slot, { fingerprint: fp, at: Date.now(), response: structuredClone(res) });
  return res;
}

/**
 * Other readings of the create page (variants): a field the spec makes required only by its
 * x-assumption (`x-assumed: [required:Name]`) taken as optional. Only that requirement is dropped;
 * one a source makes (LegalRepresentative for an OWNER, through its Email) still holds.
 */
const OPTIONAL_ON_CREATE: readonly [VariantName, string][] = [
  ['mangopay-legal-person-type-optional', '/LegalPersonType'],
  ['mangopay-legal-representative-optional', '/LegalRepresentative'],
  ['mangopay-representative-first-name-optional', '/LegalRepresentative/FirstName'],
  ['mangopay-representative-last-name-optional', '/LegalRepresentative/LastName'],
];
const takenAsOptional = (i: ValidationIssue, ctx: ProviderContext) =>
  i.keyword === 'required' && i.assumption !== undefined && OPTIONAL_ON_CREATE.some(([v, pointer]) => pointer === i.pointer && ctx.variant(v));

function createUser(req: ProviderRequest, ctx: ProviderContext): ProviderResponse {
  const bad = malformed(req, ctx);
  if (bad) return bad;
  if (ownerWithoutTerms(req.body) && !ctx.fault('mangopay.create.owner-without-terms-accepted')) return mangopayError(ctx, 400, 'user_hasnt_accepted_terms_and_conditions');
  const issues = issuesOf(req, ctx, 'createLegalUserSca').filter((i) => {
    if (isTermsRule(i) || takenAsOptional(i, ctx)) return false;
    if (ctx.fault('mangopay.create.owner-email-not-required') && i.pointer === '/LegalRepresentative/Email' && i.keyword === 'required') return false;
    // Off by one: the length check was written as `> 256`.
    if (ctx.fault('mangopay.create.accepts-name-256') && i.pointer === '/Name' && i.keyword === 'maxLength' && isObj(req.body) && [...String(req.body.Name)].length === 256) return false;
    return true;
  });
  if (issues.length) return paramError(ctx, paramErrors(issues));
  const body = req.body as Obj;
  const lr = (body.LegalRepresentative ?? {}) as Obj;
  const hq = (body.HeadquartersAddress ?? {}) as Obj;
  const lra = (body.LegalRepresentativeAddress ?? {}) as Obj;
  const countries: [string, unknown][] = ctx.fault('mangopay.create.blocked-country-only-address')
    ? [['LegalRepresentativeAddress.Country', lra.Country]]
    : [
        ['HeadquartersAddress.Country', hq.Country],
        ['LegalRepresentative.Nationality', lr.Nationality],
        ['LegalRepresentative.CountryOfResidence', lr.CountryOfResidence],
        ['LegalRepresentativeAddress.Country', lra.Country],
      ];
  const blocked = blockedCountryError(ctx, countries);
  if (blocked) return blocked;
  if (!ctx.fault('mangopay.create.skips-fraud-check') && fraudRejects(ctx, [body.Name, fullName(lr.FirstName, lr.LastName)])) {
    return mangopayError(ctx, 400, 'fraud_policy');
  }
  const user = userFromCreate(ctx.store, body, ctx.baseUrl, ctx);
  ctx.store.users.set(user.Id, user);
  const view = ctx.fault('mangopay.create.flat-legal-representative') ? flatView(user, ctx) : scaView(user, ctx);
  return { status: ctx.fault('mangopay.create.status-201') ? 201 : 200, body: view };
}

// ---- Update a Legal User -------------------------------------------------------------------------

async function updateLegalUser(req: ProviderRequest, ctx: ProviderContext): Promise<ProviderResponse> {
  const denied = authenticate(req, ctx);
  if (denied) return denied;
  const bad = malformed(req, ctx);
  if (bad) return bad;
  if (ownerWithoutTerms(req.body)) return mangopayError(ctx, 400, 'user_hasnt_accepted_terms_and_conditions');
  const issues = issuesOf(req, ctx, 'updateLegalUser').filter(
    (i) => !isTermsRule(i) && !(ctx.fault('mangopay.update.email-format-not-checked') && i.pointer === '/LegalRepresentativeEmail' && i.keyword === 'format'),
  );
  if (issues.length) return paramError(ctx, paramErrors(issues));
  const id = req.path.UserId;
  const user = ctx.store.users.get(id);
  if (!user) {
    if (ctx.fault('mangopay.update.unknown-user-param-error')) return paramError(ctx, { UserId: `The value '${id}' is not valid for UserId.` });
    return notFound(ctx, id);
  }
  const body = req.body as Obj;
  if (user.UserStatus === 'CLOSED') {
    // Not documented: a closed user stays readable "for historical purposes" but cannot change.
    return mangopayError(ctx, 400, 'invalid_action', null, 'The user is closed and can no longer be modified');
  }
  if (user.UserCategory === 'OWNER' && body.UserCategory === 'PAYER' && !ctx.fault('mangopay.update.owner-to-payer-allowed')) {
    const errors = { UserCategory: "A User OWNER can't be modified to a user PAYER" };
    return ctx.fault('mangopay.update.wrong-error-type') ? mangopayError(ctx, 400, 'invalid_action', errors) : paramError(ctx, errors);
  }
  if (user.TermsAndConditionsAccepted && body.TermsAndConditionsAccepted === false && !ctx.fault('mangopay.update.terms-revocable')) {
    return mangopayError(ctx, 400, 'invalid_action');
  }
  const hq = (body.HeadquartersAddress ?? {}) as Obj;
  const lra = (body.LegalRepresentativeAddress ?? {}) as Obj;
  const blocked = blockedCountryError(ctx, [
    ['HeadquartersAddress.Country', hq.Country],
    ['LegalRepresentativeNationality', body.LegalRepresentativeNationality],
    ['LegalRepresentativeCountryOfResidence', body.LegalRepresentativeCountryOfResidence],
    ['LegalRepresentativeAddress.Country', lra.Country],
  ]);
  if (blocked) return blocked;
  if (!ctx.fault('mangopay.update.skips-fraud-check')) {
    const first = body.LegalRepresentativeFirstName ?? user.LegalRepresentative.FirstName;
    const last = body.LegalRepresentativeLastName ?? user.LegalRepresentative.LastName;
    const repChanged = body.LegalRepresentativeFirstName !== undefined || body.LegalRepresentativeLastName !== undefined;
    if (fraudRejects(ctx, [body.Name, repChanged ? fullName(first, last) : undefined])) return mangopayError(ctx, 400, 'fraud_policy');
  }
  applyUpdate(user, body);
  const view = ctx.fault('mangopay.update.nested-legal-representative') ? scaView(user, ctx) : flatView(user, ctx);
  return { status: 200, body: view };
}

function applyUpdate(user: MangopayUser, body: Obj): void {
  const lr = user.LegalRepresentative;
  // "If KYCLevel is REGULAR, modifying the following values triggers a verification downgrade to LIGHT".
  const downgrading: [unknown, unknown][] = [
    [body.LegalRepresentativeFirstName, lr.FirstName],
    [body.LegalRepresentativeLastName, lr.LastName],
    [body.LegalRepresentativeBirthday, lr.Birthday],
    [body.LegalRepresentativeNationality, lr.Nationality],
    [body.LegalPersonType, user.LegalPersonType],
  ];
  if (user.KYCLevel === 'REGULAR' && downgrading.some(([sent, had]) => sent !== undefined && sent !== had)) user.KYCLevel = 'LIGHT';
  if (body.TermsAndConditionsAccepted === true && !user.TermsAndConditionsAccepted) user.TermsAndConditionsAcceptedDate = Math.floor(Date.now() / 1000);
  user.TermsAndConditionsAccepted = body.TermsAndConditionsAccepted === true;
  user.UserCategory = body.UserCategory as UserCategory;
  if (body.LegalPersonType !== undefined) user.LegalPersonType = body.LegalPersonType as LegalPersonType;
  if (body.Name !== undefined) user.Name = body.Name as string;
  if (body.Email !== undefined) user.Email = body.Email as string;
  if (body.Tag !== undefined) user.Tag = body.Tag as string;
  if (body.CompanyNumber !== undefined) user.CompanyNumber = body.CompanyNumber as string;
  if (body.HeadquartersAddress !== undefined) user.HeadquartersAddress = addressFrom(body.HeadquartersAddress);
  if (body.LegalRepresentativeAddress !== undefined) user.LegalRepresentativeAddress = addressFrom(body.LegalRepresentativeAddress);
  if (body.LegalRepresentativeFirstName !== undefined) lr.FirstName = body.LegalRepresentativeFirstName as string;
  if (body.LegalRepresentativeLastName !== undefined) lr.LastName = body.LegalRepresentativeLastName as string;
  if (body.LegalRepresentativeEmail !== undefined) lr.Email = body.LegalRepresentativeEmail as string;
  if (body.LegalRepresentativeBirthday !== undefined) lr.Birthday = body.LegalRepresentativeBirthday as number;
  if (body.LegalRepresentativeNationality !== undefined) lr.Nationality = body.LegalRepresentativeNationality as string;
  if (body.LegalRepresentativeCountryOfResidence !== undefined) lr.CountryOfResidence = body.LegalRepresentativeCountryOfResidence as string;
}

// ---- Close a Legal User --------------------------------------------------------------------------

async function closeLegalUser(req: ProviderRequest, ctx: ProviderContext): Promise<ProviderResponse> {
  const denied = authenticate(req, ctx);
  if (denied) return denied;
  // DELETE has no body: only the path parameters are checked.
  const issues = issuesOf(req, ctx, 'closeLegalUser').filter((i) => i.location === 'path' || i.location === 'header');
  if (issues.length) return paramError(ctx, paramErrors(issues));
  const id = req.path.UserId;
  const stored = ctx.store.users.get(id);
  if (!stored) return ctx.fault('mangopay.close.unknown-user-204') ? { status: 204 } : notFound(ctx, id);
  // The bug: the status is changed on a copy that is never written back.
  const user = ctx.fault('mangopay.close.not-permanent') ? { ...stored } : stored;
  if (user.UserStatus === 'CLOSED' && !ctx.fault('mangopay.close.double-close-204')) return mangopayError(ctx, 400, 'user_closure_failed');
  if (user.UserStatus !== 'CLOSED' && user.wallets.some((cents) => cents !== 0) && !ctx.fault('mangopay.close.ignores-wallets')) {
    return mangopayError(ctx, 400, ctx.fault('mangopay.close.wrong-error-type') ? 'user_closure_failed' : 'user_closure_not_possible');
  }
  // Irreversible: nothing ever sets a CLOSED user back.
  user.UserStatus = 'CLOSED';
  user.PendingUserAction = null;
  if (ctx.fault('mangopay.close.status-200-body')) return { status: 200, body: scaView(user, ctx) };
  return { status: 204 };
}

export const mangopay: ApiHandlers = {
  api: 'mangopay',
  operations: { createLegalUserSca, updateLegalUser, closeLegalUser },
};
