/** The bodies of HAR entries: text or base64, decoded and size-checked. */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { HarContent, HarPostData } from './types.js';
import { boundaryOf, isMultipart, multipartText } from '../validate/multipart.js';

/**
 * What a HAR says about a body. Recorders differ in what they keep, and each case asks for a
 * different verdict: a body that was never recorded can't be checked, while an empty one can.
 */
export type RecordedBody =
  /** Nothing was sent or received. */
  | { state: 'none' }
  /** There was a body but the recorder did not keep it (Playwright `content: 'omit'`, sanitized exports). */
  | { state: 'not-recorded'; size?: number }
  /** Kept only in part: what is there cannot be judged against a schema. */
  | { state: 'truncated'; text: string; recordedBytes: number; size?: number; why: string }
  /** Kept, but in a form that cannot be decoded (bad base64, a missing attachment file). */
  | { state: 'unreadable'; why: string }
  | { state: 'present'; text: string };

const TRUNCATION_WORDS = /truncat|cut off|clipped|too large/i;

function decodeText(text: string, encoding: string | undefined): { text: string } | { why: string } {
  if (!encoding) return { text };
  if (encoding.toLowerCase() !== 'base64') return { why: `unknown body encoding '${encoding}'` };
  const compact = text.replace(/\s+/g, '');
  // Buffer.from silently skips bad characters; a HAR edited by hand must not validate as garbage.
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) {
    return { why: 'the body is marked base64 but is not valid base64' };
  }
  return { text: Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64').toString('utf8') };
}

/** A body known to be cut: by marker, by comment, or because fewer bytes were kept than were sent. */
function truncation(text: string, size: number | undefined, marker: boolean | undefined, comment: string | undefined, encodedLength?: number): RecordedBody | undefined {
  const recordedBytes = Buffer.byteLength(text, 'utf8');
  let why: string | undefined;
  if (marker) why = 'marked _truncated';
  else if (comment && TRUNCATION_WORDS.test(comment)) why = `comment: ${comment}`;
  // Some recorders give the size of the base64 text rather than of the bytes it encodes.
  else if (size !== undefined && size > recordedBytes && size !== encodedLength) why = `size says ${size} bytes`;
  return why ? { state: 'truncated', text, recordedBytes, size, why } : undefined;
}

const knownSize = (n: unknown): number | undefined => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined);

/** A response body from `response.content`. */
export function responseBody(content: HarContent | undefined, opts: { status: number; method: string; bodySize?: number; harFile?: string }): RecordedBody {
  // These carry no body whatever the recorder says.
  if (opts.method.toUpperCase() === 'HEAD' || opts.status === 204 || opts.status === 304 || (opts.status >= 100 && opts.status < 200)) return { state: 'none' };
  const size = knownSize(content?.size);
  let text = content?.text;
  if (typeof text !== 'string' && content?._file && opts.harFile) {
    const file = isAbsolute(content._file) ? content._file : join(opts.harFile, '..', content._file);
    if (relative(join(opts.harFile, '..'), file).startsWith('..') || !existsSync(file)) {
      return { state: 'unreadable', why: `the body is kept in '${content._file}', which is not next to the HAR file` };
    }
    // The attachment holds the raw bytes, so no `encoding` applies to it.
    text = readFileSync(file).toString('utf8');
    return truncation(text, size, content._truncated, content.comment) ?? { state: 'present', text };
  }
  if (typeof text !== 'string') {
    if (size === 0 || knownSize(opts.bodySize) === 0) return { state: 'none' };
    return { state: 'not-recorded', size };
  }
  const decoded = decodeText(text, content?.encoding);
  if ('why' in decoded) return { state: 'unreadable', why: decoded.why };
  if (decoded.text === '' && !size) return { state: 'none' };
  const encoded = content?.encoding ? text.length : undefined;
  return truncation(decoded.text, size, content?._truncated, content?.comment, encoded) ?? { state: 'present', text: decoded.text };
}

/** A request body from `request.postData` (form `params` are turned back into the text that was sent, multipart framing included). */
export function requestBody(postData: HarPostData | undefined, bodySize: number | undefined): RecordedBody {
  const size = knownSize(bodySize);
  if (!postData) return size ? { state: 'not-recorded', size } : { state: 'none' };
  let text = postData.text;
  if (typeof text !== 'string' && Array.isArray(postData.params) && postData.params.length) {
    const boundary = isMultipart(postData.mimeType) ? boundaryOf(postData.mimeType!) : undefined;
    if (boundary) {
      const parts = postData.params.map((p) => ({ name: p.name, text: p.value ?? '', ...(p.fileName !== undefined ? { filename: p.fileName } : {}), ...(p.contentType ? { contentType: p.contentType } : {}) }));
      return { state: 'present', text: multipartText(parts, boundary) };
    }
    text = new URLSearchParams(postData.params.map((p) => [p.name, p.value ?? ''])).toString();
    return { state: 'present', text };
  }
  if (typeof text !== 'string') return size ? { state: 'not-recorded', size } : { state: 'none' };
  const decoded = decodeText(text, postData.encoding);
  if ('why' in decoded) return { state: 'unreadable', why: decoded.why };
  if (decoded.text === '' && !size) return { state: 'none' };
  const encoded = postData.encoding ? text.length : undefined;
  return truncation(decoded.text, size, postData._truncated, postData.comment, encoded) ?? { state: 'present', text: decoded.text };
}
