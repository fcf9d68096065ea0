/**
 * The one redaction of specgate: every secret a run has seen, masked in every spelling wherever text
 * leaves the process (console, JSON, JUnit, GitHub and HTML reports, curl lines, HAR files, validate
 * output, error messages). Secrets are known by value (`--header` values, secret-looking `--var`s,
 * base-URL credentials, provider-state tokens, the values of credential headers a request carries)
 * and by name (credential headers, query parameters, cookies and fields, and whatever the documents'
 * securitySchemes name).
 */
import { MAX_JSON_DEPTH, tooDeep } from '../util/depth.js';
import { encodedForms } from './encodings.js';
import { isSecretName, PLAIN_HEADERS, schemeCredentialNames, type CredentialNames } from './names.js';

/** The parts of an exchange (execute/types.ts) that carry secrets: redaction sits below execute, so it names only these. */
interface RequestLike {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}
interface ResponseLike {
  headers: Record<string, string>;
  bodyText: string;
  body?: unknown;
}
interface ExchangeLike {
  request: RequestLike;
  response?: ResponseLike;
  error?: { kind: string; message: string };
}

/** What a masked value reads as, in every channel. */
export const MASK = '***';

export interface RedactContext {
  kind: 'header' | 'query' | 'body' | 'url';
  /** Header or query parameter name. */
  name?: string;
  /** Media type of a body, when known. */
  mimeType?: string;
}

/** Redaction as a function of a value and where it stands (the HAR writer's hook shape). */
export type Redact = (value: string, context: RedactContext) => string;

// Very short values would mask ordinary text; credentials are never that short.
const MIN_SECRET = 4;
/**
 * A secret shorter than this is masked only where it stands as a token of its own, not inside a
 * longer word: a Basic password `pass` must not turn the report's `passed` into `***ed` (and a long
 * secret found inside a word is still a leak, so longer ones are masked wherever they occur).
 */
const SHORT_SECRET = 8;
/**
 * What may stand right before a short secret's spelling for it to be a token: no word character, or
 * the end of an escape (`%3A`, `\n`, `\u0041`) that encodes a separator.
 */
const TOKEN_START = '(?:(?<![A-Za-z0-9_])|(?<=%[0-9A-Fa-f]{2})|(?<=\\\\[nrtbf])|(?<=\\\\u[0-9A-Fa-f]{4}))';
const TOKEN_END = '(?![A-Za-z0-9_])';
const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
/** A form as a pattern: bounded by TOKEN_START/TOKEN_END where it begins or ends in a word character. */
const formPattern = (form: string, bounded: boolean) =>
  bounded ? `${isWordChar(form[0]) ? TOKEN_START : ''}${escapeRe(form)}${isWordChar(form.at(-1)) ? TOKEN_END : ''}` : escapeRe(form);
/** `Bearer abc` keeps its scheme when masked (`Bearer ***`): it helps debugging and is not secret. */
const SCHEME = /^(Bearer|Basic|Digest|Token|ApiKey|Negotiate)\s+(\S.*)$/i;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const cookiePairs = (v: string) =>
  v
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (p.includes('=') ? [p.slice(0, p.indexOf('=')).trim(), p.slice(p.indexOf('=') + 1).trim()] : ['', p]));

const decode = (s: string) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
};

/** Whether the last character before JSON's trailing whitespace closes an array or object (else JSON.parse must fail). */
function endsInBracket(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && ' \t\n\r'.includes(text[i])) i--;
  return text[i] === ']' || text[i] === '}';
}

/** The copies `Redactor.exchange` made, with the redactor whose secrets each is masked for (a body is masked once, not once per writer). */
const maskedBy = new WeakMap<object, Redactor>();

export class Redactor {
  private readonly secrets = new Set<string>();
  private forms: string[] = [];
  /** Forms of secrets shorter than SHORT_SECRET: masked as tokens only. */
  private readonly shortForms = new Set<string>();
  private readonly names: { header: Set<string>; query: Set<string>; cookie: Set<string> } = { header: new Set(), query: new Set(), cookie: new Set() };
  private version = 0;
  /** One alternation over every spelling of every secret, longest first; rebuilt when a secret is added. */
  private pattern: RegExp | undefined;
  private patternStamp = '';

  constructor(private readonly parent?: Redactor) {}

  /** A redactor for one scenario or entry: the run's secrets and names plus its own, forgotten with it. */
  scope(): Redactor {
    return new Redactor(this);
  }

  add(secret: string | undefined | null): void {
    if (typeof secret !== 'string') return;
    const s = secret.trim();
    if (s.length < MIN_SECRET || this.has(s)) return;
    this.secrets.add(s);
    const forms = encodedForms(s);
    this.forms.push(...forms);
    if (s.length < SHORT_SECRET) for (const f of forms) this.shortForms.add(f);
    this.version++;
    const scheme = SCHEME.exec(s);
    if (scheme) {
      this.add(scheme[2]);
      if (/^basic$/i.test(scheme[1])) this.addBasic(scheme[2]);
    }
  }

  /** `Basic base64(user:pass)`: the pair and the password are secrets too. */
  private addBasic(encoded: string): void {
    if (!/^[A-Za-z0-9+/]+=*$/.test(encoded)) return;
    const pair = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = pair.indexOf(':');
    if (colon < 0 || /[\u0000-\u001f]/.test(pair)) return;
    this.add(pair);
    this.add(pair.slice(colon + 1));
  }

  private has(s: string): boolean {
    return this.secrets.has(s) || (this.parent?.has(s) ?? false);
  }

  /** Credential names from an OpenAPI document's `securitySchemes`: masked by name from now on. */
  addSecuritySchemes(schemes: Record<string, unknown> | undefined): void {
    this.addNames(schemeCredentialNames(schemes ?? {}));
  }

  addNames(names: Partial<CredentialNames>): void {
    for (const n of names.header ?? []) this.names.header.add(n.toLowerCase());
    for (const n of names.query ?? []) this.names.query.add(n);
    for (const n of names.cookie ?? []) this.names.cookie.add(n);
  }

  isCredentialHeader(name: string): boolean {
    return isSecretName(name) || this.names.header.has(name.toLowerCase()) || (this.parent?.isCredentialHeader(name) ?? false);
  }

  isCredentialQuery(name: string): boolean {
    return isSecretName(name) || this.names.query.has(name) || (this.parent?.isCredentialQuery(name) ?? false);
  }

  private isCredentialCookie(name: string): boolean {
    return isSecretName(name) || this.names.cookie.has(name) || (this.parent?.isCredentialCookie(name) ?? false);
  }

  /**
   * Values of credential headers (by name; with `all`, every header but the few standard ones that
   * never carry one) and of the cookies they carry.
   */
  addHeaders(headers: Record<string, string | undefined>, opts: { all?: boolean } = {}): void {
    for (const [k, v] of Object.entries(headers)) {
      if (typeof v !== 'string') continue;
      const cookie = /^(set-)?cookie$/i.test(k);
      if (cookie) {
        const pairs = /^set-/i.test(k) ? [cookiePairs(v)[0] ?? ['', '']] : cookiePairs(v);
        for (const [name, value] of pairs) if (opts.all || this.isCredentialCookie(name)) this.add(value);
      }
      if (this.isCredentialHeader(k) || (opts.all && !PLAIN_HEADERS.test(k))) this.add(v);
    }
  }

  /** Credentials inside a URL: the userinfo, and credential query values as written and decoded. */
  addUrl(url: URL | string): void {
    let u: URL;
    try {
      u = typeof url === 'string' ? new URL(url) : url;
    } catch {
      return;
    }
    if (u.password) {
      for (const p of [u.password, decode(u.password)]) this.add(p);
      this.add(`${decode(u.username)}:${decode(u.password)}`);
    } else if (u.username) this.add(decode(u.username));
    for (const pair of u.search.slice(1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq < 0 || !this.isCredentialQuery(decode(pair.slice(0, eq)))) continue;
      this.add(pair.slice(eq + 1));
      this.add(decode(pair.slice(eq + 1)));
    }
  }

  /** The credentials a request carries by name: from now on masked wherever they reappear (bodies, echoes). */
  harvest(req: { url?: string; headers: Record<string, string | undefined> }): void {
    this.addHeaders(req.headers);
    if (req.url) this.addUrl(req.url);
  }

  private isShortForm(f: string): boolean {
    return this.shortForms.has(f) || (this.parent?.isShortForm(f) ?? false);
  }

  private allForms(): string[] {
    return this.parent ? [...this.parent.allForms(), ...this.forms] : this.forms;
  }

  private stamp(): string {
    return this.parent ? `${this.parent.stamp()}.${this.version}` : String(this.version);
  }

  /** Every spelling of every known secret replaced by the mask. */
  text(s: string): string {
    if (typeof s !== 'string' || !s) return s;
    if (!this.forms.length && this.parent) return this.parent.text(s);
    const stamp = this.stamp();
    if (this.patternStamp !== stamp) {
      const forms = [...new Set(this.allForms())].sort((a, b) => b.length - a.length);
      this.pattern = forms.length ? new RegExp(forms.map((f) => formPattern(f, this.isShortForm(f))).join('|'), 'g') : undefined;
      this.patternStamp = stamp;
    }
    return this.pattern ? s.replace(this.pattern, MASK) : s;
  }

  /** Every string inside a value (keys too) scrubbed; nesting beyond MAX_JSON_DEPTH is cut off, not recursed into. */
  value<T>(v: T, depth = 0): T {
    if (typeof v === 'string') return this.text(v) as T;
    if (v === null || typeof v !== 'object') return v;
    if (depth >= MAX_JSON_DEPTH) return `…(nested deeper than ${MAX_JSON_DEPTH} levels)` as T;
    if (Array.isArray(v)) return v.map((x) => this.value(x, depth + 1)) as T;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.text(k), this.value(x, depth + 1)])) as T;
  }

  /** A header value: masked whole when the name is a credential's (`Bearer ***`), else scrubbed. */
  header(name: string, value: string): string {
    if (/^(set-)?cookie$/i.test(name)) {
      // Cookie names are kept (they say which session), every value masked.
      return cookiePairs(value)
        .map(([k, v], i) => (k ? `${k}=${i === 0 || /^cookie$/i.test(name) ? MASK : this.text(v)}` : this.text(v)))
        .join('; ');
    }
    if (this.isCredentialHeader(name)) {
      const m = SCHEME.exec(value);
      return m ? `${m[1]} ${MASK}` : MASK;
    }
    return this.text(value);
  }

  headers(h: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, this.header(k, String(v))]));
  }

  /** A URL with its password and credential query values masked by name, then scrubbed. */
  url(u: string): string {
    let out = u.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i, (_, scheme: string, info: string) => `${scheme}${info.includes(':') ? `${info.slice(0, info.indexOf(':'))}:${MASK}` : MASK}@`);
    const q = out.indexOf('?');
    if (q >= 0) {
      const hash = out.indexOf('#', q);
      const query = out.slice(q + 1, hash < 0 ? undefined : hash);
      const masked = query
        .split('&')
        .map((pair) => {
          const eq = pair.indexOf('=');
          return eq >= 0 && this.isCredentialQuery(decode(pair.slice(0, eq))) ? `${pair.slice(0, eq)}=${MASK}` : pair;
        })
        .join('&');
      out = `${out.slice(0, q)}?${masked}${hash < 0 ? '' : out.slice(hash)}`;
    }
    return this.text(out);
  }

  /**
   * A body with credential JSON or form fields masked by name, then scrubbed. `parsed`: the text
   * already parsed (as `send` parses a JSON answer), so a 10 MB body is not parsed a second time.
   */
  body(text: string, mimeType?: string, parsed?: { value: unknown }): string {
    return this.text(this.fields(text, mimeType, parsed));
  }

  private fields(text: string, mimeType: string | undefined, parsed?: { value: unknown }): string {
    const trimmed = text.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      // A text that does not end in a bracket is no JSON document (a body cut at the cap): nothing to parse.
      if (!parsed && (!endsInBracket(text) || tooDeep(text))) return text; // value masking still applies
      try {
        const value = parsed ? parsed.value : JSON.parse(text);
        // Copied (and re-serialised) only when a field is masked, so untouched bodies keep their bytes.
        if (!this.hasSecretField(value)) return text;
        return JSON.stringify(this.maskFields(value));
      } catch {
        return text; // not JSON after all
      }
    }
    if (/x-www-form-urlencoded/i.test(mimeType ?? '') || /^[\w.%-]+=[^&\s]*(&[\w.%-]+=[^&\s]*)*$/.test(trimmed)) {
      let changed = false;
      const masked = text
        .split('&')
        .map((pair) => {
          const eq = pair.indexOf('=');
          if (eq < 0 || !this.isCredentialQuery(decode(pair.slice(0, eq)))) return pair;
          changed = true;
          return `${pair.slice(0, eq)}=${MASK}`;
        })
        .join('&');
      return changed ? masked : text;
    }
    return text;
  }

  private static isMaskedField(k: string, v: unknown): boolean {
    return isSecretName(k) && (typeof v === 'string' || typeof v === 'number') && v !== '';
  }

  /** Whether any field of a parsed body is masked by name: looked for before anything is copied. */
  private hasSecretField(node: unknown): boolean {
    if (Array.isArray(node)) return node.some((v) => this.hasSecretField(v));
    if (node === null || typeof node !== 'object') return false;
    const obj = node as Record<string, unknown>;
    for (const k of Object.keys(obj)) if (Redactor.isMaskedField(k, obj[k]) || this.hasSecretField(obj[k])) return true;
    return false;
  }

  private maskFields(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((v) => this.maskFields(v));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) out[k] = Redactor.isMaskedField(k, v) ? MASK : this.maskFields(v);
    return out;
  }

  /** As the HAR writer's hook: by the value's place (header, query, body, URL). */
  readonly redact: Redact = (value, ctx) => {
    switch (ctx.kind) {
      case 'header':
        return ctx.name ? this.header(ctx.name, value) : this.text(value);
      case 'query':
        return ctx.name && this.isCredentialQuery(ctx.name) ? MASK : this.text(value);
      case 'body':
        return this.body(value, ctx.mimeType);
      case 'url':
        return this.url(value);
    }
  };

  request<T extends RequestLike>(req: T): T {
    const type = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    return { ...req, url: this.url(req.url), headers: this.headers(req.headers), ...(req.body !== undefined ? { body: this.body(req.body, type) } : {}) };
  }

  /** `body`, when present, is `bodyText` parsed (as `send` makes it): field masking reads it rather than parsing again. */
  response<T extends ResponseLike>(res: T): T {
    const bodyText = this.body(res.bodyText, res.headers['content-type'], res.body === undefined ? undefined : { value: res.body });
    return { ...res, headers: this.headers(res.headers), bodyText, body: res.body === undefined ? undefined : bodyText === res.bodyText ? res.body : this.reparse(bodyText, res.body) };
  }

  /** The parsed body after masking: the masked text parsed again (it is JSON whenever the original was). */
  private reparse(text: string, fallback: unknown): unknown {
    try {
      return JSON.parse(text);
    } catch {
      return this.value(fallback);
    }
  }

  /** A copy of an exchange with every secret masked: what reports, HAR files and callbacks get. */
  exchange<T extends ExchangeLike>(ex: T): T {
    const out = {
      ...ex,
      request: this.request(ex.request),
      ...(ex.response ? { response: this.response(ex.response) } : {}),
      ...(ex.error ? { error: { kind: ex.error.kind, message: this.text(ex.error.message) } } : {}),
    };
    // A scope is remembered by its parent: the copy is masked for at least the parent's secrets, and a
    // kept copy must not keep the scope (its secrets and their compiled pattern) alive.
    maskedBy.set(out, this.parent ?? this);
    return out;
  }

  /**
   * Whether `ex` is a copy `exchange()` made by one of this redactor's scopes (or by it, or one of its
   * descendants' scopes): then it is masked for every secret this one knows, and a writer using this
   * redactor need not mask it again.
   */
  masked(ex: object): boolean {
    for (let r = maskedBy.get(ex); r; r = r.parent) if (r === this) return true;
    return false;
  }
}
