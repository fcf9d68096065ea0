/** A built request with the credentials of an operation's security left out (headers, query, cookies), nothing else removed. */
import type { Credential } from '../scenarios/credentials.js';
import type { ExchangeRequest } from './types.js';

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
