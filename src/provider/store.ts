/** The reference provider's in-memory data, per instance. */
import { randomBytes, randomUUID } from 'node:crypto';

/** What the reference provider remembers, per running instance (never shared between instances). */

export interface Address {
  AddressLine1: string | null;
  AddressLine2: string | null;
  City: string | null;
  Region: string | null;
  PostalCode: string | null;
  Country: string | null;
}

export interface LegalRepresentative {
  /** null only under a variant that takes the names as optional on creation. */
  FirstName: string | null;
  LastName: string | null;
  Email: string | null;
  Birthday: number | null;
  Nationality: string | null;
  CountryOfResidence: string | null;
  PhoneNumber: string | null;
  PhoneNumberCountry: string | null;
  ProofOfIdentity: string | null;
}

export type UserCategory = 'PAYER' | 'OWNER';
export type LegalPersonType = 'BUSINESS' | 'PARTNERSHIP' | 'ORGANIZATION' | 'SOLETRADER';

export interface MangopayUser {
  Id: string;
  Name: string;
  Email: string;
  /** null only under the variant that takes LegalPersonType as optional on creation. */
  LegalPersonType: LegalPersonType | null;
  UserCategory: UserCategory;
  TermsAndConditionsAccepted: boolean;
  TermsAndConditionsAcceptedDate: number | null;
  Tag: string | null;
  CreationDate: number;
  KYCLevel: 'LIGHT' | 'REGULAR';
  UserStatus: 'PENDING_USER_ACTION' | 'ACTIVE' | 'CLOSED';
  CompanyNumber: string | null;
  HeadquartersAddress: Address;
  LegalRepresentativeAddress: Address;
  LegalRepresentative: LegalRepresentative;
  ProofOfRegistration: string | null;
  ShareholderDeclaration: string | null;
  Statute: string | null;
  PendingUserAction: { RedirectUrl: string } | null;
  /** Wallet balances in cents: closing needs every one at zero. */
  wallets: number[];
}

export interface QontoAccount {
  id: string;
  name: string;
  organization_id: string;
  status: 'active' | 'closed';
  main: boolean;
  iban: string;
  bic: string;
  currency: string;
  balance_cents: number;
  authorized_balance_cents: number;
  updated_at: string;
  is_external_account: boolean;
  account_number: string;
}

export interface UdaraAccount {
  accountNumber: string;
  status: 'open' | 'closed';
}

export interface StoredResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * Values registered by more than one scenario at a time: counted, so one teardown does not undo
 * another's setup. Uncounted (`counted: false`), a teardown removes the value whoever else set it
 * up: as simple a state handler as many providers have, which is why specgate never overlaps
 * scenarios that share such a state (`scope: global` in the bindings).
 */
export class CountedSet {
  private readonly counts = new Map<string, number>();
  constructor(
    private readonly normalize: (v: string) => string = (v) => v,
    private readonly counted = true,
  ) {}
  add(value: string): void {
    const k = this.normalize(value);
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }
  remove(value: string): void {
    const k = this.normalize(value);
    const n = this.counted ? (this.counts.get(k) ?? 0) - 1 : 0;
    if (n > 0) this.counts.set(k, n);
    else this.counts.delete(k);
  }
  has(value: string): boolean {
    return this.counts.has(this.normalize(value));
  }
  get size(): number {
    return this.counts.size;
  }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID (26 Crockford base32 characters: 48-bit time, 80 random bits), as in Mangopay's `user_m_01JF7FKVP51PS3TYKCN79VZZ8M`. */
export function ulid(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[bytes[i] % 32];
  return time + rand;
}

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface StoreOptions {
  /** Count registrations of provider-wide values (default true); see CountedSet. */
  countedStates?: boolean;
}

export class Store {
  readonly users = new Map<string, MangopayUser>();
  readonly blockedCountries: CountedSet;
  readonly fraudNames: CountedSet;
  /** Idempotency-Key → the body fingerprint it was first used with and the answer given then. */
  readonly idempotency = new Map<string, { fingerprint: string; at: number; response: StoredResponse }>();

  readonly qontoAccounts = new Map<string, QontoAccount>();
  /** Access tokens handed out by the scope state: valid, but without bank_account.write. */
  readonly qontoScopelessTokens = new Set<string>();

  readonly udaraAccounts = new Map<string, UdaraAccount>();
  /** Request-Reference values already processed (idempotency of postings), with the first answer given. */
  readonly udaraReferences = new Map<string, unknown>();
  private nextAccount = 1_100_000_000 + Math.floor(Math.random() * 1_000_000) * 100;

  constructor(opts: StoreOptions = {}) {
    const counted = opts.countedStates ?? true;
    this.blockedCountries = new CountedSet((c) => c.toUpperCase(), counted);
    this.fraudNames = new CountedSet((n) => n.trim().replace(/\s+/g, ' ').toLowerCase(), counted);
  }

  newUserId(): string {
    let id: string;
    do id = `user_m_${ulid()}`;
    while (this.users.has(id));
    return id;
  }

  newAccountNumber(): string {
    let n: string;
    do n = String(++this.nextAccount);
    while (this.udaraAccounts.has(n));
    return n;
  }

  newQontoAccount(over: Partial<QontoAccount>): QontoAccount {
    const id = randomUUID();
    const digits = String(Math.floor(Math.random() * 1e11)).padStart(11, '0');
    const account: QontoAccount = {
      id,
      name: 'Secondary account',
      organization_id: randomUUID(),
      status: 'active',
      main: false,
      iban: `FR761695800001${digits}37`,
      bic: 'QNTOFRP1XXX',
      currency: 'EUR',
      balance_cents: 0,
      authorized_balance_cents: 0,
      updated_at: new Date().toISOString(),
      is_external_account: false,
      account_number: digits,
      ...over,
    };
    this.qontoAccounts.set(id, account);
    return account;
  }
}
