/** The reference provider's Qonto handler (close a business account). */
import { validateRequest } from '../validate/validator.js';
import { bearer } from './auth.js';
import { qontoError, sortKeys } from './errors.js';
import type { QontoAccount } from './store.js';
import type { ApiHandlers, ProviderContext, ProviderRequest, ProviderResponse } from './types.js';

const money = (cents: number) => (cents / 100).toFixed(2);

function bankAccountView(a: QontoAccount, ctx: ProviderContext): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: ctx.fault('qonto.close.id-not-uuid') ? a.id.replace(/-/g, '') : a.id,
    name: a.name,
    organization_id: a.organization_id,
    status: a.status,
    main: a.main,
    iban: a.iban,
    bic: a.bic,
    currency: a.currency,
    balance: ctx.fault('qonto.close.balance-as-number') ? a.balance_cents / 100 : money(a.balance_cents),
    balance_cents: a.balance_cents,
    authorized_balance: money(a.authorized_balance_cents),
    authorized_balance_cents: a.authorized_balance_cents,
    updated_at: a.updated_at,
    is_external_account: a.is_external_account,
    account_number: a.account_number,
  };
  if (ctx.fault('qonto.close.missing-organization-id')) delete view.organization_id;
  if (ctx.variant('extra-fields')) Object.assign(view, { slug: `${a.name.toLowerCase().replace(/\W+/g, '-')}-${a.id.slice(0, 4)}`, is_iban_verified: true });
  return view;
}

async function closeBusinessAccount(req: ProviderRequest, ctx: ProviderContext): Promise<ProviderResponse> {
  const cred = bearer(req);
  if (cred.kind === 'missing' && !ctx.fault('qonto.close.no-auth-required')) {
    return qontoError(ctx, 401, [{ code: 'authorization_header_missing', detail: 'authorization header missing' }]);
  }
  if (cred.kind === 'invalid') {
    return ctx.fault('qonto.close.invalid-token-403')
      ? qontoError(ctx, 403, [{ code: 'forbidden', detail: 'User does not have sufficient permissions for this action.' }])
      : qontoError(ctx, 401, [{ code: 'authorization_token_invalid', detail: 'authorization token invalid' }]);
  }
  // "OAuth scope: `bank_account.write`": checked before the account is looked up.
  if (cred.kind === 'bearer' && ctx.store.qontoScopelessTokens.has(cred.token) && !ctx.fault('qonto.close.scope-not-checked')) {
    return qontoError(ctx, 403, [{ code: 'forbidden', detail: 'User does not have sufficient permissions for this action.' }]);
  }
  // The operation documents no request body; a stray one is ignored, as Qonto does.
  const issues = validateRequest(ctx.api, 'closeBusinessAccount', { path: req.path, headers: req.headers }).filter((i) => i.location !== 'body' && i.location !== 'content-type');
  if (issues.length) {
    return qontoError(ctx, 400, issues.map((i) => ({ code: 'bad_request', detail: `${i.pointer.slice(1)} ${i.message}`, source: { parameter: i.pointer.slice(1) } })));
  }
  const id = req.path.id;
  const account = ctx.store.qontoAccounts.get(id);
  if (!account && !ctx.fault('qonto.close.unknown-account-500')) {
    return qontoError(ctx, 404, [{ code: 'not_found', detail: 'Object not found', source: { parameter: 'id' } }]);
  }
  // With the fault the guard above is skipped: `account` is undefined here and the next line throws (500).
  const a = account as QontoAccount;
  if (a.status === 'closed') {
    // Not documented by Qonto: closing is permanent, so a second close is refused.
    return qontoError(ctx, 400, [{ code: 'bank_account_closed', detail: 'Bank account is already closed' }]);
  }
  if (a.main && !ctx.fault('qonto.close.main-account-closable')) return qontoError(ctx, 400, [{ code: 'main_account', detail: 'Cannot close main account' }]);
  // "Before closing an account, ensure it has a zero balance and no pending transactions."
  if (a.balance_cents !== 0 || a.authorized_balance_cents !== 0) return qontoError(ctx, 400, [{ code: 'balance_not_zero', detail: 'Cannot close an account with money on it' }]);
  if (a.is_external_account && !ctx.fault('qonto.close.external-closable')) {
    return qontoError(ctx, 400, [{ code: 'external_bank_account', detail: 'External bank accounts cannot be closed' }]);
  }
  let view: Record<string, unknown>;
  if (ctx.fault('qonto.close.status-stays-active')) {
    // The bug: the answer is serialized from the account as loaded, before the update is applied.
    view = bankAccountView(a, ctx);
    close(a);
  } else {
    close(a);
    view = bankAccountView(a, ctx);
  }
  const body = { bank_account: view };
  return { status: 200, body: ctx.variant('key-order') ? sortKeys(body) : body };
}

function close(a: QontoAccount): void {
  a.status = 'closed';
  a.updated_at = new Date().toISOString();
}

export const qonto: ApiHandlers = {
  api: 'qonto',
  operations: { closeBusinessAccount },
};
