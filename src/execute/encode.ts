/** Request bodies on the wire: a value encoded as the media type it is documented under (JSON, urlencoded form, multipart form, raw text). */
import { isFormMedia, isJsonMedia, mediaType } from '../util/media.js';

/** A form body's per-property serialisation (OpenAPI `encoding`). */
export type FormEncoding = Record<string, { contentType?: string; style?: string; explode?: boolean }>;

/** A form field's text: strings as they are, anything else as JSON (what OpenAPI prescribes for objects in a form). */
const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** `name=value` pairs of a form: arrays repeat their name (style form, explode), objects spread their fields (explode) or join them, deepObject nests in brackets. */
function formPairs(value: Record<string, unknown>, encoding: FormEncoding): [string, string][] {
  const out: [string, string][] = [];
  const deep = (prefix: string, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) deep(`${prefix}[${k}]`, x);
    else if (Array.isArray(v)) v.forEach((x, i) => deep(`${prefix}[${i}]`, x));
    else if (v !== undefined) out.push([prefix, text(v)]);
  };
  for (const [name, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const e = encoding[name] ?? {};
    if (e.style === 'deepObject') deep(name, v);
    else if (Array.isArray(v) && e.explode !== false) for (const x of v) out.push([name, text(x)]);
    else if (Array.isArray(v)) out.push([name, v.map(text).join(e.style === 'spaceDelimited' ? ' ' : e.style === 'pipeDelimited' ? '|' : ',')]);
    else if (v && typeof v === 'object' && e.explode !== false && !e.contentType) for (const [k, x] of Object.entries(v)) out.push([k, text(x)]);
    // Style form, not exploded: name=k1,v1,k2,v2, as a query parameter would be.
    else if (v && typeof v === 'object' && !e.contentType && (e.style ?? 'form') === 'form') out.push([name, Object.entries(v).flatMap(([k, x]) => [k, text(x)]).join(',')]);
    else out.push([name, text(v)]);
  }
  return out;
}

/** One part per field (arrays one per item); objects as JSON parts unless the encoding names another type. */
function multipart(value: Record<string, unknown>, encoding: FormEncoding, boundary: string): string {
  const parts: string[] = [];
  const part = (name: string, v: unknown) => {
    const declared = encoding[name]?.contentType?.split(',')[0].trim();
    const type = declared ?? (v && typeof v === 'object' ? 'application/json' : undefined);
    const file = declared !== undefined && !isJsonMedia(declared) && !declared.startsWith('text/');
    const head = [`Content-Disposition: form-data; name="${name.replace(/["\r\n]/g, '_')}"${file ? `; filename="${name.replace(/["\r\n/\\]/g, '_')}"` : ''}`, ...(type ? [`Content-Type: ${type}`] : [])];
    parts.push(`--${boundary}\r\n${head.join('\r\n')}\r\n\r\n${text(v)}\r\n`);
  };
  for (const [name, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) part(name, x);
    else part(name, v);
  }
  return `${parts.join('')}--${boundary}--\r\n`;
}

/**
 * The body text and Content-Type for a value documented under `contentType`. A JSON body is always
 * JSON text (a string value too: it is a JSON string); a form body is encoded field by field; any
 * other media type takes a string as it is (an XML or CSV example) and anything else as JSON.
 */
export function encodeBody(value: unknown, contentType: string, encoding: FormEncoding = {}): { body: string; contentType: string } {
  const media = mediaType(contentType) ?? contentType;
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (isJsonMedia(media)) return { body: JSON.stringify(value), contentType };
  if (isFormMedia(media) && isObject) {
    const fields = value as Record<string, unknown>;
    if (media === 'multipart/form-data') {
      // Fixed, so the same scenario sends the same bytes (and curl line) on every run.
      const boundary = 'specgate-form-boundary-7MA4YWxkTrZu0gW';
      return { body: multipart(fields, encoding, boundary), contentType: `multipart/form-data; boundary=${boundary}` };
    }
    return { body: new URLSearchParams(formPairs(fields, encoding)).toString(), contentType };
  }
  // A range (`*/*`, `image/*`) names no type to send: a structured value goes as JSON, text as bytes.
  if (media.includes('*')) return typeof value === 'string' ? { body: value, contentType: 'application/octet-stream' } : { body: JSON.stringify(value), contentType: 'application/json' };
  return { body: typeof value === 'string' ? value : JSON.stringify(value), contentType };
}
