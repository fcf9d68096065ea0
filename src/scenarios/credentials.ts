/** The credentials an operation's `security` names (from its security schemes), and a request with exactly those left out. */
import type { ApiModel, OperationModel } from '../model/types.js';
import type { ExchangeRequest } from '../execute/types.js';
import type { RequestTemplate } from './types.js';

export interface Credential {
  in: 'header' | 'query' | 'cookie';
  name: string;
}

/**
 * Every credential any of the operation's security alternatives uses: apiKey in a header, the
 * query or a cookie; the Authorization header for http (bearer, basic...), oauth2 and
 * openIdConnect. `undefined` when one alternative is `{}`: then no credential is needed at all.
 */
export function credentialsOf(api: ApiModel, op: OperationModel): Credential[] | undefined {
  if (!op.security.length || op.security.some((req) => Object.keys(req).length === 0)) return undefined;
  const out = new Map<string, Credential>();
  for (const req of op.security) {
    for (const name of Object.keys(req)) {
      const scheme = api.securitySchemes[name] as { type?: string; in?: string; name?: string } | undefined;
      if (!scheme) continue;
      if (scheme.type === 'apiKey' && scheme.name && (scheme.in === 'header' || scheme.in === 'query' || scheme.in === 'cookie')) {
        const c: Credential = { in: scheme.in, name: scheme.name };
        out.set(`${c.in}:${c.in === 'header' ? c.name.toLowerCase() : c.name}`, c);
      } else if (scheme.type === 'http' || scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
        out.set('header:authorization', { in: 'header', name: 'Authorization' });
      }
      // mutualTLS is a property of the connection, not of the request: nothing to leave out.
    }
  }
  return [...out.values()];
}

/** A request template that leaves out every credential the operation's security names (and only those). */
export function leaveOutCredentials(api: ApiModel, op: OperationModel, request: RequestTemplate): RequestTemplate {
  const omit = credentialsOf(api, op);
  // Schemes the document does not define: fall back to the credential-looking headers.
  return { ...request, omitAuth: true, ...(omit?.length ? { omit } : {}) };
}

/** The request without those credentials, and nothing else removed (headers, query, base-URL query, cookies). */
export function withoutCredentials(req: ExchangeRequest, omit: Credential[]): ExchangeRequest {
  const headerNames = new Set(omit.filter((c) => c.in === 'header').map((c) => c.name.toLowerCase()));
  const cookieNames = new Set(omit.filter((c) => c.in === 'cookie').map((c) => c.name));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (headerNames.has(k.toLowerCase())) continue;
    if (k.toLowerCase() === 'cookie' && cookieNames.size) {
      const kept = v.split(';').map((s) => s.trim()).filter((s) => s && !cookieNames.has(s.slice(0, s.indexOf('=') < 0 ? s.length : s.indexOf('=')).trim()));
      if (kept.length) headers[k] = kept.join('; ');
      continue;
    }
    headers[k] = v;
  }
  const inQuery = omit.filter((c) => c.in === 'query');
  if (!inQuery.length) return { ...req, headers };
  const url = new URL(req.url);
  for (const c of inQuery) url.searchParams.delete(c.name);
  return { ...req, headers, url: url.href };
}
