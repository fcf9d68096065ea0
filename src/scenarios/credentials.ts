/** The credentials an operation's `security` names (from its security schemes), and a request with exactly those left out. */
import type { ApiModel, OperationModel } from '../model/types.js';
import type { Credential, RequestTemplate } from './types.js';

export type { Credential };

/**
 * Every credential any of the operation's security alternatives uses: apiKey in a header, the
 * query or a cookie; the Authorization header for http (bearer, basic...), oauth2 and
 * openIdConnect. `undefined` when one alternative is `{}` or mutualTLS alone: then the request needs no credential at all.
 */
export function credentialsOf(api: ApiModel, op: OperationModel): Credential[] | undefined {
  if (!op.security.length || op.security.some((req) => Object.keys(req).length === 0)) return undefined;
  // An alternative met by the connection alone (mutualTLS) stays met whatever the request leaves out.
  const connectionOnly = (req: Record<string, unknown>) => Object.keys(req).every((name) => (api.securitySchemes[name] as { type?: string } | undefined)?.type === 'mutualTLS');
  if (op.security.some(connectionOnly)) return undefined;
  return namedCredentials(api, op);
}

/**
 * The credentials of every scheme the operation's security names, `{}` among the alternatives or
 * not: a key the run gives for one of them picks that alternative, so it is sent.
 */
export function namedCredentials(api: ApiModel, op: OperationModel): Credential[] {
  const out = new Map<string, Credential>();
  for (const req of op.security) {
    for (const name of Object.keys(req)) {
      const c = credentialOfScheme(api, name);
      if (c) out.set(`${c.in}:${c.in === 'header' ? c.name.toLowerCase() : c.name}`, c);
    }
  }
  return [...out.values()];
}

/** Whether a header value is a credential `c` names: Basic and Bearer share Authorization, so a Basic credential is none for a Bearer scheme. */
export const headerCarries = (c: Credential, value: string | undefined): boolean =>
  value !== undefined && (c.authScheme === undefined || value.trimStart().split(/\s/, 1)[0]!.toLowerCase() === c.authScheme);

/**
 * Where a request carries a scheme's credential: apiKey in its header, query or cookie; the
 * Authorization header for http (bearer, basic...), oauth2 and openIdConnect. Undefined for
 * mutualTLS (a property of the connection, not of the request) and a scheme the document lacks.
 */
function credentialOfScheme(api: ApiModel, name: string): Credential | undefined {
  const scheme = api.securitySchemes[name] as { type?: string; in?: string; name?: string; scheme?: string } | undefined;
  if (scheme?.type === 'apiKey' && scheme.name && (scheme.in === 'header' || scheme.in === 'query' || scheme.in === 'cookie')) return { in: scheme.in, name: scheme.name };
  // http names its auth-scheme; OAuth 2.0 and OpenID Connect access tokens go as Bearer (RFC 6750 2.1).
  if (scheme?.type === 'http') return { in: 'header', name: 'Authorization', ...(typeof scheme.scheme === 'string' && scheme.scheme ? { authScheme: scheme.scheme.toLowerCase() } : {}) };
  if (scheme?.type === 'oauth2' || scheme?.type === 'openIdConnect') return { in: 'header', name: 'Authorization', authScheme: 'bearer' };
  return undefined;
}

/** How a run gives each scheme's credential, for a message: `--var X-Key=… or --header 'X-Key: …'`. */
export function credentialHint(api: ApiModel, schemes: string[]): string {
  const ways = schemes.map((name) => {
    const c = credentialOfScheme(api, name);
    if (!c) return `${name}: --header`;
    if (c.in !== 'header') return `--var ${c.name}=…`;
    if (c.authScheme) return `--header 'Authorization: ${c.authScheme === 'bearer' ? 'Bearer' : c.authScheme === 'basic' ? 'Basic' : c.authScheme} …'`;
    return `--var ${c.name}=… or --header '${c.name}: …'`;
  });
  return `give ${[...new Set(ways)].join('; ')}`;
}

/** A request template that leaves out every credential the operation's security names (and only those). */
export function leaveOutCredentials(api: ApiModel, op: OperationModel, request: RequestTemplate): RequestTemplate {
  const omit = credentialsOf(api, op);
  // Schemes the document does not define: fall back to the credential-looking headers.
  return { ...request, omitAuth: true, ...(omit?.length ? { omit } : {}) };
}

/**
 * The security schemes a sent request gives no credential for, where none of the operation's
 * security alternatives is met by it: `undefined` when one is (or the operation needs none). A
 * 401 or 403 to such a request is what the document's `security` asks of the server.
 */
export function unmetSecurity(api: ApiModel, op: OperationModel, req: { url: string; headers: Record<string, string> }): string[] | undefined {
  if (credentialsOf(api, op) === undefined) return undefined;
  const headers = new Map(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const query = new URL(req.url).searchParams;
  const cookies = new Set((headers.get('cookie') ?? '').split(';').map((c) => c.split('=')[0]!.trim()).filter(Boolean));
  const met = (name: string) => {
    const c = credentialOfScheme(api, name);
    if (!c) return true; // nothing a request carries (mutualTLS), or a scheme the document lacks
    if (c.in === 'query') return query.has(c.name);
    if (c.in === 'cookie') return cookies.has(c.name);
    return headerCarries(c, headers.get(c.name.toLowerCase()));
  };
  if (op.security.some((alt) => Object.keys(alt).every(met))) return undefined;
  return [...new Set(op.security.flatMap((alt) => Object.keys(alt).filter((n) => !met(n))))];
}

/** Why a 401/403 to a request short of the operation's security is no fault: `lacked` says who left the credential out. */
export const refusedForUnmetSecurity = (unmet: string[], status: number, lacked: string): string =>
  `the operation's security needs ${unmet.join(' or ')}, and ${lacked}: a ${status} is the answer the document's security asks for`;
