/** The reference provider's provider states: setup and teardown by name, values returned. */
import { randomBytes } from 'node:crypto';
import { EMPTY_ADDRESS } from './mangopay-users.js';
import type { LegalPersonType, MangopayUser, Store, UserCategory } from './store.js';

/**
 * The provider states of DESIGN.md, served at POST /_specgate/state with the Pact body
 * `{"state", "params", "action": "setup" | "teardown"}`. Every setup makes fresh entities, so
 * scenarios running at once never share one; by-value registrations (a blocked country, a
 * rejected name) are counted so that one scenario's teardown does not undo another's setup.
 */

export type Params = Record<string, unknown>;
export type Values = Record<string, string>;

export class StateParamError extends Error {}

interface StateDef {
  api: string;
  setup(store: Store, params: Params): Values;
  /**
   * Pact sends teardown with the setup's params, not its answer: an entity is removed when its
   * id is among the params (as a client that merges the answer in sends it). Without one, the
   * entity stays: it is never handed to another scenario, so leaving it cannot change a result,
   * while guessing which one to remove could break a scenario still running.
   */
  teardown(store: Store, params: Params): void;
}

function bool(params: Params, name: string): boolean | undefined {
  const v = params[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new StateParamError(`param ${name} must be true or false, got ${JSON.stringify(v)}`);
}

function oneOf<T extends string>(params: Params, name: string, allowed: readonly T[], fallback: T): T {
  const v = params[name];
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  throw new StateParamError(`param ${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
}

function text(params: Params, name: string): string {
  const v = params[name];
  if (typeof v !== 'string' || v.trim() === '') throw new StateParamError(`param ${name} is required (a non-empty string)`);
  return v;
}

const idParam = (params: Params, name: string) => (typeof params[name] === 'string' ? (params[name] as string) : undefined);

/** A user as if created earlier and enrolled: the update page's documented business, filled in for an OWNER. */
function legalUser(store: Store, category: UserCategory, type: LegalPersonType, terms: boolean): MangopayUser {
  const now = Math.floor(Date.now() / 1000);
  const owner = category === 'OWNER';
  const user: MangopayUser = {
    Id: store.newUserId(),
    Name: 'Best Business',
    Email: 'best.business@example.com',
    LegalPersonType: type,
    UserCategory: category,
    TermsAndConditionsAccepted: terms,
    TermsAndConditionsAcceptedDate: terms ? now : null,
    Tag: 'Created by specgate',
    CreationDate: now,
    KYCLevel: 'LIGHT',
    UserStatus: 'ACTIVE',
    CompanyNumber: owner && type === 'BUSINESS' ? '123456789' : null,
    HeadquartersAddress: owner
      ? { AddressLine1: '34 rue des Entreprises', AddressLine2: 'Bâtiment A', City: 'Paris', Region: 'Île-de-France', PostalCode: '75001', Country: 'FR' }
      : { ...EMPTY_ADDRESS },
    LegalRepresentativeAddress: { AddressLine1: '34 rue des Entreprises', AddressLine2: 'Appartement 14', City: 'Paris', Region: 'Île-de-France', PostalCode: '75001', Country: 'FR' },
    LegalRepresentative: {
      FirstName: 'Alex',
      LastName: 'Smith',
      Email: owner ? 'alex.smith@example.com' : null,
      Birthday: owner ? 652117514 : null,
      Nationality: owner ? 'FR' : null,
      CountryOfResidence: owner ? 'FR' : null,
      PhoneNumber: null,
      PhoneNumberCountry: null,
      ProofOfIdentity: null,
    },
    ProofOfRegistration: null,
    ShareholderDeclaration: null,
    Statute: null,
    PendingUserAction: null,
    wallets: [],
  };
  store.users.set(user.Id, user);
  return user;
}

const removeUser = (store: Store, params: Params) => {
  const id = idParam(params, 'UserId');
  if (id) store.users.delete(id);
};
const removeQonto = (store: Store, params: Params) => {
  const id = idParam(params, 'id');
  if (id) store.qontoAccounts.delete(id);
};

const CATEGORIES = ['PAYER', 'OWNER'] as const;
const TYPES = ['BUSINESS', 'PARTNERSHIP', 'ORGANIZATION', 'SOLETRADER'] as const;

export const STATES: Record<string, StateDef> = {
  'a legal user exists': {
    api: 'mangopay',
    setup(store, params) {
      const category = oneOf(params, 'UserCategory', CATEGORIES, 'PAYER');
      const type = oneOf(params, 'LegalPersonType', TYPES, 'BUSINESS');
      const terms = bool(params, 'TermsAndConditionsAccepted') ?? category === 'OWNER';
      if (category === 'OWNER' && !terms) throw new StateParamError('an OWNER must have accepted the terms and conditions (TermsAndConditionsAccepted: true)');
      return { UserId: legalUser(store, category, type, terms).Id };
    },
    teardown: removeUser,
  },
  'a legal user exists whose wallets are not empty': {
    api: 'mangopay',
    setup(store) {
      const user = legalUser(store, 'PAYER', 'BUSINESS', false);
      user.wallets = [1250, 0];
      return { UserId: user.Id };
    },
    teardown: removeUser,
  },
  'a legal user exists that is already closed': {
    api: 'mangopay',
    setup(store) {
      const user = legalUser(store, 'PAYER', 'BUSINESS', false);
      user.UserStatus = 'CLOSED';
      return { UserId: user.Id };
    },
    teardown: removeUser,
  },
  'the country is blocked': {
    api: 'mangopay',
    setup(store, params) {
      const country = text(params, 'Country');
      if (!/^[A-Za-z]{2}$/.test(country)) throw new StateParamError(`param Country must be a two-letter ISO 3166-1 code, got ${JSON.stringify(country)}`);
      store.blockedCountries.add(country);
      return {};
    },
    teardown(store, params) {
      if (typeof params.Country === 'string') store.blockedCountries.remove(params.Country);
    },
  },
  'the anti-fraud policy rejects the name': {
    api: 'mangopay',
    setup(store, params) {
      store.fraudNames.add(text(params, 'Name'));
      return {};
    },
    teardown(store, params) {
      if (typeof params.Name === 'string') store.fraudNames.remove(params.Name);
    },
  },
  'a business account exists': {
    api: 'qonto',
    setup: (store) => ({ id: store.newQontoAccount({ name: 'Secondary account' }).id }),
    teardown: removeQonto,
  },
  'the main business account exists': {
    api: 'qonto',
    // Zero balance, so that being the main account is the only reason to refuse.
    setup: (store) => ({ id: store.newQontoAccount({ name: 'Main account', main: true }).id }),
    teardown: removeQonto,
  },
  'a business account with a non-zero balance exists': {
    api: 'qonto',
    setup: (store) => ({ id: store.newQontoAccount({ name: 'Savings account', balance_cents: 14218843, authorized_balance_cents: 14114812 }).id }),
    teardown: removeQonto,
  },
  'an external business account exists': {
    api: 'qonto',
    setup: (store) => ({ id: store.newQontoAccount({ name: 'External account', is_external_account: true, bic: 'BNPAFRPPXXX' }).id }),
    teardown: removeQonto,
  },
  'the access token lacks the bank_account.write scope': {
    api: 'qonto',
    setup(store) {
      const token = `qonto-read-only-${randomBytes(12).toString('hex')}`;
      store.qontoScopelessTokens.add(token);
      return { token };
    },
    teardown(store, params) {
      const token = idParam(params, 'token');
      if (token) store.qontoScopelessTokens.delete(token);
    },
  },
  'an open account exists': {
    api: 'udara360',
    setup(store) {
      const accountNumber = store.newAccountNumber();
      store.udaraAccounts.set(accountNumber, { accountNumber, status: 'open' });
      return { accountNumber };
    },
    teardown(store, params) {
      const n = idParam(params, 'accountNumber');
      if (n) store.udaraAccounts.delete(n);
    },
  },
};

export interface StateAnswer {
  status: number;
  body: unknown;
}

/** One call of the state endpoint. `apis`: the APIs this provider serves (states of others are unknown). */
export function handleState(store: Store, apis: readonly string[], payload: unknown): StateAnswer {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return { status: 400, body: { error: 'the body must be a JSON object {"state", "params", "action"}' } };
  }
  const { state, params, action } = payload as { state?: unknown; params?: unknown; action?: unknown };
  if (typeof state !== 'string' || state === '') return { status: 400, body: { error: 'missing "state" (the provider state name)' } };
  // pact-js style callers may leave `action` out: that is a setup.
  const act = action === undefined || action === null ? 'setup' : action;
  if (act !== 'setup' && act !== 'teardown') return { status: 400, body: { error: `"action" must be "setup" or "teardown", got ${JSON.stringify(action)}` } };
  if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params))) {
    return { status: 400, body: { error: '"params" must be a JSON object' } };
  }
  const def = STATES[state];
  if (!def || !apis.includes(def.api)) {
    return { status: 400, body: { error: `unknown provider state '${state}'`, knownStates: knownStates(apis) } };
  }
  try {
    if (act === 'teardown') {
      def.teardown(store, (params ?? {}) as Params);
      return { status: 200, body: {} };
    }
    return { status: 200, body: def.setup(store, (params ?? {}) as Params) };
  } catch (err) {
    if (err instanceof StateParamError) return { status: 400, body: { error: `state '${state}': ${err.message}` } };
    throw err;
  }
}

export const knownStates = (apis: readonly string[]) => Object.keys(STATES).filter((s) => apis.includes(STATES[s].api));
