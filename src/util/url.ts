/** URL joining: a base URL's path and query survive, the operation path is appended to the path. */

/** `http://h/base/?tenant=acme` + `/v2/x` → `http://h/base/v2/x?tenant=acme` (the base's query kept). */
export function joinUrl(base: URL | string, path: string, query: Record<string, string | string[]> = {}): string {
  const u = new URL(String(base));
  u.pathname = u.pathname.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
  u.hash = '';
  for (const [k, v] of Object.entries(query)) {
    u.searchParams.delete(k);
    for (const one of Array.isArray(v) ? v : [v]) u.searchParams.append(k, one);
  }
  return u.href;
}

/**
 * A path template filled with percent-encoded values: `/users/{id}` + {id: 'a b'} → `/users/a%20b`.
 * The template's own characters are encoded too where a path may not hold them as they are
 * (`/a b|c %` → `/a%20b%7Cc%20%25`; the URL parser leaves `%` and `|` alone); a `%XX` it already
 * has stays as written.
 */
export const fillPath = (template: string, values: Record<string, string>) =>
  template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? encodeURIComponent(values[part.slice(1, -1)] ?? '') : part.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (c) => encodeURIComponent(c))))
    .join('');
