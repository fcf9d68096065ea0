/** Which names (headers, query parameters, cookies, JSON and form fields, --var names) hold credentials by nature. */

/**
 * A header, query parameter, field or variable whose value is a credential: `Authorization`,
 * `Api-Token`, `Plaid-Secret`, `Ocp-Apim-Subscription-Key`, `api_key`, `clientSecret`, `sig`...
 * `key` and `auth` count only as a whole word (`X-Key`, `auth`), so `monkey` or `author` do not.
 */
export const SECRET_NAME =
  /token|secret|passw(?:or)?d|credential|signature|session|api[-_]?key|apikey|private[-_]?key|(?:^|[-_.])authorization$|(?:^|[-_.])(?:auth|sig|key)(?:$|[-_.])|access[-_]?key|^(?:cookie|set-cookie)$/i;

/** Standard request headers that never hold a credential: masking their values would mask ordinary text. */
export const PLAIN_HEADERS = /^(accept|accept-language|accept-encoding|content-type|content-length|user-agent|cache-control|connection|host)$/i;

/**
 * Names that look like credentials but are not: an idempotency key only identifies a retry, and
 * CORS's `Access-Control-Allow-Credentials` is the flag `true` (masked, a HAR's own validate fails it).
 */
const NOT_SECRET = /^(?:(?:x-)?idempotency[-_]?key|access-control-allow-credentials)$/i;

export const isSecretName = (name: string) => SECRET_NAME.test(name) && !NOT_SECRET.test(name);

/** Credentials an OpenAPI `securitySchemes` object names, by where they travel. */
export interface CredentialNames {
  header: string[];
  query: string[];
  cookie: string[];
}

/** The names `securitySchemes` gives credentials: apiKey header/query/cookie; Authorization for http, oauth2, openIdConnect. */
export function schemeCredentialNames(schemes: Record<string, unknown>): CredentialNames {
  const out: CredentialNames = { header: [], query: [], cookie: [] };
  for (const s of Object.values(schemes) as { type?: string; in?: string; name?: string }[]) {
    if (!s || typeof s !== 'object') continue;
    if (s.type === 'apiKey' && typeof s.name === 'string' && (s.in === 'header' || s.in === 'query' || s.in === 'cookie')) out[s.in].push(s.name);
    else if (s.type === 'http' || s.type === 'oauth2' || s.type === 'openIdConnect') out.header.push('Authorization');
  }
  return out;
}
