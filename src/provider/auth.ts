/** The reference provider's bearer-token check. */
import { header, type ProviderRequest } from './types.js';

/** The token the bindings send to test an invalid credential. */
export const INVALID_TOKEN = 'specgate-invalid-token';

export type Credential = { kind: 'missing' } | { kind: 'invalid'; why: string } | { kind: 'bearer'; token: string };

/**
 * `Authorization: Bearer <token>`. The reference provider has no token issuer: any well-formed
 * bearer token is accepted except the one the bindings use for the invalid-token scenarios.
 */
export function bearer(req: ProviderRequest): Credential {
  const raw = header(req, 'authorization');
  if (raw === undefined || raw.trim() === '') return { kind: 'missing' };
  const m = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i.exec(raw);
  if (!m) return { kind: 'invalid', why: 'malformed Authorization header' };
  if (m[1] === INVALID_TOKEN) return { kind: 'invalid', why: 'invalid token' };
  return { kind: 'bearer', token: m[1] };
}
