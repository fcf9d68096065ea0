/** Validating recorded HAR entries against their operations: one result per entry, the run-result model of check. */
import type { CheckFailure } from '../checks/types.js';
import { summarize } from '../run/summary.js';
import type { Outcome, RunResult, ScenarioResult } from '../run/types.js';
import type { Exchange } from '../execute/types.js';
import { curlCommand } from '../execute/curl.js';
import type { MediaModel, OperationModel } from '../model/types.js';
import type { LoadedApi } from '../validate/load.js';
import { isJsonMedia, mediaMatches, mediaType } from '../util/media.js';
import { headerValue } from '../util/headers.js';
import { documentedMedia, responseFor, validateRequest, validateResponse } from '../validate/validator.js';
import type { ValidationIssue } from '../validate/issues.js';
import type { RecordedBody } from './body.js';
import { OperationMatcher } from './match.js';
import type { RecordedEntry, RecordedHar } from './read.js';
import { MASK, Redactor, type Redact } from '../redact/redactor.js';
import { tooDeep } from '../util/depth.js';
import { resolvePointer } from '../util/pointer.js';
import { allowedRefusal } from '../checks/refusal.js';
import { negativeRejection } from '../checks/negative.js';
import type { CheckContext } from '../checks/types.js';
import { readOnlyLeftOut, readOnlyLeftOutAssumption } from '../model/read-write.js';

export interface HarValidationOptions {
  /** Values to keep out of the result (it embeds the recorded exchanges). */
  secrets?: Iterable<string>;
  /** The caller's redactor (it learns the documents' credential names); a new one by default. */
  redactor?: Redactor;
}

type Side = 'request' | 'response';

/** A body turned into validator input, or the reason it cannot be judged. */
interface BodyVerdict {
  value?: unknown;
  /** The body cannot be checked against a schema: validate the rest only. */
  unjudged?: { note: string; blocking: boolean };
  failure?: CheckFailure;
}

function bodyVerdict(side: Side, body: RecordedBody, contentType: string | undefined): BodyVerdict {
  switch (body.state) {
    case 'none':
      return { value: undefined };
    case 'not-recorded':
      return { unjudged: { note: `${side} body not recorded in the HAR${body.size ? ` (${body.size} bytes)` : ''}: status, headers and content type checked only`, blocking: false } };
    case 'truncated':
      return { unjudged: { note: `${side} body truncated in the HAR (${body.recordedBytes} bytes kept, ${body.why}): body not checked`, blocking: true } };
    case 'unreadable':
      return { unjudged: { note: `${side} body unreadable in the HAR (${body.why}): body not checked`, blocking: true } };
    case 'present': {
      if (!isJsonMedia(contentType)) return { value: body.text };
      // Nesting no recursive reader survives: the entry is reported, the others still checked.
      const deep = tooDeep(body.text);
      if (deep) return { unjudged: { note: `${side} body: ${deep}`, blocking: true } };
      try {
        return { value: JSON.parse(body.text) };
      } catch (err) {
        // The bytes are all there and the content type promises JSON: that is the traffic's fault,
        // but a different fault from a schema mismatch, so it gets its own check name.
        return {
          failure: {
            check: `${side}_body_json`,
            message: `${side} body is not valid JSON although its content type is ${mediaType(contentType)}`,
            pointer: '',
            expected: 'a JSON document',
            actual: (err as Error).message,
          },
        };
      }
    }
  }
}

const WHERE: Record<Side, Record<ValidationIssue['location'], string>> = {
  request: { status: 'status', 'content-type': 'request content type', path: 'path parameter', query: 'query parameter', header: 'request header', body: 'request body' },
  response: { status: 'status', 'content-type': 'response content type', path: 'path parameter', query: 'query parameter', header: 'response header', body: 'response body' },
};

function failureOf(side: Side, issue: ValidationIssue, redactor: Redactor): CheckFailure {
  const headerName = issue.location === 'header' ? issue.pointer.slice(1) : undefined;
  const scrub = (v: unknown) => redactor.value(v);
  // "status 418 is not documented" says where on its own; the others need the location.
  const where = issue.location === 'status' ? '' : `${WHERE[side][issue.location]}${issue.pointer ? ` ${issue.pointer}` : ''}: `;
  return {
    check: `${side}_conformance`,
    message: redactor.text(`${where}${issue.message}`),
    pointer: issue.pointer,
    expected: issue.expected,
    actual: headerName && redactor.isCredentialHeader(headerName) && issue.actual !== 'absent' ? MASK : scrub(issue.actual),
    source: issue.source,
    // Only an assumption backs the finding (an x-assumption, a reading the document does not define): a warning, as in check.
    ...(issue.assumption ? { severity: 'warning' as const, assumption: issue.assumption } : {}),
  };
}

/**
 * Without a judgeable body the validators would report "body missing": drop that, and check the
 * content type on its own, since the header was recorded even when the body was not.
 */
function withoutBody(issues: ValidationIssue[], media: MediaModel[], contentType: string | undefined): ValidationIssue[] {
  const out = issues.filter((i) => !(i.location === 'body' && i.keyword === 'required' && i.pointer === ''));
  const actual = mediaType(contentType);
  if (media.length && actual && !media.some((m) => mediaMatches(m.contentType, actual))) {
    out.push({ location: 'content-type', pointer: '', keyword: 'content-type', message: `content type ${actual} is not documented`, expected: media.map((m) => m.contentType), actual: contentType });
  }
  return out;
}

function queryOf(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** The entry as an Exchange for reporters, with secrets redacted (reports must never carry them). */
function exchangeOf(entry: RecordedEntry, redact: Redact, scenario: string): Exchange {
  // Lower-case names, as undici gives them, so reporters can look headers up the same way for check and validate.
  const headers = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([name, v]) => [name.toLowerCase(), redact(v, { kind: 'header', name })]));
  const text = (b: RecordedBody) => (b.state === 'present' || b.state === 'truncated' ? b.text : undefined);
  const reqText = text(entry.request.body);
  const res = entry.response;
  const resText = res ? text(res.body) : undefined;
  const resRedacted = resText === undefined ? '' : redact(resText, { kind: 'body', mimeType: res && headerValue(res.headers, 'content-type') });
  let parsed: unknown;
  try {
    parsed = resRedacted && !tooDeep(resRedacted) ? JSON.parse(resRedacted) : undefined;
  } catch {
    parsed = undefined;
  }
  return {
    request: {
      method: entry.request.method,
      url: redact(entry.request.url, { kind: 'url' }),
      headers: headers(entry.request.headers),
      ...(reqText !== undefined ? { body: redact(reqText, { kind: 'body', mimeType: headerValue(entry.request.headers, 'content-type') }) } : {}),
    },
    ...(res
      ? { response: { status: res.status, statusText: res.statusText, headers: headers(res.headers), bodyText: resRedacted, body: parsed, truncated: res.body.state === 'truncated' } }
      : { error: { kind: 'other' as const, message: redact(entry.problem ?? 'no response recorded', { kind: 'body' }) } }),
    startedAt: entry.startedAt ? Date.parse(entry.startedAt) || 0 : 0,
    durationMs: entry.durationMs,
    scenario,
  };
}

/** The values of a recorded side that findings point at: the body as read, its headers, query and path parameters. */
interface SideValues {
  body: unknown;
  headers: Record<string, string>;
  query?: URLSearchParams;
  path?: Record<string, string>;
}

const holdsMask = (v: unknown, depth = 0): boolean =>
  typeof v === 'string' ? v.includes(MASK) : v !== null && typeof v === 'object' && depth < 64 && Object.values(v).some((x) => holdsMask(x, depth + 1));

/** Whether a finding judges a value that holds the mask (a missing value holds none). */
function judgesMask(issue: ValidationIssue, at: SideValues): boolean {
  if (issue.actual === 'absent') return false;
  const name = issue.pointer.slice(1);
  if (issue.location === 'body') return holdsMask(resolvePointer(at.body, issue.pointer));
  if (issue.location === 'header') return holdsMask(headerValue(at.headers, name));
  if (issue.location === 'query') return holdsMask(at.query?.getAll(name).join(','));
  if (issue.location === 'path') return holdsMask(at.path?.[name]);
  return false;
}

/**
 * specgate's HAR writer masks credentials (`***`, by name and by value): in a HAR it wrote, a
 * finding on a value that holds the mask judges the mask, not the traffic, and becomes a note.
 * A HAR another tool wrote is judged as it stands.
 */
function setAsideMasks(side: Side, issues: ValidationIssue[], at: SideValues, ownHar: boolean, notes: { note: string; blocking: boolean }[]): ValidationIssue[] {
  if (!ownHar) return issues;
  const direct = issues.filter((i) => judgesMask(i, at));
  if (!direct.length) return issues;
  // A oneOf/anyOf over a masked value: which branch applies cannot be told, so neither can the
  // branches' findings beneath it (they come from the alternatives the mask did not fit).
  const branched = direct.filter((i) => i.location === 'body' && (i.keyword === 'oneOf' || i.keyword === 'anyOf')).map((i) => i.pointer);
  const under = (i: ValidationIssue) => i.location === 'body' && branched.some((p) => i.pointer === p || i.pointer.startsWith(`${p}/`));
  const masked = issues.filter((i) => direct.includes(i) || under(i));
  const byPlace = new Map<string, string[]>();
  for (const i of masked) byPlace.set(WHERE[side][i.location], [...new Set([...(byPlace.get(WHERE[side][i.location]) ?? []), i.pointer])]);
  for (const [where, pointers] of byPlace) notes.push({ note: `${where} ${pointers.join(', ')}: masked by specgate when recorded, not judged`, blocking: false });
  return issues.filter((i) => !masked.includes(i));
}

function checkEntry(api: LoadedApi, op: OperationModel, pathParams: Record<string, string>, entry: RecordedEntry, url: URL, redactor: Redactor, ownHar: boolean) {
  const failures: CheckFailure[] = [];
  const notes: { note: string; blocking: boolean }[] = [];

  const reqType = headerValue(entry.request.headers, 'content-type');
  const req = bodyVerdict('request', entry.request.body, reqType);
  let reqIssues = validateRequest(api, op.operationId, { path: pathParams, query: queryOf(url), headers: entry.request.headers, body: req.value });
  if (req.unjudged || req.failure) reqIssues = withoutBody(reqIssues, op.requestBody?.content ?? [], reqType);
  reqIssues = setAsideMasks('request', reqIssues, { body: req.value, headers: entry.request.headers, query: url.searchParams, path: pathParams }, ownHar, notes);
  if (req.unjudged) notes.push(req.unjudged);
  if (req.failure) failures.push(req.failure);
  // specgate's own negative case: its request breaks a rule on purpose, so the request's findings
  // are what was meant, and the answer is judged as check judged it (a rejection, see negativeRejection).
  const negative = ownHar ? entry.rule : undefined;
  if (negative) notes.push({ note: `a negative case: the request breaks ${negative.description} on purpose`, blocking: false });
  else if (ownHar && entry.expectsRefusal && reqIssues.length) notes.push({ note: `check expected a refusal here: the request's ${reqIssues.length} finding(s) are on purpose`, blocking: false });
  else failures.push(...reqIssues.map((i) => failureOf('request', i, redactor)));
  const left = readOnlyLeft(api, op, reqType, req.value);
  const leftAssumption = left.length ? readOnlyLeftOutAssumption(left, 'the client') : undefined;
  for (const pointer of left) {
    failures.push({ check: 'request_conformance', message: `request body ${pointer}: the readOnly property is absent, though \`required\` lists it`, pointer, expected: 'present', actual: 'absent', severity: 'warning', assumption: leftAssumption });
  }

  const res = entry.response;
  if (res) {
    const resType = headerValue(res.headers, 'content-type');
    const verdict = bodyVerdict('response', res.body, resType);
    let resIssues = validateResponse(api, op.operationId, { status: res.status, headers: res.headers, body: verdict.value });
    const documented = responseFor(op, res.status);
    if ((verdict.unjudged || verdict.failure) && documented) resIssues = withoutBody(resIssues, documented.content, resType);
    resIssues = setAsideMasks('response', resIssues, { body: verdict.value, headers: res.headers }, ownHar, notes);
    if (verdict.unjudged && documented) notes.push(verdict.unjudged);
    if (verdict.failure && documented) failures.push(verdict.failure);
    if (negative) {
      // The status is the rejection check's to judge; the body still has to be what that status documents.
      resIssues = resIssues.filter((i) => i.location !== 'status');
      const rejection = negativeRejection({ api, scenario: { kind: 'negative', rule: negative }, step: { request: { operationId: op.operationId } }, exchange: { response: { status: res.status } } } as unknown as CheckContext);
      // As check judges it (registry.ts): refusing the credential first is the server's choice.
      const refused = allowedRefusal(api.model, op, { url: url.href, headers: entry.request.headers }, res.status, 'the request carried no credential for it');
      failures.push(...rejection.map((f) => (refused ? { ...f, severity: 'warning' as const, assumption: refused } : f)));
    }
    const allowed = allowedStatus(api, op, entry, url, reqIssues.length > 0, leftAssumption, ownHar);
    failures.push(...resIssues.map((i) => failureOf('response', i, redactor)).map((f, n) => (allowed && resIssues[n]!.location === 'status' ? { ...f, severity: 'warning' as const, assumption: allowed } : f)));
  }
  return { failures, notes };
}

/**
 * Why an undocumented status is still an answer the sources allow, as `check` judges it: a 401 or
 * 403 to a request without the credential the operation's security needs or with one it does not
 * name, or any 4xx to a request that does not conform itself (OpenAPI does not require every
 * status to be listed).
 */
function allowedStatus(api: LoadedApi, op: OperationModel, entry: RecordedEntry, url: URL, invalidRequest: boolean, readOnlyLeft: string | undefined, ownHar: boolean): string | undefined {
  const status = entry.response?.status ?? 0;
  const refused = allowedRefusal(api.model, op, { url: url.href, headers: entry.request.headers }, status, 'the request carried no credential for it');
  if (refused) return refused;
  // What check allowed a 4xx for (a path value it made up, a request example that breaks its schema), as check judged it.
  if (ownHar && entry.refusalAllowed && status >= 400 && status < 500) return entry.refusalAllowed;
  if (invalidRequest && status >= 400 && status < 500) return `the request does not conform (its findings above): any 4xx rejects it, and OpenAPI does not require every status to be listed`;
  if (readOnlyLeft && status >= 400 && status < 500) return readOnlyLeft;
  return undefined;
}

/**
 * The required readOnly properties a recorded JSON request body leaves out (a 3.1 document only,
 * read-write.ts): a warning, not a failure, since a readOnly value is the server's to manage and
 * one "expected to be ignored or rejected" (JSON Schema 2020-12) is reasonably not sent at all.
 */
function readOnlyLeft(api: LoadedApi, op: OperationModel, contentType: string | undefined, body: unknown): string[] {
  const media = documentedMedia(op.requestBody?.content ?? [], contentType);
  return media && isJsonMedia(mediaType(contentType)) ? readOnlyLeftOut(api.model, media.schema, body) : [];
}

function resultOf(entry: RecordedEntry, matcher: OperationMatcher, run: Redactor, ownHar: boolean): ScenarioResult {
  // The entry's own credentials (its Authorization, API-key headers, cookies, query keys) are
  // masked wherever they reappear in it: a response body echoing the bearer token, a failure message.
  const redactor = run.scope();
  redactor.harvest({ url: entry.request.url, headers: entry.request.headers });
  if (entry.response) redactor.harvest({ headers: entry.response.headers });
  const redact = redactor.redact;
  const id = `har.${entry.index}`;
  // Recorded traffic has no scenario kind of its own; an observed exchange is closest to an example.
  // Unmatched entries name no API: '(unknown)' keeps reporters' grouping readable.
  const base = { id, api: '(unknown)', operationId: '(unknown)', kind: 'example' as const, durationMs: entry.durationMs };
  if (!entry.request.url) return { ...base, name: `entry ${entry.index}`, outcome: 'error', reason: entry.problem && redactor.text(entry.problem), steps: [] };

  let url: URL;
  try {
    url = new URL(entry.request.url, 'http://relative.invalid');
  } catch {
    return { ...base, name: `entry ${entry.index}`, outcome: 'error', reason: `request.url '${redactor.url(entry.request.url)}' is not a URL`, steps: [] };
  }
  const shown = redact(`${url.pathname}${url.search}`, { kind: 'url' });
  const title = `${entry.request.method} ${shown}${entry.response ? ` → ${entry.response.status}` : ''}`;
  const exchange = exchangeOf(entry, redact, title);
  const match = matcher.match(entry.request.method, entry.request.url);
  if (!match.ok) return { ...base, name: title, outcome: 'skipped', reason: `unknown operation: ${redact(match.reason, { kind: 'url' })}`, steps: [{ name: title, exchange, failures: [] }] };
  if (match.operation.unusable) return { ...base, name: title, outcome: 'skipped', reason: `${match.operation.operationId}: ${match.operation.unusable}`, steps: [{ name: title, exchange, failures: [] }] };

  const { failures, notes } = checkEntry(match.api, match.operation, match.pathParams, entry, url, redactor, ownHar);
  const name = notes.length ? `${title} (${notes.map((n) => n.note).join('; ')})` : title;
  let outcome: Outcome = 'passed';
  let reason: string | undefined;
  let errorKind: ScenarioResult['errorKind'];
  if (failures.some((f) => f.severity !== 'warning')) outcome = 'failed';
  else if (failures.length) outcome = 'warned';
  else if (!entry.response) {
    // Nothing came back: the request could still be judged, the provider could not.
    [outcome, reason, errorKind] = ['error', entry.problem, 'transport'];
  } else if (notes.some((n) => n.blocking)) {
    [outcome, reason] = ['error', notes.map((n) => n.note).join('; ')];
  } else if (notes.length) reason = notes.map((n) => n.note).join('; ');
  return {
    ...base,
    api: match.api.name,
    operationId: match.operation.operationId,
    name,
    outcome,
    ...(reason ? { reason: redactor.text(reason) } : {}),
    ...(errorKind ? { errorKind } : {}),
    steps: [{ name: title, exchange, failures, curl: curlCommand(exchange.request, redactor) }],
  };
}

/**
 * Validate every recorded entry against the operation it calls: requests with validateRequest,
 * responses with validateResponse. One ScenarioResult per entry (`har.<index>`), in the shape
 * `check` produces, so the same reporters apply.
 */
export function validateHar(har: RecordedHar, apis: LoadedApi[], options: HarValidationOptions = {}): RunResult {
  const started = Date.now();
  const matcher = new OperationMatcher(apis);
  const redactor = options.redactor ?? new Redactor();
  for (const s of options.secrets ?? []) redactor.add(s);
  for (const a of apis) redactor.addSecuritySchemes(a.model.securitySchemes);
  // Only specgate's own writer is known to mask with MASK.
  const ownHar = /^specgate(\s|$)/.test(har.creator ?? '');
  const results = har.entries.map((e) => resultOf(e, matcher, redactor, ownHar));
  return {
    target: har.file,
    startedAt: new Date(started).toISOString(),
    results,
    summary: summarize(results, Date.now() - started),
  };
}
