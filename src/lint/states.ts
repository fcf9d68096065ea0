/**
 * The provider state names of DESIGN.md (interface), by API. Scenario bindings may use these,
 * plus any state their own specgate.yaml declares under `states:`.
 */
export const KNOWN_STATES: Record<string, string[]> = {
  mangopay: [
    'a legal user exists',
    'a legal user exists whose wallets are not empty',
    'a legal user exists that is already closed',
    'the country is blocked',
    'the anti-fraud policy rejects the name',
  ],
  qonto: [
    'a business account exists',
    'the main business account exists',
    'a business account with a non-zero balance exists',
    'an external business account exists',
    'the access token lacks the bank_account.write scope',
  ],
  udara360: ['an open account exists'],
};

/** States declared in a bindings file: `states: [name, {name}]` or `states: {name: {...}}`. */
export function declaredStates(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map((s) => (typeof s === 'string' ? s : (s as { name?: unknown })?.name)).filter((s): s is string => typeof s === 'string');
  if (raw && typeof raw === 'object') return Object.keys(raw);
  return [];
}
