/** The reference provider's Mangopay legal users: built from requests, viewed as responses. */
import type { ProviderContext } from './types.js';
import { sortKeys } from './errors.js';
import type { Address, LegalPersonType, LegalRepresentative, MangopayUser, Store, UserCategory } from './store.js';

type Obj = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export const EMPTY_ADDRESS: Address = { AddressLine1: null, AddressLine2: null, City: null, Region: null, PostalCode: null, Country: null };

export function addressFrom(v: unknown): Address {
  const a = (v && typeof v === 'object' ? v : {}) as Obj;
  return {
    AddressLine1: str(a.AddressLine1),
    AddressLine2: str(a.AddressLine2),
    City: str(a.City),
    Region: str(a.Region),
    PostalCode: str(a.PostalCode),
    Country: str(a.Country),
  };
}

/** A new user from a validated Create a Legal User (SCA) body. */
export function userFromCreate(store: Store, body: Obj, baseUrl: string, ctx: ProviderContext): MangopayUser {
  const now = Math.floor(Date.now() / 1000);
  const lr = (body.LegalRepresentative ?? {}) as Obj;
  const category = body.UserCategory as UserCategory;
  // Under the variants that take them as optional, what was not sent is stored (and answered) null.
  const type = (body.LegalPersonType ?? null) as LegalPersonType | null;
  const id = store.newUserId();
  // "If UserCategory is OWNER, this endpoint triggers SCA enrollment. [...] The RedirectUrl is
  // currently only returned if LegalPersonType is SOLETRADER."
  const enrolls = category === 'OWNER' && type === 'SOLETRADER' && !ctx.fault('mangopay.create.sca-not-triggered');
  return {
    Id: id,
    Name: body.Name as string,
    Email: body.Email as string,
    LegalPersonType: type,
    UserCategory: category,
    TermsAndConditionsAccepted: body.TermsAndConditionsAccepted === true,
    TermsAndConditionsAcceptedDate: body.TermsAndConditionsAccepted === true ? now : null,
    Tag: str(body.Tag),
    CreationDate: now,
    KYCLevel: 'LIGHT',
    UserStatus: enrolls ? 'PENDING_USER_ACTION' : 'ACTIVE',
    CompanyNumber: str(body.CompanyNumber),
    HeadquartersAddress: addressFrom(body.HeadquartersAddress),
    LegalRepresentativeAddress: addressFrom(body.LegalRepresentativeAddress),
    LegalRepresentative: {
      FirstName: str(lr.FirstName),
      LastName: str(lr.LastName),
      Email: str(lr.Email),
      Birthday: num(lr.Birthday),
      Nationality: str(lr.Nationality),
      CountryOfResidence: str(lr.CountryOfResidence),
      PhoneNumber: str(lr.PhoneNumber),
      PhoneNumberCountry: str(lr.PhoneNumberCountry),
      ProofOfIdentity: null,
    },
    ProofOfRegistration: null,
    ShareholderDeclaration: null,
    Statute: null,
    PendingUserAction: enrolls ? { RedirectUrl: `${baseUrl}/_specgate/sca/${id}` } : null,
    wallets: [],
  };
}

/** The fields the pages say are "Returned null if UserCategory is PAYER". */
function payerMasked(u: MangopayUser, ctx: ProviderContext) {
  // The mistake: serialising what was stored, whatever the category.
  const payer = u.UserCategory === 'PAYER' && !ctx.fault('mangopay.create.payer-fields-returned');
  const lr: LegalRepresentative = payer ? { ...u.LegalRepresentative, Email: null, Birthday: null, Nationality: null, CountryOfResidence: null } : u.LegalRepresentative;
  return {
    payer,
    lr,
    hq: payer ? { ...EMPTY_ADDRESS } : { ...u.HeadquartersAddress },
    companyNumber: payer ? null : u.CompanyNumber,
    termsDate: payer ? null : u.TermsAndConditionsAcceptedDate,
  };
}

/** The Create a Legal User (SCA) shape: nested LegalRepresentative, PendingUserAction. */
export function scaView(u: MangopayUser, ctx: ProviderContext): Obj {
  const m = payerMasked(u, ctx);
  const view: Obj = {
    Name: u.Name,
    LegalPersonType: u.LegalPersonType,
    LegalRepresentative: {
      FirstName: m.lr.FirstName,
      LastName: m.lr.LastName,
      ProofOfIdentity: m.lr.ProofOfIdentity,
      Birthday: m.lr.Birthday,
      Nationality: m.lr.Nationality,
      CountryOfResidence: m.lr.CountryOfResidence,
      Email: m.lr.Email,
      PhoneNumber: m.lr.PhoneNumber,
      PhoneNumberCountry: m.lr.PhoneNumberCountry,
    },
    ProofOfRegistration: u.ProofOfRegistration,
    ShareholderDeclaration: u.ShareholderDeclaration,
    Statute: u.Statute,
    CompanyNumber: m.companyNumber,
    PendingUserAction: u.PendingUserAction ? { ...u.PendingUserAction } : null,
    // A PAYER has no headquarters: the mistake is to drop the object instead of nulling its fields.
    HeadquartersAddress: m.payer && ctx.fault('mangopay.create.null-headquarters-address') ? null : m.hq,
    LegalRepresentativeAddress: { ...u.LegalRepresentativeAddress },
    Id: u.Id,
    Tag: u.Tag,
    CreationDate: u.CreationDate,
    PersonType: 'LEGAL',
    Email: u.Email,
    KYCLevel: u.KYCLevel,
    TermsAndConditionsAccepted: u.TermsAndConditionsAccepted,
    TermsAndConditionsAcceptedDate: m.termsDate,
    UserCategory: u.UserCategory,
    UserStatus: u.UserStatus,
  };
  if (ctx.fault('mangopay.create.missing-KYCLevel')) delete view.KYCLevel;
  // A serializer that skips null values: the key the page says is returned null goes missing.
  if (ctx.fault('mangopay.create.pending-action-absent') && view.PendingUserAction === null) delete view.PendingUserAction;
  return finish(view, ctx);
}

/** The Update a Legal User shape: flat LegalRepresentative* fields. */
export function flatView(u: MangopayUser, ctx: ProviderContext): Obj {
  const m = payerMasked(u, ctx);
  const view: Obj = {
    HeadquartersAddress: m.hq,
    LegalRepresentativeAddress: { ...u.LegalRepresentativeAddress },
    Name: u.Name,
    LegalPersonType: u.LegalPersonType,
    LegalRepresentativeFirstName: m.lr.FirstName,
    LegalRepresentativeLastName: m.lr.LastName,
    LegalRepresentativeEmail: m.lr.Email,
    LegalRepresentativeBirthday: m.lr.Birthday,
    LegalRepresentativeNationality: m.lr.Nationality,
    LegalRepresentativeCountryOfResidence: m.lr.CountryOfResidence,
    ProofOfRegistration: u.ProofOfRegistration,
    ShareholderDeclaration: u.ShareholderDeclaration,
    Statute: u.Statute,
    LegalRepresentativeProofOfIdentity: m.lr.ProofOfIdentity,
    CompanyNumber: m.companyNumber,
    Id: u.Id,
    Tag: u.Tag,
    CreationDate: ctx.fault('mangopay.update.creation-date-as-string') ? new Date(u.CreationDate * 1000).toISOString() : u.CreationDate,
    PersonType: 'LEGAL',
    Email: u.Email,
    KYCLevel: u.KYCLevel,
    TermsAndConditionsAccepted: u.TermsAndConditionsAccepted,
    TermsAndConditionsAcceptedDate: m.termsDate,
    UserCategory: u.UserCategory,
    UserStatus: u.UserStatus,
  };
  return finish(view, ctx);
}

function finish(view: Obj, ctx: ProviderContext): Obj {
  // Fields the pages do not document but a real answer may well carry.
  if (ctx.variant('extra-fields')) Object.assign(view, { ScaContext: 'USER_PRESENT', UserCategoryUpdateDate: null });
  return ctx.variant('key-order') ? (sortKeys(view) as Obj) : view;
}
