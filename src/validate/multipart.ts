/**
 * A multipart/form-data body read as the object it spells. Its parts are split by
 * @fastify/busboy's multipart parser (Dicer, the one undici and fastify use), fed the whole body
 * at once so that it runs synchronously; each part then becomes a property value as OpenAPI
 * describes it: a part per property, a part per item for an array, an object as an
 * `application/json` part, a file as its bytes (`format: binary`, `contentMediaType`).
 */
import { Dicer } from '@fastify/busboy';
import parseParams from '@fastify/busboy/lib/utils/parseParams.js';
import type { JsonSchema, MediaModel } from '../model/types.js';
import { propertiesOf, resolveLocal } from '../model/schema.js';
import { isJsonMedia, mediaType } from '../util/media.js';
import { appendPointer } from '../util/pointer.js';
import { tooDeep } from '../util/depth.js';
import { extraSchema, type FormReading } from './form.js';
import { itemsOf, readParameter, shapeOf } from './params.js';

export const isMultipart = (contentType: string | undefined) => mediaType(contentType) === 'multipart/form-data';

/** One part of the body: its field name, its own Content-Type and filename when it has them, its bytes as text. */
export interface Part {
  name: string;
  contentType?: string;
  filename?: string;
  text: string;
}

/** The parameters of a header value (`form-data; name="a"`, `multipart/form-data; boundary=x`), RFC 2231 included. */
function params(value: string): Map<string, string> {
  const [, ...pairs] = parseParams(value);
  return new Map(pairs.filter((p): p is [string, string] => Array.isArray(p)).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The parts of `text` sent as `contentType`, or why it cannot be read as multipart/form-data (RFC 7578). */
export function partsOf(text: string, contentType: string): { parts: Part[] } | { why: string } {
  const boundary = boundaryOf(contentType);
  if (!boundary) return { why: 'its Content-Type names no boundary' };
  const bytes = Buffer.from(text, 'utf8');
  // A part's bytes are buffered whole (no backpressure), so each is complete when end() returns.
  const hwm = bytes.length + 1;
  // partHwm and highWaterMark are read by Dicer.js, though its types leave them out.
  const config: ConstructorParameters<typeof Dicer>[0] & { partHwm: number; highWaterMark: number } = { boundary, partHwm: hwm, highWaterMark: hwm };
  const dicer = new Dicer(config);
  const found: { headers?: Record<string, string[]>; stream: NodeJS.ReadableStream }[] = [];
  let error: Error | undefined;
  dicer.on('part', (stream) => {
    const part: (typeof found)[number] = { stream };
    found.push(part);
    stream.on('header', (h: Record<string, string[]>) => (part.headers = h));
    stream.on('error', (e: Error) => (error ??= e));
  });
  dicer.on('error', (e: Error) => (error ??= e));
  dicer.end(bytes);
  if (error) return { why: error.message };
  // The parser reports a missing close delimiter only asynchronously: look for it here.
  if (!text.includes(`--${boundary}--`)) return { why: `no closing delimiter --${boundary}--` };
  const parts: Part[] = [];
  for (const [i, p] of found.entries()) {
    const disposition = p.headers?.['content-disposition']?.[0];
    const name = disposition && params(disposition).get('name');
    if (name === undefined || !disposition) return { why: `part ${i + 1} has no Content-Disposition name` };
    const data = p.stream.read() as Buffer | null;
    const type = p.headers?.['content-type']?.[0];
    const filename = params(disposition).get('filename');
    parts.push({ name, text: data ? data.toString('utf8') : '', ...(type ? { contentType: type } : {}), ...(filename !== undefined ? { filename } : {}) });
  }
  return { parts };
}

/** Parts framed as a multipart body: what a HAR that keeps only `postData.params` recorded as sent. */
export function multipartText(parts: Part[], boundary: string): string {
  const quoted = (v: string) => `"${v.replace(/["\r\n]/g, (c) => encodeURIComponent(c))}"`;
  const framed = parts.map((p) => {
    const head = [`Content-Disposition: form-data; name=${quoted(p.name)}${p.filename !== undefined ? `; filename=${quoted(p.filename)}` : ''}`, ...(p.contentType ? [`Content-Type: ${p.contentType}`] : [])];
    return `--${boundary}\r\n${head.join('\r\n')}\r\n\r\n${p.text}\r\n`;
  });
  return `${framed.join('')}--${boundary}--\r\n`;
}

/** The boundary a multipart Content-Type names, if any. */
export const boundaryOf = (contentType: string): string | undefined => params(contentType).get('boundary');

/** A part's text as JSON when it spells some (and nests no deeper than a reader survives); else the text. */
function json(text: string): unknown {
  if (tooDeep(text)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * One part as the value the schema at `node` makes of it. A JSON part is parsed; a file keeps its
 * bytes; a text part is typed like a form field (`5` is 5 where only numbers are allowed). Text
 * where the schema wants an object or array is read as JSON when it spells it (OpenAPI's default
 * part type for those is application/json), and the pointer is `guessed`: its sender sent no type.
 */
function valueOf(root: JsonSchema, node: unknown, part: Part, pointer: string, guessed: string[]): unknown {
  if (isJsonMedia(part.contentType)) return json(part.text);
  const textual = part.contentType === undefined || mediaType(part.contentType) === 'text/plain';
  if (part.filename !== undefined || !textual) return part.text;
  if (shapeOf(root, node) !== 'primitive') {
    guessed.push(pointer);
    return json(part.text);
  }
  return readParameter({ name: 'v', in: 'query', required: false, schema: node as JsonSchema }, { query: { v: part.text } }, [], root);
}

/** The parts as the value the media type's schema makes of them. */
export function readMultipart(parts: Part[], media: MediaModel): FormReading {
  const root = media.schema ?? {};
  // No prototype: a field may well be called `constructor` or `__proto__`.
  const byName = Object.create(null) as Record<string, Part[]>;
  for (const p of parts) (byName[p.name] ??= []).push(p);
  const body = resolveLocal(root, root);
  const { props } = propertiesOf(root, body);
  const guessed: string[] = [];
  const entries: [string, unknown][] = [];
  for (const [name, list] of Object.entries(byName)) {
    const node = props.has(name) ? props.get(name) : extraSchema(body, name);
    const pointer = appendPointer('', name);
    // An array is a part per item; several parts for anything else stay several, for the schema to refuse.
    if (shapeOf(root, node) === 'array') entries.push([name, list.map((p, i) => valueOf(root, itemsOf(root, node), p, `${pointer}/${i}`, guessed))]);
    else if (list.length === 1) entries.push([name, valueOf(root, node, list[0]!, pointer, guessed)]);
    else entries.push([name, list.map((p) => p.text)]);
  }
  return { value: Object.fromEntries(entries), guessed };
}
