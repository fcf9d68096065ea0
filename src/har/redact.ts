/**
 * Secrets must never reach a HAR file or a report (DESIGN.md, Safety). Redaction is by name
 * (headers, query parameters, JSON and form fields that are credentials by nature) and by value
 * (every occurrence of a secret the caller knows, e.g. `--header` values and `secretVars`), so a
 * token echoed somewhere unexpected is caught too.
 */
// The same mask as curl lines and reports (src/execute/redact.ts), so a reader learns one marker.
export const REDACTED = '***';

export interface RedactContext {
  kind: 'header' | 'query' | 'body' | 'url';
  /** Header or query parameter name. */
  name?: string;
  /** Media type of a body, when known. */
  mimeType?: string;
}

export type Redact = (value: string, context: RedactContext) => string;

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token)$|token|secret|password|passwd|api[-_]?key|credential|session/i;
const SECRET_FIELD = /^(authorization|cookie)$|token|secret|password|passwd|api[-_]?key|credential|private[-_]?key/i;

export const isSecretName = (name: string) => SECRET_HEADER.test(name);

/** `Bearer abc` → `Bearer ***`: the scheme helps debugging and is not secret. */
function redactCredential(value: string): string {
  const m = /^(Bearer|Basic|Digest|Token|ApiKey|Negotiate)\s+\S/i.exec(value);
  return m ? `${m[1]} ${REDACTED}` : REDACTED;
}

function redactJsonFields(node: unknown): { node: unknown; changed: boolean } {
  if (Array.isArray(node)) {
    let changed = false;
    const out = node.map((v) => {
      const r = redactJsonFields(v);
      changed ||= r.changed;
      return r.node;
    });
    return { node: out, changed };
  }
  if (node === null || typeof node !== 'object') return { node, changed: false };
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (SECRET_FIELD.test(k) && (typeof v === 'string' || typeof v === 'number') && v !== '') {
      out[k] = REDACTED;
      changed = true;
    } else {
      const r = redactJsonFields(v);
      changed ||= r.changed;
      out[k] = r.node;
    }
  }
  return { node: out, changed };
}

function redactBody(text: string, mimeType: string | undefined): string {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const r = redactJsonFields(JSON.parse(text));
      // Re-serialise only when something changed, so untouched bodies keep their bytes.
      return r.changed ? JSON.stringify(r.node) : text;
    } catch {
      return text; // not JSON after all (or truncated): value-based redaction still applies
    }
  }
  if (/x-www-form-urlencoded/i.test(mimeType ?? '') || /^[\w.%-]+=[^&\s]*(&[\w.%-]+=[^&\s]*)*$/.test(trimmed)) {
    const params = new URLSearchParams(text);
    let changed = false;
    for (const [k] of params) if (SECRET_FIELD.test(k)) (params.set(k, REDACTED), (changed = true));
    return changed ? params.toString() : text;
  }
  return text;
}

function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const params = new URLSearchParams(query);
  let changed = false;
  for (const [k] of params) if (SECRET_FIELD.test(k)) (params.set(k, REDACTED), (changed = true));
  return changed ? `${url.slice(0, q)}?${params.toString()}${hash < 0 ? '' : url.slice(hash)}` : url;
}

/** The redaction specgate always applies, plus every known secret value wherever it appears. */
export function defaultRedactor(secrets: Iterable<string> = []): Redact {
  // Short values (≤ 3 characters) would shred ordinary text, and cannot be meaningful secrets.
  const known = [...secrets].filter((s) => typeof s === 'string' && s.length >= 4);
  // A secret in a URL or form body is percent-encoded: catch that spelling too.
  const values = [...new Set([...known, ...known.map(encodeURIComponent)])].sort((a, b) => b.length - a.length);
  // Longest first, so a secret that contains another is replaced whole.
  const scrub = (v: string) => values.reduce((acc, s) => acc.split(s).join(REDACTED), v);
  return (value, ctx) => {
    let v = value;
    if ((ctx.kind === 'header' || ctx.kind === 'query') && ctx.name && (ctx.kind === 'header' ? SECRET_HEADER : SECRET_FIELD).test(ctx.name)) {
      v = ctx.kind === 'header' ? redactCredential(v) : REDACTED;
    } else if (ctx.kind === 'body') v = redactBody(v, ctx.mimeType);
    else if (ctx.kind === 'url') v = redactUrl(v);
    return scrub(v);
  };
}

/** The default redaction first, then the caller's hook: the defaults cannot be switched off by accident. */
export function withDefaults(hook: ((value: string, context: RedactContext) => string) | undefined, secrets?: Iterable<string>): Redact {
  const base = defaultRedactor(secrets);
  return hook ? (value, ctx) => hook(base(value, ctx), ctx) : base;
}
