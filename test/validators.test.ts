import { beforeAll, describe, expect, it } from 'vitest';
import { loadApi, validateRequest, validateResponse, type LoadedApi, type ValidationIssue } from '../src/validate/index.js';

const JSON_CT = { 'content-type': 'application/json' };
type Body = Record<string, unknown>;

let mangopay: LoadedApi;
let qonto: LoadedApi;
let udara: LoadedApi;

beforeAll(async () => {
  [mangopay, qonto, udara] = await Promise.all([loadApi('mangopay'), loadApi('qonto'), loadApi('udara360')]);
});

function example(api: LoadedApi, operationId: string, where: 'request' | string, name?: string): Body {
  const op = api.operation(operationId)!;
  const media = where === 'request' ? op.requestBody!.content[0] : op.responses.find((r) => r.status === where)!.content[0];
  const ex = name ? media.examples.find((e) => e.name === name)! : media.examples[0];
  return structuredClone(ex.value) as Body;
}

const req = (api: LoadedApi, op: string, body: unknown) => validateRequest(api, op, { path: { ClientId: 'client', UserId: 'user_m_01' }, headers: JSON_CT, body });
const res = (api: LoadedApi, op: string, status: number, body: unknown) => validateResponse(api, op, { status, headers: JSON_CT, body });
const pointers = (issues: ValidationIssue[]) => issues.map((i) => `${i.keyword} ${i.pointer}`);

const OWNER_CREATE = {
  UserCategory: 'OWNER',
  TermsAndConditionsAccepted: true,
  LegalPersonType: 'BUSINESS',
  Name: 'Best Business',
  Email: 'best.business@example.com',
  CompanyNumber: '123456789',
  HeadquartersAddress: { AddressLine1: '1 rue', City: 'Paris', PostalCode: '75001', Country: 'FR' },
  LegalRepresentative: { FirstName: 'Alex', LastName: 'Smith', Email: 'alex@example.com' },
};

describe('createLegalUserSca request', () => {
  it('accepts the documented PAYER example and a complete OWNER', () => {
    expect(req(mangopay, 'createLegalUserSca', example(mangopay, 'createLegalUserSca', 'request'))).toEqual([]);
    expect(req(mangopay, 'createLegalUserSca', OWNER_CREATE)).toEqual([]);
  });

  it.each([
    ['a missing required field', (b: Body) => delete b.Email, 'required /Email'],
    ['a wrong type', (b: Body) => (b.TermsAndConditionsAccepted = 'yes'), 'type /TermsAndConditionsAccepted'],
    ['an enum outside', (b: Body) => (b.UserCategory = 'PLATFORM'), 'enum /UserCategory'],
    ['Name over 255 by one', (b: Body) => (b.Name = 'n'.repeat(256)), 'maxLength /Name'],
    ['LegalRepresentative.FirstName over 100 by one', (b: Body) => ((b.LegalRepresentative as Body).FirstName = 'f'.repeat(101)), 'maxLength /LegalRepresentative/FirstName'],
    ['an invalid email', (b: Body) => (b.Email = 'not-an-email'), 'format /Email'],
  ])('rejects %s with the right pointer', (_, mutate, expected) => {
    const body = example(mangopay, 'createLegalUserSca', 'request');
    mutate(body);
    expect(pointers(req(mangopay, 'createLegalUserSca', body))).toContain(expected);
  });

  it.each([
    ['OWNER without TermsAndConditionsAccepted true', (b: Body) => (b.TermsAndConditionsAccepted = false), 'const /TermsAndConditionsAccepted'],
    ['OWNER without HeadquartersAddress', (b: Body) => delete b.HeadquartersAddress, 'required /HeadquartersAddress'],
    ['OWNER without LegalRepresentative.Email', (b: Body) => delete (b.LegalRepresentative as Body).Email, 'required /LegalRepresentative/Email'],
    ['OWNER BUSINESS without CompanyNumber', (b: Body) => delete b.CompanyNumber, 'required /CompanyNumber'],
  ])('enforces the conditional rule: %s', (_, mutate, expected) => {
    const body = structuredClone(OWNER_CREATE) as Body;
    mutate(body);
    const issues = req(mangopay, 'createLegalUserSca', body);
    expect(pointers(issues)).toContain(expected);
    // Each conditional issue carries the sentence it comes from.
    expect(issues.find((i) => `${i.keyword} ${i.pointer}` === expected)?.source).toBeTruthy();
  });

  it('accepts the boundaries themselves (Name at 255, FirstName at 100 and at 1)', () => {
    const body = example(mangopay, 'createLegalUserSca', 'request');
    body.Name = 'n'.repeat(255);
    (body.LegalRepresentative as Body).FirstName = 'f'.repeat(100);
    (body.LegalRepresentative as Body).LastName = 'l';
    expect(req(mangopay, 'createLegalUserSca', body)).toEqual([]);
  });

  it('a PAYER needs none of the OWNER-only fields', () => {
    const body = structuredClone(OWNER_CREATE) as Body;
    body.UserCategory = 'PAYER';
    body.TermsAndConditionsAccepted = false;
    delete body.HeadquartersAddress;
    delete body.CompanyNumber;
    delete (body.LegalRepresentative as Body).Email;
    expect(req(mangopay, 'createLegalUserSca', body)).toEqual([]);
  });
});

describe('updateLegalUser', () => {
  it.each([
    ['a missing UserCategory', (b: Body) => delete b.UserCategory, 'required /UserCategory'],
    ['a wrong type of Tag', (b: Body) => (b.Tag = 42), 'type /Tag'],
    ['an enum outside', (b: Body) => (b.LegalPersonType = 'COMPANY'), 'enum /LegalPersonType'],
    ['Tag over 255 by one', (b: Body) => (b.Tag = 't'.repeat(256)), 'maxLength /Tag'],
    ['OWNER with TermsAndConditionsAccepted false', (b: Body) => (b.UserCategory = 'OWNER'), 'const /TermsAndConditionsAccepted'],
  ])('rejects %s', (_, mutate, expected) => {
    const body = example(mangopay, 'updateLegalUser', 'request');
    mutate(body);
    expect(pointers(req(mangopay, 'updateLegalUser', body))).toContain(expected);
  });

  it('the 200 response keeps null address fields apart from an absent address', () => {
    const body = example(mangopay, 'updateLegalUser', '200');
    expect(res(mangopay, 'updateLegalUser', 200, body)).toEqual([]);
    const noAddress = structuredClone(body);
    delete noAddress.HeadquartersAddress;
    expect(pointers(res(mangopay, 'updateLegalUser', 200, noAddress))).toContain('required /HeadquartersAddress');
    const nullAddress = structuredClone(body);
    nullAddress.HeadquartersAddress = null;
    expect(pointers(res(mangopay, 'updateLegalUser', 200, nullAddress))).toContain('type /HeadquartersAddress');
  });

  it('the 200 response is the flat LegalRepresentative* shape, Tag at 255 accepted', () => {
    const body = example(mangopay, 'updateLegalUser', '200');
    body.Tag = 't'.repeat(255);
    expect(res(mangopay, 'updateLegalUser', 200, body)).toEqual([]);
    body.LegalRepresentativeBirthday = '1990-01-01';
    expect(pointers(res(mangopay, 'updateLegalUser', 200, body))).toContain('type /LegalRepresentativeBirthday');
  });
});

describe('closeLegalUser error bodies', () => {
  const err = () => example(mangopay, 'closeLegalUser', '400', 'user_closure_not_possible');
  it('accepts Date as integer or float and an Id with a #timestamp suffix', () => {
    const b = err();
    expect(res(mangopay, 'closeLegalUser', 400, b)).toEqual([]);
    b.Date = 1744636048.5;
    expect(res(mangopay, 'closeLegalUser', 400, b)).toEqual([]);
  });
  it.each([
    ['a missing Type', (b: Body) => delete b.Type, 'required /Type'],
    ['Date as a string', (b: Body) => (b.Date = '2025-01-01'), 'type /Date'],
    ['errors as an array', (b: Body) => (b.errors = []), 'type /errors'],
    ['an absent errors key', (b: Body) => delete b.errors, 'required /errors'],
    ['Id over 128 by one', (b: Body) => (b.Id = 'i'.repeat(129)), 'maxLength /Id'],
  ])('rejects %s', (_, mutate, expected) => {
    const b = err();
    mutate(b);
    expect(pointers(res(mangopay, 'closeLegalUser', 400, b))).toContain(expected);
  });
  it('204 is documented, 200 is not, and a body where none is documented is an issue', () => {
    expect(res(mangopay, 'closeLegalUser', 204, undefined)).toEqual([]);
    expect(res(mangopay, 'closeLegalUser', 200, undefined)[0].keyword).toBe('status');
  });
});

describe('closeBusinessAccount (Qonto, verbatim)', () => {
  const account = () => ({
    bank_account: { id: '3f9a0f5e-7a26-4c1e-9d6b-0e3f2f6f2f10', name: 'Primary', organization_id: '8d1c1b4e-1f1a-4a6e-9f8e-2a0b9c1d2e3f', status: 'closed', main: false, balance: '0.00', balance_cents: 0 },
  });
  it('accepts a closed account', () => expect(res(qonto, 'closeBusinessAccount', 200, account())).toEqual([]));
  it.each([
    ['a missing id', (b: Body) => delete (b.bank_account as Body).id, 'required /bank_account/id'],
    ['main as a string', (b: Body) => ((b.bank_account as Body).main = 'false'), 'type /bank_account/main'],
    ['status outside its enum', (b: Body) => ((b.bank_account as Body).status = 'deleted'), 'enum /bank_account/status'],
    ['balance as a number', (b: Body) => ((b.bank_account as Body).balance = 0), 'type /bank_account/balance'],
    ['balance not a float string', (b: Body) => ((b.bank_account as Body).balance = 'zero'), 'format /bank_account/balance'],
    ['id not a uuid', (b: Body) => ((b.bank_account as Body).id = 'acc_1'), 'format /bank_account/id'],
  ])('rejects %s', (_, mutate, expected) => {
    const b = account();
    mutate(b);
    expect(pointers(res(qonto, 'closeBusinessAccount', 200, b))).toContain(expected);
  });
  it('a wrong content type and an undocumented status are issues', () => {
    expect(validateResponse(qonto, 'closeBusinessAccount', { status: 400, headers: { 'content-type': 'text/html' }, body: '<h1>' })[0].keyword).toBe('content-type');
    expect(validateResponse(qonto, 'closeBusinessAccount', { status: 500, headers: JSON_CT, body: {} })[0].keyword).toBe('status');
    expect(validateResponse(qonto, 'closeBusinessAccount', { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { errors: [{ code: 'main_account', detail: 'x' }] } })).toEqual([]);
  });
});

describe('closeAccount (Udara360)', () => {
  const body = () => ({ accountNumber: '0123456789', closureReason: "Customer's request", instrumentNumber: 'abc' });
  it('accepts the boundaries: 150 characters each', () => {
    expect(req(udara, 'closeAccount', { accountNumber: 'a'.repeat(150), closureReason: 'r'.repeat(150), instrumentNumber: 'i'.repeat(150) })).toEqual([]);
  });
  it.each([
    ['a missing accountNumber', (b: Body) => delete b.accountNumber, 'required /accountNumber'],
    ['a missing closureReason', (b: Body) => delete b.closureReason, 'required /closureReason'],
    ['accountNumber as a number', (b: Body) => (b.accountNumber = 123), 'type /accountNumber'],
    ['accountNumber over 150 by one', (b: Body) => (b.accountNumber = 'a'.repeat(151)), 'maxLength /accountNumber'],
    ['closureReason over 150 by one', (b: Body) => (b.closureReason = 'r'.repeat(151)), 'maxLength /closureReason'],
    ['instrumentNumber over 150 by one', (b: Body) => (b.instrumentNumber = 'i'.repeat(151)), 'maxLength /instrumentNumber'],
  ])('rejects %s', (_, mutate, expected) => {
    const b = body() as Body;
    mutate(b);
    expect(pointers(req(udara, 'closeAccount', b))).toContain(expected);
  });
  it('Request-Reference over 100 characters is an issue of the header', () => {
    const issues = validateRequest(udara, 'closeAccount', { headers: { ...JSON_CT, 'Request-Reference': 'r'.repeat(101) }, body: body() });
    expect(issues.map((i) => `${i.location} ${i.keyword} ${i.pointer}`)).toContain('header maxLength /Request-Reference');
  });
});

describe('issues', () => {
  it('carry pointer, keyword, message, expected, actual and the x-source sentence', () => {
    const b = example(mangopay, 'createLegalUserSca', 'request');
    b.Name = 'n'.repeat(256);
    const issue = req(mangopay, 'createLegalUserSca', b).find((i) => i.pointer === '/Name')!;
    expect(issue).toMatchObject({ location: 'body', keyword: 'maxLength', expected: 'maxLength 255', actual: '256 characters' });
    expect(issue.message).toMatch(/255/);
    expect(issue.source).toContain('255');
  });
});
