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

/** A path template filled with percent-encoded values: `/users/{id}` + {id: 'a b'} → `/users/a%20b`. */
export const fillPath = (template: string, values: Record<string, string>) =>
  template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
