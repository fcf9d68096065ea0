/** The schemas an API's validators need: body captures, parameters and response headers. */
import type { ApiModel, JsonSchema, MediaModel } from '../model/types.js';
import { captures, isJson } from '../model/captures.js';
import { forDirection } from '../model/read-write.js';
import { isFormMedia, isJsonMedia } from '../util/media.js';
import { isUrlencoded } from './form.js';
import { isMultipart } from './multipart.js';

/** The form body (urlencoded or multipart) of an operation with no JSON body: what a generated form request is proved against. */
export const formKey = (operationId: string) => `${operationId}.request.form`;

/** The media a request is sent as: the first JSON body with a schema, else the first form body with one. */
function formBody(op: ApiModel['operations'][number]) {
  const content = op.requestBody?.content ?? [];
  if (content.some((m) => isJsonMedia(m.contentType) && m.schema !== undefined)) return undefined;
  return content.find((m) => isFormMedia(m.contentType) && m.schema !== undefined);
}

export const paramKey = (operationId: string, location: string, name: string) =>
  `${operationId}.param.${location}.${location === 'header' ? name.toLowerCase() : name}`;

/** A documented response header's schema: `responseKey` is the response's (`op.200`). */
export const responseHeaderKey = (responseKey: string, name: string) => `${responseKey}.header.${name.toLowerCase()}`;

/** The response headers whose values a schema judges: a Content-Type header is ignored (OpenAPI: "it SHALL be ignored"). */
function judgedHeaders(api: ApiModel) {
  return api.operations.flatMap((op) =>
    op.responses.flatMap((r) => r.headers.filter((h) => !/^content-type$/i.test(h.name)).map((h) => ({ key: responseHeaderKey(`${op.operationId}.${r.status}`, h.name), header: h }))),
  );
}

/**
 * The validator of one documented body media: the capture's key (`op.request`, `op.200`) for the
 * first JSON media with a schema, `key@type` for each other JSON one (`application/problem+json`
 * beside `application/json` may have a schema of its own) and for a form, urlencoded or multipart
 * (read into the object it spells first: form.ts, multipart.ts); undefined for a body no JSON
 * Schema judges as it travels (XML, plain text), which is then not checked against one.
 */
export function mediaKey(key: string, content: MediaModel[], media: MediaModel): string | undefined {
  if (media.schema === undefined) return undefined;
  if (isUrlencoded(media.contentType) || isMultipart(media.contentType)) return `${key}@${media.contentType}`;
  if (!isJson(media.contentType)) return undefined;
  return content.find((m) => m.schema !== undefined && isJson(m.contentType)) === media ? key : `${key}@${media.contentType}`;
}

/** The media of each request and response body with a validator besides its capture's, with their validators' keys. */
function otherMedia(api: ApiModel): { key: string; media: MediaModel; direction: 'request' | 'response' }[] {
  const out: { key: string; media: MediaModel; direction: 'request' | 'response' }[] = [];
  for (const op of api.operations) {
    const bodies = [
      { key: `${op.operationId}.request`, content: op.requestBody?.content ?? [], direction: 'request' as const },
      ...op.responses.map((r) => ({ key: `${op.operationId}.${r.status}`, content: r.content, direction: 'response' as const })),
    ];
    for (const b of bodies) {
      for (const m of b.content) {
        const key = mediaKey(b.key, b.content, m);
        if (key !== undefined && key !== b.key) out.push({ key, media: m, direction: b.direction });
      }
    }
  }
  return out;
}

/** Every schema an API's validators need: the body captures plus one per parameter and response header. */
export function schemaEntries(api: ApiModel): Map<string, JsonSchema> {
  const out = new Map<string, JsonSchema>();
  for (const c of captures(api)) out.set(c.key, c.schema);
  for (const m of otherMedia(api)) out.set(m.key, forDirection(m.media.schema!, m.direction));
  for (const op of api.operations) for (const p of op.parameters) out.set(paramKey(op.operationId, p.in, p.name), p.schema);
  for (const h of judgedHeaders(api)) out.set(h.key, h.header.schema);
  for (const op of api.operations) {
    const form = formBody(op);
    if (form) out.set(formKey(op.operationId), forDirection(form.schema!, 'request'));
  }
  return out;
}

/** Where each of those schemas is in the document (for file:line in schema errors). */
export function schemaPointers(api: ApiModel): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of captures(api)) if (c.pointer) out.set(c.key, c.pointer);
  for (const m of otherMedia(api)) if (m.media.pointer) out.set(m.key, `${m.media.pointer}/schema`);
  for (const op of api.operations) for (const p of op.parameters) if (p.pointer) out.set(paramKey(op.operationId, p.in, p.name), `${p.pointer}/schema`);
  for (const h of judgedHeaders(api)) if (h.header.pointer) out.set(h.key, `${h.header.pointer}/schema`);
  for (const op of api.operations) {
    const form = formBody(op);
    if (form?.pointer) out.set(formKey(op.operationId), `${form.pointer}/schema`);
  }
  return out;
}
