/** Validating a request or a response against its operation: parameters, headers, bodies. */
import type { MediaModel, OperationModel, ResponseModel } from '../model/types.js';
import type { LoadedApi } from './load.js';
import { toIssues, type ValidationIssue } from './issues.js';
import type { ValidateFn } from './compile.js';
import { DISCRIMINATOR_ASSUMPTION } from './discriminator.js';
import { mediaKey, paramKey, responseHeaderKey } from './schemas.js';
import { mediaMatches, mediaType } from '../util/media.js';
import { headerValue, type HeaderBag } from '../util/headers.js';
import { readParameter } from './params.js';
import { isUrlencoded, readForm, type FormReading } from './form.js';
import { isMultipart, partsOf, readMultipart } from './multipart.js';

export type { HeaderBag };

export interface RequestInput {
  path?: Record<string, string>;
  query?: Record<string, string | string[]>;
  headers?: HeaderBag;
  /** Parsed JSON body (or raw text: an urlencoded form is read by its schema); `undefined` when none was sent. */
  body?: unknown;
}

export interface ResponseInput {
  status: number;
  headers?: HeaderBag;
  body?: unknown;
}

/** The documented response for a status: exact code first, then its range (2XX), then default. */
export function responseFor(op: OperationModel, status: number): ResponseModel | undefined {
  const code = String(status);
  return (
    op.responses.find((r) => r.status === code) ??
    op.responses.find((r) => r.status === `${code[0]}XX`) ??
    op.responses.find((r) => r.status === 'DEFAULT')
  );
}

/** The documented media a Content-Type header value satisfies (parameters such as charset aside). */
export function documentedMedia(content: MediaModel[], contentType: string | undefined): MediaModel | undefined {
  const actual = mediaType(contentType);
  return actual ? content.find((m) => mediaMatches(m.contentType, actual)) : undefined;
}

function requireOperation(api: LoadedApi, operationId: string): OperationModel {
  const op = api.operation(operationId);
  if (!op) throw new Error(`${api.name}: no operation '${operationId}' (known: ${api.model.operations.map((o) => o.operationId).join(', ')})`);
  return op;
}

function checkBody(
  api: LoadedApi,
  key: string,
  media: MediaModel[],
  contentType: string | undefined,
  body: unknown,
  bodyRequired: boolean,
): ValidationIssue[] {
  const hasBody = body !== undefined && body !== '';
  if (!media.length) {
    return hasBody ? [{ location: 'body', pointer: '', keyword: 'body', message: 'a body was sent where none is documented', expected: 'no body', actual: typeof body }] : [];
  }
  if (!hasBody) {
    // A media type the document leaves open (`*/*`: a Swagger 2.0 answer without `produces`) makes
    // the body plain bytes: no body is the empty string, which the schema may well accept.
    const open = media.find((m) => m.contentType === '*/*');
    const openKey = open && mediaKey(key, media, open);
    if (bodyRequired && openKey !== undefined && api.validators.get(openKey)?.('') === true) return [];
    return bodyRequired ? [{ location: 'body', pointer: '', keyword: 'required', message: 'the documented body is missing', expected: media.map((m) => m.contentType).join(' | '), actual: 'no body' }] : [];
  }
  const actual = mediaType(contentType);
  const match = documentedMedia(media, contentType);
  if (!match) {
    return [{ location: 'content-type', pointer: '', keyword: 'content-type', message: `content type ${actual ?? '(none)'} is not documented`, expected: media.map((m) => m.contentType), actual: contentType ?? '(none)' }];
  }
  const matchKey = mediaKey(key, media, match);
  const validate = matchKey !== undefined ? api.validators.get(matchKey) : undefined;
  return validate && matchKey !== undefined ? bodyIssues(api, matchKey, validate, body, match, contentType) : [];
}

/**
 * A body judged by its validator. Where it fails only because more than one branch of a
 * discriminated oneOf matches, and passes the discriminator's reading (discriminator.ts), the
 * sources allow both verdicts: those oneOf findings are warnings.
 */
function bodyIssues(api: LoadedApi, key: string, validate: ValidateFn, body: unknown, media: MediaModel, contentType: string | undefined): ValidationIssue[] {
  if (isUrlencoded(media.contentType)) return typeof body === 'string' ? formIssues(validate, readForm(body, media), media) : [];
  if (isMultipart(media.contentType)) return typeof body === 'string' ? multipartIssues(validate, body, media, contentType) : [];
  if (validate(body)) return [];
  const issues = toIssues(validate.errors, 'body', '', media.schema);
  const reading = api.validators.discriminated(key);
  if (!reading?.(body)) return issues;
  const overlaps = issues.filter((i) => i.keyword === 'oneOf' && Array.isArray((i.expected as { passingSchemas?: unknown } | undefined)?.passingSchemas));
  return overlaps.length ? overlaps.map((i) => ({ ...i, assumption: DISCRIMINATOR_ASSUMPTION })) : issues;
}

/**
 * An urlencoded body as the text it travelled as, read field by field (form.ts) and judged like
 * any body. A value not yet on the wire (a caller's object) has no reading of its own: it is not
 * judged here (generated form requests are proved against the form's validator before they go).
 */
function formIssues(validate: ValidateFn, form: FormReading, media: MediaModel): ValidationIssue[] {
  if (validate(form.value)) return [];
  const issues = toIssues(validate.errors, 'body', '', media.schema);
  const guessed = (i: ValidationIssue) => form.guessed.some((g) => i.pointer === g || i.pointer.startsWith(`${g}/`));
  return issues.map((i) => (guessed(i) && !i.assumption ? { ...i, assumption: GUESSED } : i));
}

/**
 * A multipart body split into its parts (multipart.ts), then judged as a form. A body that does
 * not parse as multipart is not judged against the schema: a warning that says why, since a
 * recorder may well have kept the parts but not their framing.
 */
function multipartIssues(validate: ValidateFn, body: string, media: MediaModel, contentType: string | undefined): ValidationIssue[] {
  const split = partsOf(body, contentType ?? media.contentType);
  if ('why' in split) {
    const message = `the body is not readable as multipart/form-data (${split.why}): its fields are not judged`;
    return [{ location: 'body', pointer: '', keyword: 'multipart', message, expected: 'multipart/form-data (RFC 7578)', actual: contentType ?? '(none)', assumption: UNREAD }];
  }
  return formIssues(validate, readMultipart(split.parts, media), media);
}

const UNREAD = 'specgate judges a multipart body field by field, and could not split this one into fields; a recorder may keep a body without its framing';

const GUESSED = 'OpenAPI defines no form serialisation for this value (a value nested in an urlencoded field, a field with its own content type, a multipart part with no Content-Type where an object is wanted): specgate read it as JSON text, as it sends one';

/** Validate a request (path parameters, query, headers, body) against an operation. */
export function validateRequest(api: LoadedApi, operationId: string, req: RequestInput): ValidationIssue[] {
  const op = requireOperation(api, operationId);
  const issues: ValidationIssue[] = [];
  const raw = { path: req.path, query: req.query, header: (name: string) => headerValue(req.headers, name) };
  const queryNames = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  for (const p of op.parameters) {
    // OpenAPI: Content-Type, Accept and Authorization header parameters are ignored (they have their own mechanisms).
    if (p.in === 'header' && /^(content-type|accept|authorization)$/i.test(p.name)) continue;
    // Deserialised by the parameter's style/explode, then typed by its schema ($refs followed).
    const value = readParameter(p, raw, queryNames.filter((n) => n !== p.name));
    const location = p.in === 'cookie' ? 'header' : p.in;
    if (value === undefined) {
      if (p.required) issues.push({ location, pointer: `/${p.name}`, keyword: 'required', message: `${p.in} parameter '${p.name}' is required`, expected: 'present', actual: 'absent' });
      continue;
    }
    const validate = api.validators.get(paramKey(op.operationId, p.in, p.name));
    if (validate && !validate(value)) issues.push(...toIssues(validate.errors, location, `/${p.name}`));
  }
  const media = op.requestBody?.content ?? [];
  issues.push(...checkBody(api, `${op.operationId}.request`, media, headerValue(req.headers, 'content-type'), req.body, op.requestBody?.required ?? false));
  return issues;
}

interface StatusPlan {
  documented: ResponseModel | undefined;
  key: string;
  bodyRequired: boolean;
  /** Content-Type header value → the documented media it satisfies and its validator's key (or null): header values repeat. */
  media: Map<string, { media: MediaModel; key: string | undefined } | null>;
}

// Everything about (operation, status) that does not depend on the response is worked out once.
const plans = new WeakMap<LoadedApi, Map<string, Map<number, StatusPlan>>>();

function statusPlan(api: LoadedApi, operationId: string, status: number): StatusPlan {
  let byOp = plans.get(api);
  if (!byOp) plans.set(api, (byOp = new Map()));
  let byStatus = byOp.get(operationId);
  if (!byStatus) byOp.set(operationId, (byStatus = new Map()));
  let plan = byStatus.get(status);
  if (!plan) {
    const documented = responseFor(requireOperation(api, operationId), status);
    plan = {
      documented,
      key: `${operationId}.${documented?.status}`,
      bodyRequired: documented?.content.some((m) => m.schema !== undefined) ?? false,
      media: new Map(),
    };
    byStatus.set(status, plan);
  }
  return plan;
}

/** Validate a response (status, required headers, content type, body) against an operation. */
export function validateResponse(api: LoadedApi, operationId: string, res: ResponseInput): ValidationIssue[] {
  const plan = statusPlan(api, operationId, res.status);
  const documented = plan.documented;
  const contentType = headerValue(res.headers, 'content-type');
  // The common case, a documented JSON body: one cached lookup and the validator itself.
  if (documented && !documented.headers.length && contentType !== undefined && res.body !== undefined && res.body !== '') {
    let hit = plan.media.get(contentType);
    if (hit === undefined) {
      const media = documentedMedia(documented.content, contentType);
      hit = media ? { media, key: mediaKey(plan.key, documented.content, media) } : null;
      plan.media.set(contentType, hit);
    }
    if (hit) {
      // A documented media no JSON Schema judges as it travels (XML, plain text): nothing more to check.
      if (hit.key === undefined) return [];
      const validate = api.validators.get(hit.key);
      if (validate) return bodyIssues(api, hit.key, validate, res.body, hit.media, contentType);
    }
  }
  return validateResponseSlow(api, operationId, res, plan, contentType);
}

function validateResponseSlow(api: LoadedApi, operationId: string, res: ResponseInput, plan: StatusPlan, contentType: string | undefined): ValidationIssue[] {
  const op = requireOperation(api, operationId);
  const documented = plan.documented;
  if (!documented) {
    return [{ location: 'status', pointer: '', keyword: 'status', message: `status ${res.status} is not documented`, expected: op.responses.map((r) => r.status), actual: res.status }];
  }
  const issues: ValidationIssue[] = [];
  const header = (name: string) => headerValue(res.headers, name);
  for (const h of documented.headers) {
    if (header(h.name) === undefined) {
      if (h.required) issues.push({ location: 'header', pointer: `/${h.name}`, keyword: 'required', message: `response header '${h.name}' is required`, expected: 'present', actual: 'absent' });
      continue;
    }
    // Read by its style (simple) and typed by its schema, as a request header is.
    const validate = api.validators.get(responseHeaderKey(plan.key, h.name));
    if (validate && !validate(readParameter(h, { header }))) issues.push(...toIssues(validate.errors, 'header', `/${h.name}`));
  }
  const body = checkBody(api, plan.key, documented.content, contentType, res.body, plan.bodyRequired);
  // A response without `content` describes no payload, but OpenAPI does not say it has none: a body there warns.
  issues.push(...(documented.content.length ? body : body.map((i) => ({ ...i, assumption: NO_CONTENT }))));
  return issues;
}

const NO_CONTENT = 'the document describes no body for this answer (no content): a body sent with it is taken as undocumented, though OpenAPI does not say such an answer has none';
