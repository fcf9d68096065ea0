/** Building the API model from an OpenAPI document: operations, parameters, bodies, responses, examples, provenance. */
import { createHash } from 'node:crypto';
import type { OpenAPIV3_1 } from 'openapi-types';
import { appendPointer, followRefs, pointerToPath } from '../util/pointer.js';
import type { BrokenRef } from '../openapi/broken-refs.js';
import { isJsonMedia } from '../util/media.js';
import type { OpenApiSource } from '../openapi/openapi.js';
import type { Bindings } from '../openapi/bindings.js';
import { selfContained } from './self-contained.js';
import { assumptionOf, sourceOf } from './provenance.js';

export { sourceOf };
import type { JsonSchema, ApiModel, ExampleModel, HttpMethod, MediaModel, OperationModel, ParameterModel, ResponseModel } from './types.js';

const METHODS: HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const DESTRUCTIVE_WORDS = /(^|[^a-z])(close|delete|remove|destroy|terminate|cancel|purge|erase)/i;

/** Follow `$ref`s on a non-schema object (parameter, response, example...), also giving the JSON pointer of the object finally reached (for file:line in errors). */
function derefAt<T>(doc: unknown, obj: T, pointer: string): [T, string] {
  const r = followRefs(doc, obj);
  return [r.node as T, r.pointer ?? pointer];
}
const deref = <T>(doc: unknown, obj: T): T => derefAt(doc, obj, '')[0];

const ptr = (...keys: string[]) => appendPointer('', ...keys);


function parameterModel(doc: unknown, raw: OpenAPIV3_1.ParameterObject, pointer: string): ParameterModel {
  const [p, at] = derefAt(doc, raw, pointer);
  // A parameter may carry its schema in `content` instead (JSON-encoded on the wire).
  const media = p.schema === undefined ? Object.entries((p.content ?? {}) as Record<string, OpenAPIV3_1.MediaTypeObject>)[0] : undefined;
  const firstExample = (holder: { example?: unknown; examples?: Record<string, unknown> } | undefined) =>
    holder?.example ?? Object.values(holder?.examples ?? {}).map((e) => (deref(doc, e) as OpenAPIV3_1.ExampleObject | undefined)?.value).find((v) => v !== undefined);
  return {
    pointer: at,
    name: p.name,
    in: p.in as ParameterModel['in'],
    required: p.in === 'path' ? true : Boolean(p.required),
    schema: selfContained(doc, ((p.schema ?? media?.[1].schema) as JsonSchema) ?? {}),
    example: firstExample(p as never) ?? firstExample(media?.[1] as never),
    style: p.style,
    explode: p.explode,
    ...(p.in === 'query' && p.allowReserved ? { allowReserved: true } : {}),
    contentJson: media ? isJsonMedia(media[0]) : undefined,
  };
}

function mediaModels(doc: unknown, content: Record<string, OpenAPIV3_1.MediaTypeObject> | undefined, pointer: string): MediaModel[] {
  return Object.entries(content ?? {}).map(([contentType, media]) => {
    const examples: ExampleModel[] = [];
    for (const [name, ex] of Object.entries(media.examples ?? {})) {
      const e = deref(doc, ex) as OpenAPIV3_1.ExampleObject;
      examples.push({ name, summary: e?.summary, value: e?.value, source: sourceOf(e), assumption: assumptionOf(e) });
    }
    if (media.example !== undefined) examples.push({ name: 'example', value: media.example });
    return {
      pointer: pointer + ptr(contentType),
      contentType: contentType.toLowerCase(),
      schema: media.schema ? selfContained(doc, media.schema as JsonSchema) : undefined,
      examples,
      ...(media.encoding ? { encoding: media.encoding as MediaModel['encoding'] } : {}),
    };
  });
}

function responseModels(doc: unknown, responses: OpenAPIV3_1.ResponsesObject | undefined, pointer: string): ResponseModel[] {
  return Object.entries(responses ?? {}).map(([status, raw]) => {
    const [r, at] = derefAt(doc, raw, pointer + ptr(status)) as [OpenAPIV3_1.ResponseObject, string];
    return {
      status: String(status).toUpperCase(),
      description: r?.description,
      headers: Object.entries(r?.headers ?? {}).map(([name, h]) => {
        const [hh, hat] = derefAt(doc, h, at + ptr('headers', name)) as [OpenAPIV3_1.HeaderObject, string];
        return { name, in: 'header' as const, required: Boolean(hh.required), schema: selfContained(doc, (hh.schema as JsonSchema) ?? {}), pointer: hat };
      }),
      content: mediaModels(doc, r?.content as Record<string, OpenAPIV3_1.MediaTypeObject>, at + '/content'),
    };
  });
}

export function hashText(...texts: string[]): string {
  const h = createHash('sha256');
  for (const t of texts) h.update(t).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** The operation model: everything later stages need, with schemas already self-contained. */
export function buildApiModel(name: string, src: OpenApiSource, bindings?: Bindings): ApiModel {
  const doc = src.document;
  const seen = new Map<string, string>();
  const operations: OperationModel[] = [];
  const warnings: string[] = [];
  const at = (pointer: string) => {
    const p = src.locate(pointer);
    return `${p.file ?? src.file}:${p.line}:${p.column}`;
  };
  // A second operation under a taken operationId gets a new one, not a refusal of the document:
  // the id must be unique (OpenAPI 3.1, 4.8.10.1), but only lint needs to say so as an error.
  const declared = new Set<string>();
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const id = (deref(doc, item) as OpenAPIV3_1.PathItemObject | undefined)?.[method]?.operationId;
      if (typeof id === 'string') declared.add(id);
    }
  }
  const brokenUsers = new Map<BrokenRef, string[]>();
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const [item, itemAt] = derefAt(doc, rawItem, ptr('paths', path)) as [OpenAPIV3_1.PathItemObject | undefined, string];
    if (!item) continue;
    for (const method of METHODS) {
      const op = item[method] as OpenAPIV3_1.OperationObject | undefined;
      if (!op) continue;
      let operationId = op.operationId ?? `${method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`;
      const where = `${method.toUpperCase()} ${path}`;
      if (seen.has(operationId)) {
        let n = 2;
        while (seen.has(`${operationId}_${n}`) || declared.has(`${operationId}_${n}`)) n++;
        const renamed = `${operationId}_${n}`;
        warnings.push(`${at(appendPointer(itemAt, method, 'operationId'))}: duplicate operationId '${operationId}' (also on ${seen.get(operationId)}): ${where} is called '${renamed}' in this run`);
        operationId = renamed;
      }
      seen.set(operationId, where);
      const destructive =
        (bindings?.destructive.includes(operationId) ?? false) ||
        (op as Record<string, unknown>)['x-specgate-destructive'] === true ||
        method === 'delete' ||
        DESTRUCTIVE_WORDS.test(operationId) ||
        DESTRUCTIVE_WORDS.test(path);
      const base = { api: name, operationId, method, path, summary: op.summary, destructive };
      const broken = src.brokenRefs?.reachedFrom([appendPointer(itemAt, method), appendPointer(itemAt, 'parameters')]);
      if (broken) {
        brokenUsers.set(broken, [...(brokenUsers.get(broken) ?? []), operationId]);
        operations.push({ ...base, parameters: [], responses: [], security: [], unusable: `not checked: ${broken.message}` });
        continue;
      }
      // Operation parameters override path-level ones with the same name and location.
      const params = new Map<string, ParameterModel>();
      const pathAt = itemAt;
      const listed = [
        ...(item.parameters ?? []).map((p, i) => [p, `${pathAt}/parameters/${i}`] as const),
        ...(op.parameters ?? []).map((p, i) => [p, `${pathAt}/${method}/parameters/${i}`] as const),
      ];
      for (const [p, at] of listed) {
        const pm = parameterModel(doc, p as OpenAPIV3_1.ParameterObject, at);
        params.set(`${pm.in}:${pm.name}`, pm);
      }
      const [body, bodyAt] = op.requestBody ? (derefAt(doc, op.requestBody, `${pathAt}/${method}/requestBody`) as [OpenAPIV3_1.RequestBodyObject, string]) : [undefined, ''];
      operations.push({
        ...base,
        parameters: [...params.values()],
        requestBody: body ? { required: Boolean(body.required), content: mediaModels(doc, body.content as Record<string, OpenAPIV3_1.MediaTypeObject>, `${bodyAt}/content`) } : undefined,
        responses: responseModels(doc, op.responses, `${pathAt}/${method}/responses`),
        security: (op.security ?? doc.security ?? []) as OpenAPIV3_1.SecurityRequirementObject[],
      });
    }
  }
  for (const b of src.brokenRefs?.broken ?? []) {
    const users = brokenUsers.get(b);
    const pathItem = b.at.match(/^\/paths\/([^/]+)\/\$ref$/);
    warnings.push(
      users ? `${b.message}: ${users.length} operation(s) that use it are not checked (${users.join(', ')})`
        : pathItem ? `${b.message}: the operations of path ${pointerToPath(`/${pathItem[1]!}`)[0]} are not checked`
          : `${b.message} (no operation uses it)`,
    );
  }
  const servers = (doc.servers ?? []).map((s) => ({ url: s.url, description: s.description }));
  const productionServers = [
    ...new Set([...(bindings?.productionServers ?? []), ...servers.filter((s) => /prod/i.test(s.description ?? '')).map((s) => s.url)]),
  ];
  return {
    name,
    title: doc.info?.title ?? name,
    file: src.file,
    document: doc,
    servers,
    productionServers,
    securitySchemes: Object.fromEntries(
      Object.entries(doc.components?.securitySchemes ?? {}).map(([k, v]) => [k, deref(doc, v) as OpenAPIV3_1.SecuritySchemeObject]),
    ),
    operations,
    hash: hashText(src.text, ...(src.files ?? []).flatMap((f) => [f.file, f.text])),
    ...(src.upgradedFrom ? { upgradedFrom: src.upgradedFrom } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
}
