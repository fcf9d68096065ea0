/** The JSON Schema captures of an API: one per request and response body, named as the interface says. */
import type { ApiModel, JsonSchema } from './types.js';
import { forDirection } from './read-write.js';
import { isJsonMedia } from '../util/media.js';

export interface Capture {
  /** Key used by the validators: `<operationId>.request` or `<operationId>.<status>`. */
  key: string;
  /** Interface file name: `<operationId>.request.schema.json` / `<operationId>.<status>.schema.json`. */
  fileName: string;
  schema: JsonSchema;
  /** JSON pointer of the schema in the OpenAPI document. */
  pointer?: string;
}

/** JSON bodies, and `*\/*` with a schema (a document that says any type but gives a JSON Schema). */
export const isJson = (ct: string) => isJsonMedia(ct) || ct === '*/*';

/** The JSON Schema captures of every request and response body of an API. */
export function captures(api: ApiModel): Capture[] {
  const out: Capture[] = [];
  for (const op of api.operations) {
    const req = op.requestBody?.content.find((m) => isJson(m.contentType) && m.schema !== undefined);
    if (req?.schema !== undefined) out.push({ key: `${op.operationId}.request`, fileName: `${op.operationId}.request.schema.json`, schema: forDirection(req.schema, 'request'), pointer: req.pointer && `${req.pointer}/schema` });
    for (const r of op.responses) {
      const media = r.content.find((m) => isJson(m.contentType) && m.schema !== undefined);
      if (media?.schema !== undefined) out.push({ key: `${op.operationId}.${r.status}`, fileName: `${op.operationId}.${r.status}.schema.json`, schema: forDirection(media.schema, 'response'), pointer: media.pointer && `${media.pointer}/schema` });
    }
  }
  return out;
}

export function captureText(schema: JsonSchema): string {
  return JSON.stringify(schema, null, 2) + '\n';
}
