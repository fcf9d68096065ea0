/** Why a 401 or 403 is an answer the sources allow, judged the same for `check` and for a HAR's `validate`. */
import type { ApiModel, OperationModel } from '../model/types.js';
import { headerCarries, namedCredentials, refusedForUnmetSecurity, unmetSecurity } from '../scenarios/credentials.js';
import { isSecretName, schemeCredentialNames } from '../redact/names.js';

type SentRequest = { url: string; headers: Record<string, string> };

/**
 * Why a 401/403 to this request is no fault of the server, or `undefined` when it is one: the
 * request lacked what every security alternative needs (`lacked` says who left it out), or it
 * carried a credential the operation's security does not name. The document says nothing of how
 * a server answers a credential it cannot verify, so refusing one is its choice.
 */
export function allowedRefusal(api: ApiModel, op: OperationModel, req: SentRequest, status: number, lacked: string | ((unmet: string[]) => string)): string | undefined {
  if (status !== 401 && status !== 403) return undefined;
  const unmet = unmetSecurity(api, op, req);
  if (unmet) return refusedForUnmetSecurity(unmet, status, typeof lacked === 'string' ? lacked : lacked(unmet));
  const stray = strayCredentials(api, op, req.headers);
  if (!stray.length) return undefined;
  const security = op.security.map((alt) => Object.keys(alt).join(' and ') || 'none').join(', or ') || 'none';
  const carried = `the credential header${stray.length > 1 ? 's' : ''} ${stray.join(' and ')}`;
  return `the request carried ${carried}, which the operation's security (${security}) does not name, and the server refused it with ${status}: the document does not say how a server answers a credential it cannot verify`;
}

/**
 * Credential-looking headers (by name, or named by one of the document's securitySchemes) that no
 * scheme of this operation's security names, and that are no header parameter of it. The Cookie
 * header is left alone: it carries the document's cookie parameters too.
 */
function strayCredentials(api: ApiModel, op: OperationModel, headers: Record<string, string>): string[] {
  const own = namedCredentials(api, op).filter((c) => c.in === 'header');
  const schemeHeaders = new Set(schemeCredentialNames(api.securitySchemes).header.map((n) => n.toLowerCase()));
  const params = new Set(op.parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()));
  return Object.entries(headers)
    .filter(([name]) => {
      const lower = name.toLowerCase();
      return lower !== 'cookie' && !params.has(lower) && (isSecretName(name) || schemeHeaders.has(lower));
    })
    .filter(([name, value]) => !own.some((c) => c.name.toLowerCase() === name.toLowerCase() && headerCarries(c, value)))
    .map(([name]) => name);
}
