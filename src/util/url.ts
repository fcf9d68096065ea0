/** URL joining: a base URL's path and query survive, the operation path is appended to the path. */

/** Per name, the characters of its value sent as they are (a style's delimiters); see literalChars. */
export type Literals = Record<string, string>;

/** `encodeURIComponent`, except that the characters in `keep` stay as they are (`a,b` with `,` kept → `a,b`). */
export function encodeKeeping(value: string, keep = ''): string {
  const encoded = encodeURIComponent(value);
  if (!keep) return encoded;
  return encoded.replace(/%[0-9A-F]{2}/g, (hex) => {
    const c = String.fromCharCode(parseInt(hex.slice(1), 16));
    return keep.includes(c) ? c : hex;
  });
}

/**
 * `http://h/base/?tenant=acme` + `/v2/x` → `http://h/base/v2/x?tenant=acme` (the base's query kept).
 * The query's values are percent-encoded (a space as `%20`, as OpenAPI's examples write it), but
 * for the characters `literals` names for that key; a bracketed key (`color[R]`, deepObject) keeps its brackets.
 */
export function joinUrl(base: URL | string, path: string, query: Record<string, string | string[]> = {}, literals: Literals = {}): string {
  const u = new URL(String(base));
  u.pathname = u.pathname.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
  u.hash = '';
  const ours = Object.entries(query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((one) => `${encodeKeeping(k, '[]')}=${encodeKeeping(one, literals[k])}`));
  return withQuery(u, Object.keys(query), ours);
}

/** joinUrl for a request passed on: its query (`a=1,2&b=x`) keeps its bytes; its keys replace the base's. */
export function joinRaw(base: URL | string, path: string, search: string): string {
  const u = new URL(String(base));
  u.pathname = u.pathname.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
  u.hash = '';
  const raw = search.replace(/^\?/, '');
  return withQuery(u, [...new URLSearchParams(raw).keys()], raw ? [raw] : []);
}

function withQuery(u: URL, replaced: string[], ours: string[]): string {
  for (const k of replaced) if (u.searchParams.has(k)) u.searchParams.delete(k);
  const all = [u.search.slice(1), ...ours].filter(Boolean);
  u.search = all.length ? `?${all.join('&')}` : '';
  return u.href;
}

/**
 * A path key without its fragment: some documents tell two operations on one path apart by one
 * (`/files/{id}#get_shared_link`), and a fragment is never sent, so the request goes to `/files/{id}`.
 */
export const pathOnly = (template: string): string => template.replace(/#.*$/s, '');

/**
 * A path template filled with percent-encoded values: `/users/{id}` + {id: 'a b'} → `/users/a%20b`;
 * a value's style delimiters (`literals`, by name) stay as they are (`/items/{ids}` → `/items/1,2`).
 * The template's own characters are encoded too where a path may not hold them as they are
 * (`/a b|c %` → `/a%20b%7Cc%20%25`; the URL parser leaves `%` and `|` alone); a `%XX` it already
 * has stays as written.
 */
export const fillPath = (template: string, values: Record<string, string>, literals: Literals = {}) =>
  pathOnly(template)
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (!/^\{[^}]+\}$/.test(part)) return part.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (c) => encodeURIComponent(c));
      const name = part.slice(1, -1);
      return encodeKeeping(values[name] ?? '', literals[name]);
    })
    .join('');
