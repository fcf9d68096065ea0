/**
 * Deliberate bugs for the mutation self-test: each is one realistic mistake, switched on at the
 * place in a handler where it would really be made, and caught by at least one scenario (named in
 * `caughtBy`: a scenario of specs/<api>/specgate.yaml, or a generated negative scenario by the
 * name specgate gives it). Variants are correct-but-unusual behaviour that must NOT be flagged.
 */

export interface FaultInfo {
  name: string;
  api: 'mangopay' | 'qonto' | 'udara360';
  operationId: string;
  description: string;
  /** Scenario names that must fail when the fault is on. */
  caughtBy: string[];
}

const MP = 'mangopay' as const;
const Q = 'qonto' as const;
const U = 'udara360' as const;
const CREATE = 'createLegalUserSca';
const UPDATE = 'updateLegalUser';
const CLOSE = 'closeLegalUser';

export const FAULTS = [
  // ---- Mangopay: Create a Legal User (SCA) ----------------------------------------------------
  { name: 'mangopay.create.status-201', api: MP, operationId: CREATE, description: 'answers 201 Created instead of the documented 200', caughtBy: ['create a PAYER legal user (documented request)'] },
  { name: 'mangopay.create.missing-KYCLevel', api: MP, operationId: CREATE, description: 'the created user is serialized without KYCLevel', caughtBy: ['create a PAYER legal user (documented request)'] },
  { name: 'mangopay.create.accepts-name-256', api: MP, operationId: CREATE, description: 'Name length checked with > 256 instead of > 255: exactly limit+1 is accepted', caughtBy: ['createLegalUserSca: Name at maxLength + 1 (256)'] },
  { name: 'mangopay.create.owner-without-terms-accepted', api: MP, operationId: CREATE, description: 'an OWNER who has not accepted the terms and conditions is created', caughtBy: ['create an OWNER who has not accepted the terms and conditions', 'createLegalUserSca: TermsAndConditionsAccepted not true when UserCategory is OWNER'] },
  { name: 'mangopay.create.flat-legal-representative', api: MP, operationId: CREATE, description: "the update serializer is reused: flat LegalRepresentative* fields instead of the nested LegalRepresentative", caughtBy: ['create a PAYER legal user (documented request)'] },
  { name: 'mangopay.create.owner-email-not-required', api: MP, operationId: CREATE, description: "an OWNER without LegalRepresentative.Email is accepted", caughtBy: ['create an OWNER without a legal representative email', 'createLegalUserSca: LegalRepresentative.Email missing when UserCategory is OWNER'] },
  { name: 'mangopay.create.blocked-country-only-address', api: MP, operationId: CREATE, description: 'the blocked-country check reads LegalRepresentativeAddress.Country only, not HeadquartersAddress.Country', caughtBy: ['create a legal user with a blocked headquarters country'] },
  { name: 'mangopay.create.skips-fraud-check', api: MP, operationId: CREATE, description: 'the anti-fraud name check is not called on creation', caughtBy: ['create a legal user whose name the anti-fraud policy rejects'] },
  { name: 'mangopay.create.idempotency-key-ignored', api: MP, operationId: CREATE, description: 'Idempotency-Key is ignored: a reuse with another body creates a second user', caughtBy: ['create a legal user reusing an idempotency key with another body'] },
  { name: 'mangopay.create.pending-action-absent', api: MP, operationId: CREATE, description: 'null values are left out of the answer: a PAYER gets no PendingUserAction key instead of null', caughtBy: ['create a PAYER legal user (documented request)'] },
  { name: 'mangopay.create.null-headquarters-address', api: MP, operationId: CREATE, description: 'a PAYER gets HeadquartersAddress: null instead of an object of null fields', caughtBy: ['create a PAYER legal user (documented request)'] },
  { name: 'mangopay.create.sca-not-triggered', api: MP, operationId: CREATE, description: 'an OWNER sole trader is created ACTIVE with PendingUserAction null: SCA enrollment is not triggered', caughtBy: ['create an OWNER sole trader legal user (SCA enrollment)'] },
  { name: 'mangopay.create.payer-fields-returned', api: MP, operationId: CREATE, description: 'a PAYER is answered with the CompanyNumber and TermsAndConditionsAcceptedDate it sent instead of null', caughtBy: ['create a PAYER legal user that sends a company number and accepts the terms'] },
  // ---- Mangopay: Update a Legal User ----------------------------------------------------------
  { name: 'mangopay.update.creation-date-as-string', api: MP, operationId: UPDATE, description: 'CreationDate serialized as an ISO 8601 string instead of Unix seconds', caughtBy: ['update a PAYER legal user (documented request)'] },
  { name: 'mangopay.update.nested-legal-representative', api: MP, operationId: UPDATE, description: 'the SCA serializer is reused: nested LegalRepresentative instead of the flat LegalRepresentative* fields', caughtBy: ['update a PAYER legal user (documented request)'] },
  { name: 'mangopay.update.owner-to-payer-allowed', api: MP, operationId: UPDATE, description: 'an OWNER can be downgraded to PAYER', caughtBy: ['update an OWNER legal user to PAYER'] },
  { name: 'mangopay.update.wrong-error-type', api: MP, operationId: UPDATE, description: 'the OWNER-to-PAYER refusal is answered with Type invalid_action instead of param_error', caughtBy: ['update an OWNER legal user to PAYER'] },
  { name: 'mangopay.update.terms-revocable', api: MP, operationId: UPDATE, description: 'an accepted terms-and-conditions acceptance can be revoked', caughtBy: ['update a legal user to revoke the terms and conditions acceptance'] },
  { name: 'mangopay.update.unknown-user-param-error', api: MP, operationId: UPDATE, description: 'an unknown UserId answers 400 param_error instead of 404 ressource_not_found', caughtBy: ['update a legal user that does not exist'] },
  { name: 'mangopay.update.skips-fraud-check', api: MP, operationId: UPDATE, description: 'the anti-fraud name check runs on creation only', caughtBy: ['update a legal user to a name the anti-fraud policy rejects'] },
  { name: 'mangopay.update.email-format-not-checked', api: MP, operationId: UPDATE, description: 'the flat LegalRepresentativeEmail is not checked as an email address', caughtBy: ['update a legal user with an invalid legal representative email', 'updateLegalUser: LegalRepresentativeEmail not a valid email'] },
  // ---- Mangopay: Close a Legal User -----------------------------------------------------------
  { name: 'mangopay.close.status-200-body', api: MP, operationId: CLOSE, description: 'answers 200 with the closed user instead of 204 No Content', caughtBy: ['close a legal user'] },
  { name: 'mangopay.close.ignores-wallets', api: MP, operationId: CLOSE, description: 'closes a user whose wallets are not empty', caughtBy: ['close a legal user whose wallets are not empty'] },
  { name: 'mangopay.close.double-close-204', api: MP, operationId: CLOSE, description: 'closing a closed user answers 204 again (treated as idempotent)', caughtBy: ['close a legal user that is already closed', 'close a legal user twice'] },
  { name: 'mangopay.close.wrong-error-type', api: MP, operationId: CLOSE, description: 'non-empty wallets answered with Type user_closure_failed instead of user_closure_not_possible', caughtBy: ['close a legal user whose wallets are not empty'] },
  { name: 'mangopay.close.unknown-user-204', api: MP, operationId: CLOSE, description: 'closing an unknown UserId answers 204 (DELETE treated as idempotent)', caughtBy: ['close a legal user that does not exist'] },
  { name: 'mangopay.close.not-permanent', api: MP, operationId: CLOSE, description: 'the CLOSED status is set on a copy and never saved: the user can be closed again', caughtBy: ['close a legal user twice'] },
  // ---- Mangopay: shared by the three operations -----------------------------------------------
  { name: 'mangopay.errors.text-plain-content-type', api: MP, operationId: '*', description: 'error bodies sent as text/plain', caughtBy: ['close a legal user whose wallets are not empty', 'create a legal user with an invalid legal representative email'] },
  { name: 'mangopay.errors.lowercase-keys', api: MP, operationId: '*', description: 'error envelope keys in camelCase (message, type, id, date) instead of Message, Type, Id, Date', caughtBy: ['create a legal user with an invalid legal representative email', 'close a legal user that is already closed'] },
  { name: 'mangopay.errors.date-as-iso-string', api: MP, operationId: '*', description: 'error Date as an ISO 8601 string instead of Unix seconds', caughtBy: ['update an OWNER legal user to PAYER', 'close a legal user that does not exist'] },
  { name: 'mangopay.errors.field-errors-as-array', api: MP, operationId: '*', description: 'field errors sent as an array of {field: message} instead of one object', caughtBy: ['update an OWNER legal user to PAYER', 'create a legal user with an invalid legal representative email'] },
  { name: 'mangopay.auth.no-auth-required', api: MP, operationId: '*', description: 'requests without an Authorization header are served', caughtBy: ['create a legal user without credentials', 'update a legal user without credentials', 'close a legal user without credentials'] },
  // ---- Qonto: Close a business account --------------------------------------------------------
  { name: 'qonto.close.main-account-closable', api: Q, operationId: 'closeBusinessAccount', description: 'the main account can be closed', caughtBy: ['close the main business account'] },
  { name: 'qonto.close.external-closable', api: Q, operationId: 'closeBusinessAccount', description: 'an external account can be closed', caughtBy: ['close an external business account'] },
  { name: 'qonto.close.balance-as-number', api: Q, operationId: 'closeBusinessAccount', description: 'balance serialized as a number (0) instead of a decimal string ("0.00")', caughtBy: ['close a business account'] },
  { name: 'qonto.close.id-not-uuid', api: Q, operationId: 'closeBusinessAccount', description: 'the closed bank_account id is answered without its hyphens (not format uuid)', caughtBy: ['close a business account'] },
  { name: 'qonto.close.missing-organization-id', api: Q, operationId: 'closeBusinessAccount', description: 'the closed bank_account is serialized without organization_id', caughtBy: ['close a business account'] },
  { name: 'qonto.close.status-stays-active', api: Q, operationId: 'closeBusinessAccount', description: 'the account is answered before its status is updated: status stays active', caughtBy: ['close a business account'] },
  { name: 'qonto.close.errors-not-array', api: Q, operationId: 'closeBusinessAccount', description: 'errors is a single object instead of an array', caughtBy: ['close the main business account', 'close a business account with a non-zero balance'] },
  { name: 'qonto.close.no-auth-required', api: Q, operationId: 'closeBusinessAccount', description: 'requests without an Authorization header are served', caughtBy: ['close a business account without credentials'] },
  { name: 'qonto.close.invalid-token-403', api: Q, operationId: 'closeBusinessAccount', description: 'an invalid token is answered 403 forbidden instead of 401 authorization_token_invalid', caughtBy: ['close a business account with an invalid token'] },
  { name: 'qonto.close.scope-not-checked', api: Q, operationId: 'closeBusinessAccount', description: 'the bank_account.write scope is not checked', caughtBy: ['close a business account with a token lacking the bank_account.write scope'] },
  { name: 'qonto.close.unknown-account-500', api: Q, operationId: 'closeBusinessAccount', description: 'an unknown id dereferences a missing account: 500 instead of 404 not_found', caughtBy: ['close an unknown business account'] },
  // ---- Udara360: Close Account ----------------------------------------------------------------
  { name: 'udara360.close.missing-data', api: U, operationId: 'closeAccount', description: 'the 200 answer has no data object', caughtBy: ['close an open account'] },
  { name: 'udara360.close.status-code-as-number', api: U, operationId: 'closeAccount', description: 'data.statusCode serialized as a number (0) instead of the string "00"', caughtBy: ['close an open account'] },
  { name: 'udara360.close.accepts-account-number-151', api: U, operationId: 'closeAccount', description: 'accountNumber length checked with > 151 instead of > 150: exactly limit+1 is accepted', caughtBy: ['close with an accountNumber over 150 characters', 'closeAccount: accountNumber at maxLength + 1 (151)'] },
  { name: 'udara360.close.closure-reason-optional', api: U, operationId: 'closeAccount', description: 'closureReason is not required', caughtBy: ['close an open account without the required closureReason', 'closeAccount: closureReason missing (required)'] },
  { name: 'udara360.close.error-format-mangopay-like', api: U, operationId: 'closeAccount', description: 'errors answered in a {Message, Type, Id, Date, errors} envelope instead of {errors: [{statusCode, errorCode, errorMessage}]}', caughtBy: ['close without the required accountNumber', 'close without credentials'] },
  { name: 'udara360.close.no-auth-required', api: U, operationId: 'closeAccount', description: 'requests without an Authorization header are served', caughtBy: ['close without credentials'] },
  { name: 'udara360.close.invalid-token-accepted', api: U, operationId: 'closeAccount', description: 'the bearer token is only checked for presence, not validity', caughtBy: ['close with an invalid bearer token'] },
  { name: 'udara360.close.reference-not-idempotent', api: U, operationId: 'closeAccount', description: 'Request-Reference is not remembered: a replay is processed again and closes the account a second time (00, a new referenceNumber)', caughtBy: ['close an open account twice with the same Request-Reference'] },
  { name: 'udara360.close.closed-account-closable', api: U, operationId: 'closeAccount', description: 'the closed status is not checked: closing a closed account with a fresh Request-Reference answers 00 again', caughtBy: ['close an account that is already closed'] },
] as const satisfies readonly FaultInfo[];

export type FaultName = (typeof FAULTS)[number]['name'];

export interface VariantInfo {
  name: string;
  description: string;
  /**
   * Scenarios where the variant takes another reading than the spec's x-assumption: each passes
   * with a warning (0 failures), which `--strict` turns into a failure. Empty: no assumption is hit.
   */
  warnedBy: string[];
}

/** Every Udara360 scenario answered with an error body: a reading of the error format touches them all. */
const WARNED_UDARA_ERRORS = [
  "close without the required accountNumber",
  "close an open account without the required closureReason",
  "close with an accountNumber over 150 characters",
  "close without credentials",
  "close with an invalid bearer token",
  "closeAccount: accountNumber missing (required)",
  "closeAccount: accountNumber of the wrong type (number instead of string)",
  "closeAccount: accountNumber at maxLength + 1 (151)",
  "closeAccount: closureReason missing (required)",
  "closeAccount: closureReason of the wrong type (number instead of string)",
  "closeAccount: closureReason at maxLength + 1 (151)",
  "closeAccount: instrumentNumber of the wrong type (number instead of string)",
  "closeAccount: instrumentNumber at maxLength + 1 (151)",
];

export const VARIANTS = [
  { name: 'extra-fields', description: 'undocumented extra response fields (Mangopay user and error, Qonto trace_id and bank_account fields, Udara360 data fields)', warnedBy: [] },
  { name: 'date-as-float', description: 'Mangopay error Date as a float (fractional Unix seconds), as some documented bodies show', warnedBy: [] },
  { name: 'json-no-charset', description: 'Content-Type application/json without the charset parameter', warnedBy: [] },
  { name: 'key-order', description: 'JSON object keys in another order (alphabetical)', warnedBy: [] },
  { name: 'error-id-suffix', description: 'Mangopay error Id with a #<unix time> suffix', warnedBy: [] },
  { name: 'uncounted-global-states', description: 'a provider-wide state (blocked country, rejected name) is a plain set: any teardown removes it, whoever else set it up', warnedBy: [] },
  // Other readings of the sources than the spec's x-assumptions (once listed as faults).
  { name: 'unauthorized-type', description: "Mangopay 401 bodies with Type 'unauthorized' (the pages document no 401 body; the spec assumes invalid_token)", warnedBy: ['create a legal user without credentials', 'update a legal user without credentials', 'close a legal user without credentials'] },
  { name: 'udara360-failures-as-4xx', description: 'Udara360 posting failures answered as 4xx {"errors": [...]}: an unknown account 404, a replayed Request-Reference or an already closed account 409 (the spec assumes 200 with a failure posting code)', warnedBy: ['close an unknown account', 'close an open account twice with the same Request-Reference', 'close an account that is already closed'] },
  { name: 'udara360-replay-copy', description: 'a Udara360 replay with the same Request-Reference answers a copy of the first answer (00, same referenceNumber; the spec assumes 26 Duplicate Record)', warnedBy: ['close an open account twice with the same Request-Reference'] },
  { name: 'udara360-request-reference-required', description: 'Udara360 answers 400 (09) to a request without Request-Reference ("sent on every request that creates or changes data"; the spec takes it as optional: the header table does not star it)', warnedBy: ['close an unknown account'] },
  { name: 'udara360-error-fields-optional', description: 'Udara360 error objects without errorMessage (the failure format lists statusCode, errorCode, errorMessage without marking them required; the spec assumes all three)', warnedBy: WARNED_UDARA_ERRORS },
  { name: 'udara360-error-status-code-optional', description: 'Udara360 error objects without statusCode (the failure format lists the three fields without marking any required; the spec assumes all three)', warnedBy: WARNED_UDARA_ERRORS },
  { name: 'udara360-error-code-optional', description: 'Udara360 error objects without errorCode (as above; the error codes the scenarios expect are assumed too)', warnedBy: WARNED_UDARA_ERRORS },
  { name: 'udara360-errors-empty', description: 'Udara360 failure answers with an empty errors array (the format shows one item; that a failure names at least one error is assumed: minItems 1)', warnedBy: WARNED_UDARA_ERRORS },
  { name: 'udara360-instrument-number-guid', description: 'Udara360 rejects a non-GUID instrumentNumber with 400 (09) ("You can also pass a GUID to the instrumentNumber parameter" read as "only a GUID"; the spec takes the string (150) of the field table)', warnedBy: ['closeAccount: instrumentNumber at exactly maxLength 150'] },
  // Fields the create page's lost headings leave open (x-assumed: [required:Name]): accepted without them, answered null.
  { name: 'mangopay-legal-person-type-optional', description: 'Mangopay create accepts a legal user without LegalPersonType (its heading is lost from the page; the spec assumes required) and answers LegalPersonType null', warnedBy: ['createLegalUserSca: LegalPersonType missing (required)'] },
  { name: 'mangopay-legal-representative-optional', description: 'Mangopay create accepts a PAYER without LegalRepresentative (its heading is lost; an OWNER still needs it for LegalRepresentative.Email) and answers its sub-fields null', warnedBy: ['createLegalUserSca: LegalRepresentative missing (required)'] },
  { name: 'mangopay-representative-first-name-optional', description: 'Mangopay create accepts a LegalRepresentative without FirstName (the page collapses its sub-fields; the spec assumes required) and answers FirstName null', warnedBy: ['createLegalUserSca: LegalRepresentative.FirstName missing (required)'] },
  { name: 'mangopay-representative-last-name-optional', description: 'Mangopay create accepts a LegalRepresentative without LastName (as above) and answers LastName null', warnedBy: ['createLegalUserSca: LegalRepresentative.LastName missing (required)'] },
] as const satisfies readonly VariantInfo[];

export type VariantName = (typeof VARIANTS)[number]['name'];

const FAULT_NAMES = new Set<string>(FAULTS.map((f) => f.name));
const VARIANT_NAMES = new Set<string>(VARIANTS.map((v) => v.name));

/** Unknown names are a mistake in the self-test, not something to ignore. */
export function checkNames(faults: readonly string[] = [], variants: readonly string[] = []): void {
  const badF = faults.filter((f) => !FAULT_NAMES.has(f));
  if (badF.length) throw new Error(`unknown fault${badF.length > 1 ? 's' : ''}: ${badF.join(', ')} (see FAULTS in src/testing/faults.ts)`);
  const badV = variants.filter((v) => !VARIANT_NAMES.has(v));
  if (badV.length) throw new Error(`unknown variant${badV.length > 1 ? 's' : ''}: ${badV.join(', ')} (known: ${[...VARIANT_NAMES].join(', ')})`);
}
