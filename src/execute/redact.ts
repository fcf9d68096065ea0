/** Header names whose values are credentials wherever they appear. */
export const CREDENTIAL_HEADERS = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-[\w-]*(token|secret|key|password|session)[\w-]*)$/i;

const MASK = '***';

/** Standard headers that never hold a credential: masking their values would mask ordinary text. */
const PLAIN_HEADERS = /^(accept|accept-language|accept-encoding|content-type|user-agent|cache-control|connection)$/i;

/** Names (query parameters, variables) whose values are credentials. */
export const SECRET_NAME = /token|secret|password|passwd|api[-_]?key|apikey|key|credential|auth|signature|sig/i;

/**
 * Every secret specgate has seen (header credentials, tokens from provider states, broker tokens),
 * so that any text leaving the process can be scrubbed of them.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** One alternation over every secret, longest first, rebuilt only when a secret is added. */
  private pattern: RegExp | undefined;

  add(secret: string | undefined): void {
    if (!secret) return;
    const s = secret.trim();
    // Very short values would mask ordinary text; credentials are never that short.
    if (s.length < 4 || this.secrets.has(s)) return;
    this.secrets.add(s);
    const bearer = s.match(/^(?:bearer|basic|token)\s+(.+)$/i);
    if (bearer && bearer[1].length >= 4) this.secrets.add(bearer[1]);
    this.pattern = undefined;
  }

  /** Credential-named headers; with `all`, every header but the few standard ones that never carry one. */
  addHeaders(headers: Record<string, string>, opts: { all?: boolean } = {}): void {
    for (const [k, v] of Object.entries(headers)) if (CREDENTIAL_HEADERS.test(k) || (opts.all && !PLAIN_HEADERS.test(k))) this.add(v);
  }

  /** Credentials inside a URL: the userinfo password and credential-looking query values. */
  addUrl(url: URL): void {
    if (url.password) {
      this.add(url.password);
      this.add(decodeURIComponent(url.password));
    }
    for (const [k, v] of url.searchParams) if (SECRET_NAME.test(k)) this.add(v);
  }

  text(s: string): string {
    if (!this.secrets.size) return s;
    this.pattern ??= new RegExp(
      [...this.secrets]
        .sort((a, b) => b.length - a.length)
        .map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return s.replace(this.pattern, MASK);
  }

  headers(h: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, CREDENTIAL_HEADERS.test(k) ? MASK : this.text(v)]));
  }

  value<T>(v: T): T {
    if (typeof v === 'string') return this.text(v) as T;
    if (v === null || typeof v !== 'object') return v;
    return JSON.parse(this.text(JSON.stringify(v))) as T;
  }
}
