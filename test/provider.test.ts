import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadApi, validateResponse, type LoadedApi } from '../src/validate/index.js';
import { startReferenceProvider, type ReferenceProvider } from '../src/provider/index.js';
import { FAULTS, VARIANTS } from '../src/testing.js';
import * as library from '../src/index.js';
import { MANGOPAY_EMAIL_REGEX } from '../src/provider/mangopay-params.js';

const ROOT = join(import.meta.dirname, '..');
const AUTH = { authorization: 'Bearer specgate-reference-token' };
type Obj = Record<string, any>;

interface Reply {
  status: number;
  contentType: string | null;
  text: string;
  body: any;
}

let provider: ReferenceProvider;
const apis: Record<string, LoadedApi> = {};

beforeAll(async () => {
  provider = await startReferenceProvider();
  for (const name of ['mangopay', 'qonto', 'udara360']) apis[name] = await loadApi(name);
});
afterAll(() => provider?.close());

async function call(base: string, method: string, path: string, opts: { body?: unknown; raw?: string; headers?: Record<string, string>; auth?: boolean } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(opts.auth === false ? {} : AUTH), ...(opts.headers ?? {}) };
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, body: parsed };
}
const req = (method: string, path: string, opts?: Parameters<typeof call>[3]) => call(provider.url, method, path, opts);

async function state(name: string, params: Obj = {}, action: 'setup' | 'teardown' | undefined = 'setup', base = provider.stateUrl) {
  const res = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(action ? { state: name, params, action } : { state: name, params }) });
  return { status: res.status, body: (await res.json()) as Obj };
}
async function setup(name: string, params: Obj = {}): Promise<Obj> {
  const r = await state(name, params);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** The response conforms to the spec: status documented, content type, body schema. */
function conforms(api: string, operationId: string, r: Reply) {
  const issues = validateResponse(apis[api], operationId, { status: r.status, headers: r.contentType ? { 'content-type': r.contentType } : {}, body: r.body });
  expect(issues, JSON.stringify(issues, null, 1)).toEqual([]);
}

function example(api: string, operationId: string, status: number, name: string): Obj {
  const op = apis[api].operation(operationId)!;
  const res = op.responses.find((r) => r.status === String(status))!;
  for (const m of res.content) for (const e of m.examples) if (e.name === name) return e.value as Obj;
  throw new Error(`no example ${name} under ${api} ${operationId} ${status}`);
}
function requestExample(api: string, operationId: string): Obj {
  return structuredClone(apis[api].operation(operationId)!.requestBody!.content[0].examples[0].value) as Obj;
}

/** A Mangopay error is the documented one: same Message, Type and errors; Id and Date are fresh. */
function isMangopayError(r: Reply, operationId: string, status: number, exampleName: string) {
  expect(r.status, r.text).toBe(status);
  const ex = example('mangopay', operationId, status, exampleName);
  expect(r.body).toMatchObject({ Message: ex.Message, Type: ex.Type, errors: ex.errors });
  expect(Object.keys(r.body).sort()).toEqual(['Date', 'Id', 'Message', 'Type', 'errors']);
  expect(Number.isInteger(r.body.Date)).toBe(true);
  expect(Math.abs(r.body.Date - Date.now() / 1000)).toBeLessThan(30);
  expect(r.body.Id).not.toBe(ex.Id);
  conforms('mangopay', operationId, r);
}

const MP = '/v2.01/specgate-client';
const createBody = () => requestExample('mangopay', 'createLegalUserSca');
const ownerBody = (): Obj => ({
  UserCategory: 'OWNER',
  TermsAndConditionsAccepted: true,
  LegalPersonType: 'BUSINESS',
  Name: 'Best Business',
  Email: 'best.business@example.com',
  CompanyNumber: '123456789',
  LegalRepresentative: { FirstName: 'Alex', LastName: 'Smith', Email: 'alex.smith@example.com', Birthday: 652117514, Nationality: 'FR', CountryOfResidence: 'FR' },
  HeadquartersAddress: { AddressLine1: '34 rue des Entreprises', City: 'Paris', PostalCode: '75001', Country: 'FR' },
  LegalRepresentativeAddress: { AddressLine1: '34 rue des Entreprises', City: 'Paris', PostalCode: '75001', Country: 'FR' },
});
const payerUser = async (terms = false) => (await setup('a legal user exists', { UserCategory: 'PAYER', LegalPersonType: 'BUSINESS', TermsAndConditionsAccepted: terms })).UserId as string;

// ---- provider states ----------------------------------------------------------------------------

describe('provider states', () => {
  const table: [string, Obj, string[]][] = [
    ['a legal user exists', { UserCategory: 'PAYER', LegalPersonType: 'BUSINESS', TermsAndConditionsAccepted: false }, ['UserId']],
    ['a legal user exists', { UserCategory: 'OWNER', LegalPersonType: 'SOLETRADER', TermsAndConditionsAccepted: 'true' }, ['UserId']],
    ['a legal user exists whose wallets are not empty', {}, ['UserId']],
    ['a legal user exists that is already closed', {}, ['UserId']],
    ['the country is blocked', { Country: 'IR' }, []],
    ['the anti-fraud policy rejects the name', { Name: 'Donald Duck' }, []],
    ['a business account exists', {}, ['id']],
    ['the main business account exists', {}, ['id']],
    ['a business account with a non-zero balance exists', {}, ['id']],
    ['an external business account exists', {}, ['id']],
    ['the access token lacks the bank_account.write scope', {}, ['token']],
    ['an open account exists', {}, ['accountNumber']],
  ];

  it.each(table)('%s: setup answers its values, teardown answers {}', async (name, params, keys) => {
    const values = await setup(name, params);
    expect(Object.keys(values).sort()).toEqual(keys);
    for (const k of keys) expect(typeof values[k]).toBe('string');
    const down = await state(name, { ...params, ...values }, 'teardown');
    expect(down).toEqual({ status: 200, body: {} });
  });

  it('covers every state of DESIGN.md', async () => {
    const design = readFileSync(join(ROOT, 'docs', 'DESIGN.md'), 'utf8');
    const names = [...design.matchAll(/^\| (?:mangopay|qonto|udara360) \| `([^`]+)`[^|]*\|/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThanOrEqual(11);
    const listed = (await (await fetch(provider.stateUrl)).json()) as { states: string[] };
    expect(listed.states.sort()).toEqual([...new Set(names)].sort());
  });

  it('answers the mangopay ids in the user_m_ + ULID form, fresh on every setup (also concurrently)', async () => {
    const ids = await Promise.all(Array.from({ length: 25 }, () => payerUser()));
    for (const id of ids) expect(id).toMatch(/^user_m_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(new Set(ids).size).toBe(25);
    const accounts = await Promise.all(Array.from({ length: 10 }, () => setup('an open account exists')));
    expect(new Set(accounts.map((a) => a.accountNumber)).size).toBe(10);
  });

  it('treats a body without action as a setup (pact-js style)', async () => {
    const r = await state('a business account exists', {}, undefined);
    expect(r.status).toBe(200);
    expect(r.body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown state, a bad action or bad params with a 400 JSON error', async () => {
    const unknown = await state('the moon is made of cheese');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain('unknown provider state');
    expect(unknown.body.knownStates).toContain('a legal user exists');
    expect((await state('a legal user exists', {}, 'dance' as never)).status).toBe(400);
    expect((await state('a legal user exists', { UserCategory: 'KING' })).status).toBe(400);
    expect((await state('a legal user exists', { UserCategory: 'OWNER', TermsAndConditionsAccepted: false })).status).toBe(400);
    expect((await state('the country is blocked', {})).status).toBe(400);
    const notJson = await fetch(provider.stateUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as Obj).error).toBeTruthy();
  });

  it('teardown of an entity state removes the entity named in params', async () => {
    const id = await payerUser();
    await state('a legal user exists', { UserId: id }, 'teardown');
    const r = await req('PUT', `${MP}/users/legal/${id}`, { body: requestExample('mangopay', 'updateLegalUser') });
    expect(r.status).toBe(404);
  });

  it('counts by-value registrations, so one teardown does not undo a concurrent setup', async () => {
    const body = createBody();
    body.LegalRepresentativeAddress.Country = 'SY';
    await setup('the country is blocked', { Country: 'SY' });
    await setup('the country is blocked', { Country: 'SY' });
    await state('the country is blocked', { Country: 'SY' }, 'teardown');
    expect((await req('POST', `${MP}/sca/users/legal`, { body })).status).toBe(400);
    await state('the country is blocked', { Country: 'SY' }, 'teardown');
    expect((await req('POST', `${MP}/sca/users/legal`, { body })).status).toBe(200);
  });

  it('does not serve the states of an API it was not started with', async () => {
    const only = await startReferenceProvider({ apis: ['qonto'] });
    try {
      expect((await state('an open account exists', {}, 'setup', only.stateUrl)).status).toBe(400);
      expect((await state('a business account exists', {}, 'setup', only.stateUrl)).status).toBe(200);
      expect((await call(only.url, 'POST', '/api/postings/v1/closeaccount', { body: {} })).status).toBe(404);
    } finally {
      await only.close();
    }
  });
});

// ---- Mangopay: Create a Legal User (SCA) --------------------------------------------------------

describe('mangopay createLegalUserSca', () => {
  it('creates the documented PAYER with every documented field, nulls where not set', async () => {
    const before = Math.floor(Date.now() / 1000);
    const r = await req('POST', `${MP}/sca/users/legal`, { body: createBody() });
    expect(r.status, r.text).toBe(200);
    expect(r.contentType).toBe('application/json; charset=utf-8');
    conforms('mangopay', 'createLegalUserSca', r);
    const ex = example('mangopay', 'createLegalUserSca', 200, 'payer_created');
    expect(Object.keys(r.body)).toEqual(Object.keys(ex));
    expect(Object.keys(r.body.LegalRepresentative)).toEqual(Object.keys(ex.LegalRepresentative));
    const { Id, CreationDate, ...rest } = r.body;
    const { Id: _i, CreationDate: _c, ...exRest } = ex;
    expect(rest).toEqual(exRest);
    expect(Id).toMatch(/^user_m_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(Number.isInteger(CreationDate)).toBe(true);
    expect(CreationDate).toBeGreaterThanOrEqual(before);
    expect(CreationDate).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('creates an OWNER business as ACTIVE with its terms acceptance date', async () => {
    const r = await req('POST', `${MP}/sca/users/legal`, { body: ownerBody() });
    expect(r.status, r.text).toBe(200);
    conforms('mangopay', 'createLegalUserSca', r);
    expect(r.body).toMatchObject({ UserCategory: 'OWNER', UserStatus: 'ACTIVE', PendingUserAction: null, CompanyNumber: '123456789', KYCLevel: 'LIGHT' });
    expect(r.body.LegalRepresentative).toMatchObject({ Email: 'alex.smith@example.com', Birthday: 652117514, Nationality: 'FR', PhoneNumber: null });
    expect(r.body.HeadquartersAddress).toEqual({ AddressLine1: '34 rue des Entreprises', AddressLine2: null, City: 'Paris', Region: null, PostalCode: '75001', Country: 'FR' });
    expect(typeof r.body.TermsAndConditionsAcceptedDate).toBe('number');
  });

  it('sends an OWNER sole trader to SCA enrollment (PENDING_USER_ACTION with a RedirectUrl)', async () => {
    const r = await req('POST', `${MP}/sca/users/legal`, { body: { ...ownerBody(), LegalPersonType: 'SOLETRADER' } });
    expect(r.status, r.text).toBe(200);
    conforms('mangopay', 'createLegalUserSca', r);
    expect(r.body.UserStatus).toBe('PENDING_USER_ACTION');
    expect(r.body.PendingUserAction.RedirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_specgate\/sca\/user_m_/);
    const enrolled = await fetch(r.body.PendingUserAction.RedirectUrl);
    expect(((await enrolled.json()) as Obj).UserStatus).toBe('ACTIVE');
  });

  it('refuses an OWNER who has not accepted the terms and conditions', async () => {
    const r = await req('POST', `${MP}/sca/users/legal`, { body: { ...ownerBody(), TermsAndConditionsAccepted: false } });
    isMangopayError(r, 'createLegalUserSca', 400, 'user_hasnt_accepted_terms_and_conditions');
  });

  it("refuses an OWNER without LegalRepresentative.Email: 'Email' must not be empty.", async () => {
    const body = ownerBody();
    delete body.LegalRepresentative.Email;
    isMangopayError(await req('POST', `${MP}/sca/users/legal`, { body }), 'createLegalUserSca', 400, 'param_error_email_empty');
  });

  it('refuses an invalid legal representative email with the documented regular-expression message', async () => {
    const body = createBody();
    body.LegalRepresentative.Email = 'not-an-email';
    const r = await req('POST', `${MP}/sca/users/legal`, { body });
    isMangopayError(r, 'createLegalUserSca', 400, 'param_error_email_regex');
    expect(r.body.errors['LegalRepresentative.Email']).toBe(`The field Email must match the regular expression '${MANGOPAY_EMAIL_REGEX}'.`);
  });

  it('enforces Name max length 255 exactly (255 passes, 256 is a param_error on Name)', async () => {
    const ok = await req('POST', `${MP}/sca/users/legal`, { body: { ...createBody(), Name: 'a'.repeat(255) } });
    expect(ok.status, ok.text).toBe(200);
    const bad = await req('POST', `${MP}/sca/users/legal`, { body: { ...createBody(), Name: 'a'.repeat(256) } });
    expect(bad.status).toBe(400);
    expect(bad.body.Type).toBe('param_error');
    expect(bad.body.errors).toEqual({ Name: 'The field Name must be a string with a maximum length of 255.' });
    conforms('mangopay', 'createLegalUserSca', bad);
  });

  it('reports missing required fields and wrong types as param_error keyed by dotted name', async () => {
    const body = createBody();
    delete body.Email;
    body.LegalRepresentative.FirstName = 42;
    body.UserCategory = 'PLATFORM';
    const r = await req('POST', `${MP}/sca/users/legal`, { body });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.errors).sort()).toEqual(['Email', 'LegalRepresentative.FirstName', 'UserCategory']);
    expect(r.body.errors.Email).toBe("'Email' must not be empty.");
    conforms('mangopay', 'createLegalUserSca', r);
  });

  it('refuses malformed JSON and a body that is not JSON with a param_error', async () => {
    const r = await req('POST', `${MP}/sca/users/legal`, { raw: '{"Name": ', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.body.Type).toBe('param_error');
    conforms('mangopay', 'createLegalUserSca', r);
    const t = await req('POST', `${MP}/sca/users/legal`, { raw: 'Name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(t.status).toBe(400);
    expect(t.body.errors['Content-Type']).toBeTruthy();
  });

  it('refuses a blocked headquarters country (state: the country is blocked)', async () => {
    await setup('the country is blocked', { Country: 'KP' });
    try {
      const body = { ...createBody(), HeadquartersAddress: { AddressLine1: '1 Main Street', City: 'Pyongyang', PostalCode: '00001', Country: 'KP' } };
      isMangopayError(await req('POST', `${MP}/sca/users/legal`, { body }), 'createLegalUserSca', 400, 'param_error_country_blocked');
      const lr = ownerBody();
      lr.LegalRepresentative.Nationality = 'KP';
      const r = await req('POST', `${MP}/sca/users/legal`, { body: lr });
      expect(r.body.errors).toEqual({ 'LegalRepresentative.Nationality': 'The LegalRepresentative.Nationality used is blocked' });
    } finally {
      await state('the country is blocked', { Country: 'KP' }, 'teardown');
    }
  });

  it('refuses a name the anti-fraud policy rejects, only while the state is set up', async () => {
    const body = { ...createBody(), Name: 'Mickey Mouse' };
    await setup('the anti-fraud policy rejects the name', { Name: 'Mickey Mouse' });
    isMangopayError(await req('POST', `${MP}/sca/users/legal`, { body }), 'createLegalUserSca', 400, 'fraud_policy');
    await state('the anti-fraud policy rejects the name', { Name: 'Mickey Mouse' }, 'teardown');
    expect((await req('POST', `${MP}/sca/users/legal`, { body })).status).toBe(200);
  });

  it('answers 401 invalid_token without credentials, with the invalid token and with a malformed header', async () => {
    for (const headers of [undefined, { authorization: 'Bearer specgate-invalid-token' }, { authorization: 'Basic abc' }, { authorization: 'Bearer' }]) {
      const r = await req('POST', `${MP}/sca/users/legal`, { body: createBody(), auth: false, headers });
      isMangopayError(r, 'createLegalUserSca', 401, 'unauthorized');
    }
  });

  it('replays an Idempotency-Key with the same body and answers 409 for another body', async () => {
    const headers = { 'Idempotency-Key': `specgate-test-${Date.now()}` };
    const first = await req('POST', `${MP}/sca/users/legal`, { body: createBody(), headers });
    const again = await req('POST', `${MP}/sca/users/legal`, { body: createBody(), headers });
    expect(first.status).toBe(200);
    expect(again.body.Id).toBe(first.body.Id);
    const other = await req('POST', `${MP}/sca/users/legal`, { body: { ...createBody(), Tag: 'another body' }, headers });
    isMangopayError(other, 'createLegalUserSca', 409, 'idempotent_creation_conflict');
    const badKey = await req('POST', `${MP}/sca/users/legal`, { body: createBody(), headers: { 'Idempotency-Key': 'short' } });
    expect(badKey.status).toBe(400);
    expect(Object.keys(badKey.body.errors)).toEqual(['Idempotency-Key']);
  });
});

// ---- Mangopay: Update a Legal User -------------------------------------------------------------

describe('mangopay updateLegalUser', () => {
  const update = (id: string, body: unknown, opts: Parameters<typeof call>[3] = {}) => req('PUT', `${MP}/users/legal/${id}`, { ...opts, body });

  it('answers the documented request with the flat LegalRepresentative* shape', async () => {
    const id = await payerUser();
    const r = await update(id, requestExample('mangopay', 'updateLegalUser'));
    expect(r.status, r.text).toBe(200);
    conforms('mangopay', 'updateLegalUser', r);
    const ex = example('mangopay', 'updateLegalUser', 200, 'payer_updated');
    expect(Object.keys(r.body)).toEqual(Object.keys(ex));
    expect(r.body).toMatchObject({ Id: id, Tag: 'New tag', UserCategory: 'PAYER', TermsAndConditionsAccepted: false, Name: 'Best Business', LegalRepresentativeFirstName: 'Alex' });
    expect(r.body.HeadquartersAddress).toEqual(ex.HeadquartersAddress);
    expect(r.body.LegalRepresentativeAddress).toEqual(ex.LegalRepresentativeAddress);
  });

  it('upgrades a PAYER to OWNER with a complete body and sets the terms acceptance date', async () => {
    const id = await payerUser();
    const body = {
      UserCategory: 'OWNER',
      TermsAndConditionsAccepted: true,
      LegalPersonType: 'BUSINESS',
      CompanyNumber: '123456789',
      HeadquartersAddress: { AddressLine1: '34 rue des Entreprises', City: 'Paris', PostalCode: '75001', Country: 'FR' },
      LegalRepresentativeEmail: 'alex.smith@example.com',
      LegalRepresentativeBirthday: 652117514,
      LegalRepresentativeNationality: 'FR',
      LegalRepresentativeCountryOfResidence: 'FR',
    };
    const r = await update(id, body);
    expect(r.status, r.text).toBe(200);
    conforms('mangopay', 'updateLegalUser', r);
    expect(r.body).toMatchObject({ UserCategory: 'OWNER', LegalRepresentativeBirthday: 652117514, LegalRepresentativeEmail: 'alex.smith@example.com', CompanyNumber: '123456789' });
    expect(typeof r.body.TermsAndConditionsAcceptedDate).toBe('number');
    // Once OWNER, never PAYER again; and an OWNER must keep the terms accepted.
    isMangopayError(await update(id, { UserCategory: 'PAYER', TermsAndConditionsAccepted: true }), 'updateLegalUser', 400, 'param_error_user_category');
    isMangopayError(await update(id, { ...body, TermsAndConditionsAccepted: false }), 'updateLegalUser', 400, 'user_hasnt_accepted_terms_and_conditions');
  });

  it("refuses to turn an OWNER into a PAYER: param_error on UserCategory", async () => {
    const { UserId } = await setup('a legal user exists', { UserCategory: 'OWNER', LegalPersonType: 'BUSINESS', TermsAndConditionsAccepted: true });
    isMangopayError(await update(UserId, { ...requestExample('mangopay', 'updateLegalUser'), TermsAndConditionsAccepted: true }), 'updateLegalUser', 400, 'param_error_user_category');
  });

  it('refuses to revoke an accepted terms-and-conditions acceptance', async () => {
    const id = await payerUser(true);
    isMangopayError(await update(id, requestExample('mangopay', 'updateLegalUser')), 'updateLegalUser', 400, 'invalid_action_terms_revoked');
  });

  it('refuses to make a PAYER an OWNER without accepting the terms and conditions', async () => {
    const id = await payerUser();
    const body = {
      UserCategory: 'OWNER',
      TermsAndConditionsAccepted: false,
      LegalPersonType: 'BUSINESS',
      CompanyNumber: '123456789',
      HeadquartersAddress: { AddressLine1: '34 rue des Entreprises', Country: 'FR' },
      LegalRepresentativeEmail: 'alex.smith@example.com',
      LegalRepresentativeBirthday: 652117514,
      LegalRepresentativeNationality: 'FR',
      LegalRepresentativeCountryOfResidence: 'FR',
    };
    isMangopayError(await update(id, body), 'updateLegalUser', 400, 'user_hasnt_accepted_terms_and_conditions');
  });

  it('reports the flat LegalRepresentativeEmail as LegalRepresentative.Email, with the documented message', async () => {
    const id = await payerUser();
    isMangopayError(await update(id, { ...requestExample('mangopay', 'updateLegalUser'), LegalRepresentativeEmail: 'not-an-email' }), 'updateLegalUser', 400, 'param_error_email_regex');
  });

  it('refuses a blocked country and a rejected name', async () => {
    const id = await payerUser();
    await setup('the country is blocked', { Country: 'KP' });
    await setup('the anti-fraud policy rejects the name', { Name: 'Mickey Mouse' });
    try {
      const hq = { AddressLine1: '1 Main Street', City: 'Pyongyang', PostalCode: '00001', Country: 'KP' };
      isMangopayError(await update(id, { ...requestExample('mangopay', 'updateLegalUser'), HeadquartersAddress: hq }), 'updateLegalUser', 400, 'param_error_country_blocked');
      isMangopayError(await update(id, { ...requestExample('mangopay', 'updateLegalUser'), Name: 'mickey  mouse' }), 'updateLegalUser', 400, 'fraud_policy');
    } finally {
      await state('the country is blocked', { Country: 'KP' }, 'teardown');
      await state('the anti-fraud policy rejects the name', { Name: 'Mickey Mouse' }, 'teardown');
    }
  });

  it('answers 404 ressource_not_found for an unknown UserId and 401 without credentials', async () => {
    isMangopayError(await update('user_m_00000000000000000000000000', requestExample('mangopay', 'updateLegalUser')), 'updateLegalUser', 404, 'ressource_not_found');
    const id = await payerUser();
    isMangopayError(await update(id, requestExample('mangopay', 'updateLegalUser'), { auth: false }), 'updateLegalUser', 401, 'unauthorized');
  });

  it('refuses a UserId over 128 characters as a param_error', async () => {
    const r = await update('u'.repeat(129), requestExample('mangopay', 'updateLegalUser'));
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.errors)).toEqual(['UserId']);
    conforms('mangopay', 'updateLegalUser', r);
  });
});

// ---- Mangopay: Close a Legal User --------------------------------------------------------------

describe('mangopay closeLegalUser', () => {
  const close = (id: string, opts: Parameters<typeof call>[3] = {}) => req('DELETE', `${MP}/users/legal/${id}`, opts);

  it('closes with 204 and no body, permanently', async () => {
    const id = await payerUser();
    const r = await close(id);
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    conforms('mangopay', 'closeLegalUser', r);
    isMangopayError(await close(id), 'closeLegalUser', 400, 'user_closure_failed');
    isMangopayError(await close(id), 'closeLegalUser', 400, 'user_closure_failed');
    const upd = await req('PUT', `${MP}/users/legal/${id}`, { body: requestExample('mangopay', 'updateLegalUser') });
    expect(upd.status).toBe(400);
    conforms('mangopay', 'updateLegalUser', upd);
  });

  it('refuses a user whose wallets are not empty, and one already closed', async () => {
    const { UserId: full } = await setup('a legal user exists whose wallets are not empty');
    isMangopayError(await close(full), 'closeLegalUser', 400, 'user_closure_not_possible');
    isMangopayError(await close(full), 'closeLegalUser', 400, 'user_closure_not_possible');
    const { UserId: closed } = await setup('a legal user exists that is already closed');
    isMangopayError(await close(closed), 'closeLegalUser', 400, 'user_closure_failed');
  });

  it('answers 404 for an unknown user and 401 without credentials (the user stays open)', async () => {
    isMangopayError(await close('user_m_00000000000000000000000000'), 'closeLegalUser', 404, 'ressource_not_found');
    const id = await payerUser();
    isMangopayError(await close(id, { auth: false }), 'closeLegalUser', 401, 'unauthorized');
    isMangopayError(await close(id, { auth: false, headers: { authorization: 'Bearer specgate-invalid-token' } }), 'closeLegalUser', 401, 'unauthorized');
    expect((await close(id)).status).toBe(204);
  });
});

// ---- Qonto: Close a business account ------------------------------------------------------------

describe('qonto closeBusinessAccount', () => {
  const close = (id: string, opts: Parameters<typeof call>[3] = {}) => req('POST', `/v2/bank_accounts/${id}/close`, opts);
  const isQontoError = (r: Reply, status: number, code: string, exampleName?: string) => {
    expect(r.status, r.text).toBe(status);
    expect(r.body.errors.map((e: Obj) => e.code)).toEqual([code]);
    if (exampleName) expect(r.body).toEqual(example('qonto', 'closeBusinessAccount', status, exampleName));
    conforms('qonto', 'closeBusinessAccount', r);
  };

  it('closes an account: 200 with every BankAccount field, status closed, balance as a string; permanently', async () => {
    const { id } = await setup('a business account exists');
    const r = await close(id);
    expect(r.status, r.text).toBe(200);
    conforms('qonto', 'closeBusinessAccount', r);
    expect(r.body.bank_account).toMatchObject({ id, status: 'closed', main: false, balance: '0.00', balance_cents: 0, authorized_balance: '0.00', is_external_account: false, currency: 'EUR' });
    expect(Object.keys(r.body.bank_account).sort()).toEqual(
      ['account_number', 'authorized_balance', 'authorized_balance_cents', 'balance', 'balance_cents', 'bic', 'currency', 'iban', 'id', 'is_external_account', 'main', 'name', 'organization_id', 'status', 'updated_at'].sort(),
    );
    expect(r.body.bank_account.iban).toMatch(/^FR76\d{23}$/);
    expect(Number.isNaN(Date.parse(r.body.bank_account.updated_at))).toBe(false);
    const again = await close(id);
    expect(again.status).toBe(400);
    conforms('qonto', 'closeBusinessAccount', again);
  });

  it('refuses the main account, a non-zero balance and an external account with the documented bodies', async () => {
    isQontoError(await close((await setup('the main business account exists')).id), 400, 'main_account', 'main_account');
    isQontoError(await close((await setup('a business account with a non-zero balance exists')).id), 400, 'balance_not_zero', 'balance_not_zero');
    isQontoError(await close((await setup('an external business account exists')).id), 400, 'external_bank_account', 'external_bank_account');
  });

  it('answers 401 without credentials or with an invalid or malformed token, 403 for a token without the scope', async () => {
    const { id } = await setup('a business account exists');
    isQontoError(await close(id, { auth: false }), 401, 'authorization_header_missing', 'authorization_header_missing');
    isQontoError(await close(id, { auth: false, headers: { authorization: 'Bearer specgate-invalid-token' } }), 401, 'authorization_token_invalid', 'authorization_token_invalid');
    isQontoError(await close(id, { auth: false, headers: { authorization: 'Token abc' } }), 401, 'authorization_token_invalid');
    const { token } = await setup('the access token lacks the bank_account.write scope');
    isQontoError(await close('00000000-0000-4000-8000-000000000001', { auth: false, headers: { authorization: `Bearer ${token}` } }), 403, 'forbidden', 'Insufficient permissions');
    isQontoError(await close(id, { auth: false, headers: { authorization: `Bearer ${token}` } }), 403, 'forbidden');
    // Nothing of the above closed it.
    expect((await close(id)).status).toBe(200);
  });

  it('answers 404 not_found for an unknown account', async () => {
    const r = await close('00000000-0000-4000-8000-000000000000');
    isQontoError(r, 404, 'not_found');
    expect(r.body.errors[0]).toEqual({ code: 'not_found', detail: 'Object not found', source: { parameter: 'id' } });
  });
});

// ---- Udara360: Close Account --------------------------------------------------------------------

describe('udara360 closeAccount', () => {
  const PATH = '/api/postings/v1/closeaccount';
  const close = (body: unknown, opts: Parameters<typeof call>[3] = {}) => req('POST', PATH, { ...opts, body });
  const isUdaraError = (r: Reply, status: number, exampleName: string) => {
    expect(r.status, r.text).toBe(status);
    expect(r.body).toEqual(example('udara360', 'closeAccount', status, exampleName));
    conforms('udara360', 'closeAccount', r);
  };

  it('closes an open account with posting code 00, permanently', async () => {
    const { accountNumber } = await setup('an open account exists');
    const r = await close({ accountNumber, closureReason: "Customer's request", instrumentNumber: 'my-instrument-1' });
    expect(r.status, r.text).toBe(200);
    conforms('udara360', 'closeAccount', r);
    expect(r.body).toMatchObject({ status: true, data: { statusCode: '00', instrumentNumber: 'my-instrument-1' } });
    expect(r.body.data.duration).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{7}$/);
    expect(r.body.data.referenceNumber).toMatch(/^CLS\d{20}$/);
    const again = await close({ accountNumber, closureReason: "Customer's request" });
    expect(again.status).toBe(200);
    expect(again.body.data.statusCode).toBe('06');
    expect(again.body.data.instrumentNumber).toMatch(/^[0-9a-f-]{36}$/);
    conforms('udara360', 'closeAccount', again);
  });

  it('answers 26 Duplicate Record to a replayed Request-Reference, 25 No Record Found to an unknown account', async () => {
    const { accountNumber } = await setup('an open account exists');
    const headers = { 'Request-Reference': `test-${accountNumber}` };
    expect((await close({ accountNumber, closureReason: 'Duplication' }, { headers })).body.data.statusCode).toBe('00');
    const replay = await close({ accountNumber, closureReason: 'Duplication' }, { headers });
    expect(replay.body).toMatchObject({ status: true, message: 'Duplicate Record', data: { statusCode: '26' } });
    conforms('udara360', 'closeAccount', replay);
    const unknown = await close({ accountNumber: '0000000000', closureReason: "Customer's request" });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ status: true, message: 'No Record Found', data: { statusCode: '25' } });
    conforms('udara360', 'closeAccount', unknown);
  });

  it('answers the documented 400 model-validation bodies', async () => {
    isUdaraError(await close({ closureReason: "Customer's request" }), 400, 'missing_account_number');
    const { accountNumber } = await setup('an open account exists');
    isUdaraError(await close({ accountNumber }), 400, 'missing_closure_reason');
    isUdaraError(await close({ accountNumber: '1'.repeat(151), closureReason: "Customer's request" }), 400, 'account_number_too_long');
    // The refused request did not close the account.
    expect((await close({ accountNumber, closureReason: 'Court order' })).body.data.statusCode).toBe('00');
    expect((await close({ accountNumber: '1'.repeat(150), closureReason: 'x'.repeat(150) })).body.data.statusCode).toBe('25');
  });

  it('answers 400 with errorCode 09 for wrong types, malformed JSON and an over-long Request-Reference', async () => {
    for (const r of [
      await close({ accountNumber: 12345, closureReason: 'x' }),
      await req('POST', PATH, { raw: '{"accountNumber":', headers: { 'content-type': 'application/json' } }),
      await req('POST', PATH, { raw: '', headers: { 'content-type': 'application/json' } }),
      await close({ accountNumber: '1', closureReason: 'x' }, { headers: { 'Request-Reference': 'r'.repeat(101) } }),
    ]) {
      expect(r.status, r.text).toBe(400);
      expect(r.body.errors[0]).toMatchObject({ statusCode: 400, errorCode: '09' });
      conforms('udara360', 'closeAccount', r);
    }
  });

  it('answers the documented 401 bodies without a token and with an invalid one', async () => {
    isUdaraError(await close({ accountNumber: '0000000000', closureReason: 'x' }, { auth: false }), 401, 'missing_token');
    isUdaraError(await close({ accountNumber: '0000000000', closureReason: 'x' }, { auth: false, headers: { authorization: 'Bearer specgate-invalid-token' } }), 401, 'invalid_token');
  });
});

// ---- routing, variants, faults -------------------------------------------------------------------

describe('routing', () => {
  it('answers 404 for an unknown path and 405 for a known path with another method', async () => {
    expect((await req('GET', '/nothing/here')).status).toBe(404);
    const r = await req('GET', '/v2/bank_accounts/x/close');
    expect(r.status).toBe(405);
  });
});

describe('variants (correct but unusual: must still conform)', () => {
  let unusual: ReferenceProvider;
  beforeAll(async () => {
    unusual = await startReferenceProvider({ variants: VARIANTS.map((v) => v.name) });
  });
  afterAll(() => unusual?.close());
  const st = async (name: string, params: Obj = {}) => (await state(name, params, 'setup', unusual.stateUrl)).body;

  it('still conforms with extra fields, float dates, no charset, sorted keys and suffixed error ids', async () => {
    const created = await call(unusual.url, 'POST', `${MP}/sca/users/legal`, { body: createBody() });
    expect(created.status).toBe(200);
    expect(created.contentType).toBe('application/json');
    expect(created.body.ScaContext).toBe('USER_PRESENT');
    expect(Object.keys(created.body)).toEqual([...Object.keys(created.body)].sort());
    conforms('mangopay', 'createLegalUserSca', created);

    const { UserId } = await st('a legal user exists');
    const updated = await call(unusual.url, 'PUT', `${MP}/users/legal/${UserId}`, { body: requestExample('mangopay', 'updateLegalUser') });
    conforms('mangopay', 'updateLegalUser', updated);

    const err = await call(unusual.url, 'DELETE', `${MP}/users/legal/user_m_00000000000000000000000000`);
    expect(err.status).toBe(404);
    expect(Number.isInteger(err.body.Date)).toBe(false);
    expect(err.body.Id).toMatch(/^[0-9a-f-]{36}#\d+$/);
    expect(err.body.RequestId).toBeTruthy();
    conforms('mangopay', 'closeLegalUser', err);

    const { id } = await st('a business account exists');
    const q = await call(unusual.url, 'POST', `/v2/bank_accounts/${id}/close`);
    expect(q.body.bank_account.slug).toBeTruthy();
    conforms('qonto', 'closeBusinessAccount', q);
    const qe = await call(unusual.url, 'POST', `/v2/bank_accounts/${id}/close`, { auth: false });
    expect(qe.body.trace_id).toBeTruthy();
    conforms('qonto', 'closeBusinessAccount', qe);

    const { accountNumber } = await st('an open account exists');
    // With a Request-Reference: one variant reads "sent on every request that creates or changes data" as required.
    const u = await call(unusual.url, 'POST', '/api/postings/v1/closeaccount', { body: { accountNumber, closureReason: 'x' }, headers: { 'Request-Reference': `unusual-${accountNumber}` } });
    expect(u.body.data.transactionDate).toBeTruthy();
    conforms('udara360', 'closeAccount', u);
  });
});

describe('faults (mutation self-test hook)', () => {
  const sources = readdirSync(join(ROOT, 'src', 'provider'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(ROOT, 'src', 'provider', f), 'utf8'))
    .join('\n');
  const scenarioNames = new Set(
    ['mangopay', 'qonto', 'udara360'].flatMap((api) => (parseYaml(readFileSync(join(ROOT, 'specs', api, 'specgate.yaml'), 'utf8')) as { scenarios: { name: string }[] }).scenarios.map((s) => s.name)),
  );

  it('lists at least 25 faults over all five operations, each used in a handler and caught by a named scenario', () => {
    expect(FAULTS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(FAULTS.map((f) => f.name)).size).toBe(FAULTS.length);
    const ops = new Set(FAULTS.map((f) => f.operationId));
    for (const op of ['createLegalUserSca', 'updateLegalUser', 'closeLegalUser', 'closeBusinessAccount', 'closeAccount']) expect(ops).toContain(op);
    for (const f of FAULTS) {
      expect(sources, f.name).toContain(`'${f.name}'`);
      expect(f.description.length).toBeGreaterThan(10);
      expect(f.caughtBy.length).toBeGreaterThan(0);
      for (const s of f.caughtBy) {
        // A binding scenario, or a generated negative one (`<operationId>: <rule>`).
        if (!scenarioNames.has(s)) expect(s, `${f.name}: unknown scenario '${s}'`).toMatch(/^(createLegalUserSca|updateLegalUser|closeLegalUser|closeBusinessAccount|closeAccount): /);
      }
    }
  });

  it('is a test harness: FAULTS and VARIANTS come from specgate/testing, not the library API', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Obj;
    expect(pkg.exports['./testing']).toEqual({ types: './dist/types/testing.d.ts', import: './dist/testing.js' });
    expect(Object.keys(library)).not.toContain('FAULTS');
    expect(Object.keys(library)).not.toContain('VARIANTS');
    expect(Object.keys(library)).toContain('startReferenceProvider');
    // The injection points stay in the provider; the catalog of what must catch them does not.
    expect(readdirSync(join(ROOT, 'src', 'provider'))).not.toContain('faults.ts');
    expect(sources).not.toMatch(/caughtBy/);
  });

  it('refuses unknown fault and variant names', async () => {
    await expect(startReferenceProvider({ faults: ['mangopay.create.no-such-bug' as never] })).rejects.toThrow(/unknown fault/);
    await expect(startReferenceProvider({ variants: ['shiny' as never] })).rejects.toThrow(/unknown variant/);
  });

  it('switches on one bug at a time, where it happens', async () => {
    const buggy = await startReferenceProvider({ faults: ['mangopay.create.status-201', 'qonto.close.main-account-closable', 'udara360.close.accepts-account-number-151', 'qonto.close.unknown-account-500', 'mangopay.close.not-permanent'] });
    try {
      expect((await call(buggy.url, 'POST', `${MP}/sca/users/legal`, { body: createBody() })).status).toBe(201);
      const { id } = (await state('the main business account exists', {}, 'setup', buggy.stateUrl)).body;
      expect((await call(buggy.url, 'POST', `/v2/bank_accounts/${id}/close`)).status).toBe(200);
      expect((await call(buggy.url, 'POST', '/v2/bank_accounts/00000000-0000-4000-8000-000000000000/close')).status).toBe(500);
      const long = await call(buggy.url, 'POST', '/api/postings/v1/closeaccount', { body: { accountNumber: '1'.repeat(151), closureReason: 'x' } });
      expect(long.status).toBe(200);
      expect((await call(buggy.url, 'POST', '/api/postings/v1/closeaccount', { body: { accountNumber: '1'.repeat(152), closureReason: 'x' } })).status).toBe(400);
      const { UserId } = (await state('a legal user exists', {}, 'setup', buggy.stateUrl)).body;
      expect((await call(buggy.url, 'DELETE', `${MP}/users/legal/${UserId}`)).status).toBe(204);
      expect((await call(buggy.url, 'DELETE', `${MP}/users/legal/${UserId}`)).status).toBe(204);
      // Faults not switched on stay off.
      const { id: ext } = (await state('an external business account exists', {}, 'setup', buggy.stateUrl)).body;
      expect((await call(buggy.url, 'POST', `/v2/bank_accounts/${ext}/close`)).status).toBe(400);
    } finally {
      await buggy.close();
    }
  });
});

// ---- specgate serve ----------------------------------------------------------------------------

describe('specgate serve', () => {
  // The global setup builds once per run; rebuild only when src/ changed since (a rebuild while
  // other test files spawn the CLI would pull dist/ from under them).
  beforeAll(() => {
    const built = (() => {
      try {
        return statSync(join(ROOT, 'dist', 'cli.js')).mtimeMs;
      } catch {
        return 0;
      }
    })();
    const newest = (dir: string): number =>
      Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((d) => (d.isDirectory() ? newest(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs)));
    if (built > newest(join(ROOT, 'src'))) return;
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  }, 60_000);

  it.each(['SIGTERM', 'SIGINT'] as const)('prints its URL and state endpoint, serves, and exits 0 on %s', async (signal) => {
    const child = spawn(process.execPath, ['bin/specgate.js', 'serve', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out} ${err}`)), 15_000);
      child.stdout.on('data', (c) => {
        out += c;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m && out.includes('/_specgate/state')) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    expect(out).toContain(`provider states: POST ${url}/_specgate/state`);
    const st = await fetch(`${url}/_specgate/state`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state: 'a business account exists', params: {}, action: 'setup' }) });
    const { id } = (await st.json()) as Obj;
    const r = await call(url, 'POST', `/v2/bank_accounts/${id}/close`);
    expect(r.status).toBe(200);
    expect(r.body.bank_account.status).toBe('closed');
    child.kill(signal);
    expect(await exited).toBe(0);
    expect(err).toBe('');
    expect(out).toContain(`POST /v2/bank_accounts/${id}/close → 200`);
  }, 30_000);

  it('prints usage on --help and exits 2 with one line on a bad flag', () => {
    const help = spawnSync(process.execPath, ['bin/specgate.js', 'serve', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: specgate serve');
    for (const args of [['--port', 'abc'], ['--api', 'stripe'], ['--nope']]) {
      const bad = spawnSync(process.execPath, ['bin/specgate.js', 'serve', ...args], { cwd: ROOT, encoding: 'utf8' });
      expect(bad.status, bad.stderr).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
