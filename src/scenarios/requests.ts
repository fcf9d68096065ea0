/**
 * The request of a scenario step: the documented example body (or, for a required body without
 * one, a body generated from the schema), parameters serialised by style/explode, and the
 * overrides of specgate.yaml. Parameter values are `{{name}}` placeholders, so a state answer or a
 * `--var` of that name fills them; the document's own example (or a generated value) is the default.
 */
import type { LoadedApi } from '../validate/load.js';
import type { OperationModel, ParameterModel } from '../model/types.js';
import type { RequestOverrides } from '../openapi/bindings.js';
import { paramKey } from '../validate/schemas.js';
import { serializeParameter } from '../validate/params.js';
import { mergePatch } from './substitute.js';
import { generateRequestValue } from './generate.js';
import { leaveOutCredentials } from './credentials.js';
import type { RequestTemplate } from './types.js';
import { isJsonMedia } from '../util/media.js';
import { hasHeader } from '../util/headers.js';

/** The operation's first documented request example: the base every scenario's body starts from. */
export function requestExample(op: OperationModel): unknown {
  const media = op.requestBody?.content.find((m) => isJsonMedia(m.contentType)) ?? op.requestBody?.content[0];
  return media?.examples[0]?.value;
}

function exampleOf(p: ParameterModel): unknown {
  const s = p.schema as Record<string, unknown>;
  return p.example ?? s.example ?? (Array.isArray(s.examples) ? s.examples[0] : undefined) ?? s.default ?? (Array.isArray(s.enum) ? s.enum[0] : undefined);
}

/** Header parameters OpenAPI says to ignore: they have their own mechanisms (and --header sets them). */
const OWN_MECHANISM = /^(content-type|accept|authorization)$/i;

/** The spec's own path-parameter examples: the weakest source of a `{{name}}` value. */
export function paramDefaults(op: OperationModel): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of op.parameters.filter((x) => x.in === 'path')) {
    const v = exampleOf(p);
    if (v !== undefined) out[p.name] = serializeParameter(p, v) as string;
  }
  return out;
}

export interface PlannedRequest {
  request: RequestTemplate;
  /** Values of the placeholders that the document gives (examples) or specgate generated. */
  defaults: Record<string, string>;
  /** Why this request cannot be sent (a required value that nothing gives). */
  skip?: string;
}

/**
 * Build the request of a scenario step. `known` are the variable names given before the run
 * (`--var`, the bindings' vars): a parameter of that name is sent, required or not.
 */
export function planRequest(api: LoadedApi, op: OperationModel, overrides: RequestOverrides = {}, known: ReadonlySet<string> = new Set()): PlannedRequest {
  const defaults = paramDefaults(op);
  const path: Record<string, string> = {};
  const query: Record<string, string | string[]> = {};
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  let skip: string | undefined;
  for (const p of op.parameters) {
    if (p.in === 'path') {
      path[p.name] = overrides.path?.[p.name] ?? `{{${p.name}}}`;
      continue;
    }
    if (p.in === 'header' && OWN_MECHANISM.test(p.name)) continue;
    const given = p.in === 'query' ? overrides.query?.[p.name] : p.in === 'header' ? overrides.headers?.[p.name] : undefined;
    if (given !== undefined) continue; // applied below
    if (!p.required && !known.has(p.name)) continue;
    let wire: string | Record<string, string | string[]> = `{{${p.name}}}`;
    if (!known.has(p.name)) {
      let value = exampleOf(p);
      if (value === undefined) {
        const generated = generateRequestValue(p.schema, api.validators.get(paramKey(op.operationId, p.in, p.name)));
        if (!generated.ok) {
          skip ??= `required ${p.in} parameter '${p.name}' has no example, and ${generated.reason}: give --var ${p.name}=...`;
          continue;
        }
        value = generated.value;
      }
      const s = serializeParameter(p, value);
      // A single wire value stays a placeholder (a state answer or --var may still fill it); an exploded one is written out.
      if (typeof s === 'string') defaults[p.name] = s;
      else if (Object.keys(s).length === 1 && typeof s[p.name] === 'string') defaults[p.name] = s[p.name] as string;
      else wire = s;
    }
    if (p.in === 'query') {
      if (typeof wire === 'string') query[p.name] = wire;
      else Object.assign(query, wire);
    } else if (p.in === 'header') headers[p.name] = wire as string;
    else cookies.push(`${p.name}=${wire as string}`);
  }
  Object.assign(query, overrides.query ?? {});
  Object.assign(headers, overrides.headers ?? {});
  if (cookies.length && !hasHeader(headers, 'cookie')) headers.cookie = cookies.join('; ');

  let body: unknown = overrides.body !== undefined ? overrides.body : requestExample(op);
  if (body === undefined && op.requestBody?.required) {
    const media = op.requestBody.content.find((m) => isJsonMedia(m.contentType) && m.schema !== undefined);
    if (!media) {
      skip ??= `the request body is required but has no example, and no JSON schema to generate one from (${op.requestBody.content.map((m) => m.contentType).join(', ') || 'no media type'}): give one in specgate.yaml`;
    } else {
      const generated = generateRequestValue(media.schema!, api.validators.get(`${op.operationId}.request`));
      if (generated.ok) body = generated.value;
      else skip ??= `the request body is required but has no example, and ${generated.reason}`;
    }
  }
  if (overrides.bodyPatch) body = mergePatch(body, overrides.bodyPatch);
  const request: RequestTemplate = { operationId: op.operationId, path, query, headers, body: op.requestBody ? body : undefined };
  return {
    request: overrides.omitAuth ? leaveOutCredentials(api.model, op, request) : request,
    defaults,
    skip,
  };
}
