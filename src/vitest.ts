/**
 * `import 'specgate/vitest'` registers `toConformTo`:
 *
 *   const res = await fetch(`${base}/v2/bank_accounts/${id}/close`, { method: 'POST', ... });
 *   await expect(res).toConformTo('qonto', 'closeBusinessAccount');
 *
 * The matcher is always async (the API is loaded on first use and a fetch body can only be read
 * asynchronously), so it must be awaited; vitest warns when it is not.
 */
import { expect } from 'vitest';
import { loadApi, type LoadedApi } from './validate/load.js';
import { validateResponse, type HeaderBag, type ResponseInput } from './validate/validator.js';
import { isJsonMedia, mediaType } from './util/media.js';
import { headerValue } from './util/headers.js';
import type { ValidationIssue } from './validate/issues.js';

/** A response the matcher accepts: a fetch `Response`, or its parts (supertest, undici.request, hand-made). */
export type ConformanceSubject = Response | { status: number; headers?: HeaderBag; body?: unknown };

declare module 'vitest' {
  // The type parameter must keep vitest's name and default for the declarations to merge.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars, @typescript-eslint/no-explicit-any
  interface Assertion<T = any> {
    /**
     * The response conforms to the operation's documented response for its status: status
     * documented, required headers present, content type documented, body valid against the schema.
     * `api` is a bundled API name (`mangopay`, `qonto`, `udara360`), an OpenAPI 3.1 file path, or a
     * loaded API. Async: `await expect(res).toConformTo('qonto', 'closeBusinessAccount')`.
     */
    toConformTo(api: string | LoadedApi, operationId: string): Promise<void>;
  }
}

const isFetchResponse = (v: unknown): v is Response =>
  typeof v === 'object' && v !== null && typeof (v as Response).clone === 'function' && typeof (v as Response).text === 'function' && typeof (v as Response).status === 'number';

/** Read what validateResponse needs; a JSON body that does not parse is its own issue, not a schema one. */
async function responseInput(received: unknown): Promise<{ input: ResponseInput; parseIssue?: ValidationIssue }> {
  let status: number;
  let headers: HeaderBag | undefined;
  let raw: unknown;
  let fromText: boolean;
  if (isFetchResponse(received)) {
    if (received.bodyUsed) {
      throw new TypeError('toConformTo: the response body was already read; assert before reading it (the matcher reads a clone), or pass { status, headers, body }');
    }
    status = received.status;
    headers = received.headers;
    // A clone, so the test can still read the body after the assertion.
    raw = await received.clone().text();
    fromText = true;
  } else if (typeof received === 'object' && received !== null && typeof (received as { status?: unknown }).status === 'number') {
    const r = received as { status: number; headers?: HeaderBag; body?: unknown };
    status = r.status;
    headers = r.headers;
    raw = r.body;
    // A plain object usually carries a parsed body already (supertest's res.body); a string under a
    // JSON content type is taken as the raw text.
    fromText = typeof raw === 'string';
  } else {
    throw new TypeError(`toConformTo: expected a fetch Response or { status, headers, body }, got ${received === null ? 'null' : typeof received}`);
  }
  if (fromText && typeof raw === 'string') {
    if (raw === '') return { input: { status, headers, body: undefined } };
    const ct = mediaType(headerValue(headers, 'content-type'));
    if (isJsonMedia(ct)) {
      try {
        return { input: { status, headers, body: JSON.parse(raw) } };
      } catch (err) {
        return {
          input: { status, headers, body: undefined },
          parseIssue: { location: 'body', pointer: '', keyword: 'json', message: `body is not valid JSON although its content type is ${ct}`, expected: 'a JSON document', actual: (err as Error).message },
        };
      }
    }
  }
  return { input: { status, headers, body: raw } };
}

const show = (v: unknown): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 200 ? `${s.slice(0, 200)}…` : s;
};

function describeIssue(issue: ValidationIssue, i: number): string {
  const where = issue.location === 'body' ? `body ${issue.pointer || '(root)'}` : issue.location === 'header' ? `header ${issue.pointer.slice(1)}` : issue.location;
  const lines = [`  ${i + 1}. ${where}: ${issue.message}`, `     pointer:  ${issue.pointer || '(root)'}`];
  if (issue.expected !== undefined) lines.push(`     expected: ${show(issue.expected)}`);
  if (issue.actual !== undefined) lines.push(`     actual:   ${show(issue.actual)}`);
  if (issue.source) lines.push(`     source:   "${issue.source}"${issue.sourceFile ? ` (${issue.sourceFile})` : ''}`);
  return lines.join('\n');
}

expect.extend({
  async toConformTo(received: unknown, api: string | LoadedApi, operationId: string) {
    if (typeof operationId !== 'string' || !operationId) throw new TypeError('toConformTo(api, operationId): operationId must be a non-empty string');
    const loaded = typeof api === 'string' ? await loadApi(api) : api;
    const op = loaded.operation(operationId);
    if (!op) throw new Error(`toConformTo: ${loaded.name} has no operation '${operationId}' (known: ${loaded.model.operations.map((o) => o.operationId).join(', ')})`);
    const { input, parseIssue } = await responseInput(received);
    let issues = validateResponse(loaded, operationId, input);
    if (parseIssue) issues = [parseIssue, ...issues.filter((i) => !(i.location === 'body' && i.keyword === 'required' && i.pointer === ''))];
    const what = `${loaded.name} ${operationId} (${op.method.toUpperCase()} ${op.path})`;
    const pass = issues.length === 0;
    return {
      pass,
      message: () =>
        pass
          ? `expected the ${input.status} response not to conform to ${what}, but it does`
          : `expected the ${input.status} response to conform to ${what}, but found ${issues.length} issue${issues.length === 1 ? '' : 's'}:\n${issues.map(describeIssue).join('\n')}`,
    };
  },
});
