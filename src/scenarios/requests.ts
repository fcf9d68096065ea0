/**
 * The request of a scenario step: the documented example body (or, for a required body without
 * one, a body generated from the schema), parameters serialised by style/explode, and the
 * overrides of specgate.yaml. Parameter values are `{{name}}` placeholders, so a state answer or a
 * `--var` of that name fills them; the document's own example (or a generated value) is the default.
 */
import type { LoadedApi } from '../validate/load.js';
import type { MediaModel, OperationModel, ParameterModel } from '../model/types.js';
import type { RequestOverrides } from '../openapi/bindings.js';
import { formKey, paramKey } from '../validate/schemas.js';
import { serializeParameter } from '../validate/params.js';
import { mergePatch } from './substitute.js';
import { generateRequestValue } from './generate.js';
import { leaveOutCredentials } from './credentials.js';
import type { RequestTemplate } from './types.js';
import { isFormMedia, isJsonMedia } from '../util/media.js';
import { hasHeader } from '../util/headers.js';
import { namedCredentials } from './credentials.js';

/** The media a request body is sent as: JSON first, then a form with a schema, then any media with an example. */
export function bodyMedia(op: OperationModel): MediaModel | undefined {
  const content = op.requestBody?.content ?? [];
  return (
    content.find((m) => isJsonMedia(m.contentType) && (m.schema !== undefined || m.examples.length > 0)) ??
    content.find((m) => isJsonMedia(m.contentType)) ??
    content.find((m) => isFormMedia(m.contentType) && m.schema !== undefined) ??
    content.find((m) => m.examples.length > 0) ??
    content[0]
  );
}

/** The operation's first documented request example: the base every scenario's body starts from. */
export function requestExample(op: OperationModel): unknown {
  return bodyMedia(op)?.examples[0]?.value;
}

/** The validator a body of that media is proved against (JSON, else the form's). */
const bodyValidator = (api: LoadedApi, op: OperationModel, media: MediaModel) =>
  api.validators.get(isFormMedia(media.contentType) ? formKey(op.operationId) : `${op.operationId}.request`);

/**
 * A JSON example written as a string of JSON ("Stringified JSON" in the example's value) means
 * that JSON: it is sent as written when the string itself does not fit the schema but what it
 * spells does. A string that fits (a `type: string` body) is a JSON string.
 */
function exampleValue(api: LoadedApi, op: OperationModel, media: MediaModel, value: unknown): unknown {
  if (typeof value !== 'string' || !isJsonMedia(media.contentType)) return value;
  const validate = bodyValidator(api, op, media);
  if (!validate || validate(value)) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return validate(parsed) ? parsed : value;
  } catch {
    return value;
  }
}

/** Accept: every media type the operation's answers are documented in, JSON first (what specgate reads best). */
export function acceptFor(op: OperationModel): string {
  const types = [...new Set(op.responses.flatMap((r) => r.content.map((m) => m.contentType)))];
  const ordered = [...types.filter((t) => isJsonMedia(t)), ...types.filter((t) => !isJsonMedia(t))];
  return ordered.length ? ordered.join(', ') : 'application/json';
}

/**
 * The first value the document gives a parameter (its example, its schema's example, default or
 * first enum value) that its schema accepts: a document's example that contradicts its own schema
 * (a Swagger 2.0 `x-example: "7"` for an integer) would make a positive case a request no
 * implementation need accept.
 */
function exampleOf(api: LoadedApi, op: OperationModel, p: ParameterModel): unknown {
  const s = p.schema as Record<string, unknown>;
  const candidates = [p.example, s.example, Array.isArray(s.examples) ? s.examples[0] : undefined, s.default, Array.isArray(s.enum) ? s.enum[0] : undefined];
  const validate = api.validators.get(paramKey(op.operationId, p.in, p.name));
  return candidates.find((v) => v !== undefined && (!validate || validate(v)));
}

/** Header parameters OpenAPI says to ignore: they have their own mechanisms (and --header sets them). */
const OWN_MECHANISM = /^(content-type|accept|authorization)$/i;

/** The spec's own path-parameter examples: the weakest source of a `{{name}}` value. */
export function paramDefaults(api: LoadedApi, op: OperationModel): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of op.parameters.filter((x) => x.in === 'path')) {
    const v = exampleOf(api, op, p);
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
  /**
   * The document's request example breaks the document's own schema (and what was sent instead):
   * nothing then fixes what a valid request is, so a correct server's refusal is a faithful answer.
   */
  exampleDefect?: string;
}

/**
 * The documented example body, proved against the body's schema first: one that breaks it is
 * replaced by a body generated from the schema (itself proved), unless it holds `{{placeholders}}`
 * that a state answer or --var fills at run time. Either way the defect is said.
 */
function provedExample(api: LoadedApi, op: OperationModel, media: MediaModel, name: string, value: unknown): { body: unknown; defect?: string } {
  const validate = bodyValidator(api, op, media);
  if (!validate || validate(value)) return { body: value };
  const err = validate.errors?.[0];
  const defect = `the document's request example "${name}" breaks its own schema (${err ? `${err.instancePath || '/'} ${err.message}` : 'does not validate'})`;
  if (JSON.stringify(value)?.includes('{{') || media.schema === undefined) return { body: value, defect };
  const generated = generateRequestValue(media.schema, validate);
  return generated.ok ? { body: generated.value, defect: `${defect}: a body generated from the schema was sent instead` } : { body: value, defect: `${defect}, and ${generated.reason}: it was sent as written` };
}

/**
 * Build the request of a scenario step. `known` are the variable names given before the run
 * (`--var`, the bindings' vars): a parameter of that name is sent, required or not.
 */
export function planRequest(api: LoadedApi, op: OperationModel, overrides: RequestOverrides = {}, known: ReadonlySet<string> = new Set(), exampleName?: string): PlannedRequest {
  const defaults = paramDefaults(api, op);
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
      let value = exampleOf(api, op, p);
      if (value === undefined) {
        const generated = generateRequestValue(p.schema, api.validators.get(paramKey(op.operationId, p.in, p.name)), { parameter: true });
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
  // An API key the operation's security names, given by --var under its name (`--var token=...`
  // for `in: query, name: token`): sent where the scheme says, also where `{}` allows anonymous
  // (the run chose the key's alternative). Without one, nothing is made up.
  for (const c of namedCredentials(api.model, op)) {
    if (!known.has(c.name) || c.authScheme !== undefined) continue;
    if (c.in === 'query') query[c.name] ??= `{{${c.name}}}`;
    else if (c.in === 'header' && !hasHeader(headers, c.name)) headers[c.name] = `{{${c.name}}}`;
    else if (c.in === 'cookie' && !cookies.some((x) => x.startsWith(`${c.name}=`))) cookies.push(`${c.name}={{${c.name}}}`);
  }
  Object.assign(query, overrides.query ?? {});
  Object.assign(headers, overrides.headers ?? {});
  if (cookies.length && !hasHeader(headers, 'cookie')) headers.cookie = cookies.join('; ');

  const media = bodyMedia(op);
  // The request example of the response example's name, where there is one (a pair, as OpenAPI's own examples show); else the first.
  const example = media?.examples.find((e) => exampleName !== undefined && e.name === exampleName) ?? media?.examples[0];
  let body: unknown = overrides.body !== undefined ? overrides.body : media && exampleValue(api, op, media, example?.value);
  let exampleDefect: string | undefined;
  if (overrides.body === undefined && media && example && body !== undefined && (isJsonMedia(media.contentType) || isFormMedia(media.contentType))) {
    ({ body, defect: exampleDefect } = provedExample(api, op, media, example.name, body));
  }
  if (body === undefined && op.requestBody?.required) {
    if (!media || media.schema === undefined || !(isJsonMedia(media.contentType) || isFormMedia(media.contentType))) {
      skip ??= `the request body is required but has no example, and no JSON or form schema to generate one from (${op.requestBody.content.map((m) => m.contentType).join(', ') || 'no media type'}): give one in specgate.yaml`;
    } else {
      const generated = generateRequestValue(media.schema, bodyValidator(api, op, media));
      if (generated.ok) body = generated.value;
      else skip ??= `the request body is required but has no example, and ${generated.reason}`;
    }
  }
  if (overrides.bodyPatch) body = mergePatch(body, overrides.bodyPatch);
  const sent = op.requestBody ? body : undefined;
  const request: RequestTemplate = {
    operationId: op.operationId,
    path,
    query,
    headers,
    body: sent,
    ...(sent !== undefined && media ? { contentType: media.contentType, ...(media.encoding ? { encoding: media.encoding } : {}) } : {}),
    accept: acceptFor(op),
  };
  return {
    request: overrides.omitAuth ? leaveOutCredentials(api.model, op, request) : request,
    defaults,
    skip,
    ...(exampleDefect ? { exampleDefect } : {}),
  };
}
