/** Reading a HAR file: parse, shape-check and turn entries into recorded exchanges. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { requestBody, responseBody, type RecordedBody } from './body.js';
import type { HarContent, HarNameValue, HarPostData } from './types.js';
import type { NegativeRule } from '../execute/types.js';

/** The file is not a HAR at all (or cannot be read): one message naming the file. */
export class HarFileError extends Error {
  override name = 'HarFileError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** One HAR entry, normalised: header bags, decoded bodies, and what could not be used. */
export interface RecordedEntry {
  /** Position in `log.entries` (0-based): what `har.<index>` ids refer to. */
  index: number;
  startedAt?: string;
  durationMs: number;
  comment?: string;
  request: { method: string; url: string; headers: Record<string, string>; body: RecordedBody };
  /** Absent when nothing came back (Chrome writes failed requests as status 0). */
  response?: { status: number; statusText: string; headers: Record<string, string>; body: RecordedBody };
  /** Why the entry cannot be validated, or why it has no response. */
  problem?: string;
  /** specgate's own negative case (`_specgateRule`): the rule its request breaks on purpose. */
  rule?: NegativeRule;
  /** specgate's own step that expected a refusal (`_specgateExpectsRefusal`): its request may be invalid on purpose. */
  expectsRefusal?: boolean;
  /** Why check allowed any 4xx to specgate's own step (`_specgateRefusalAllowed`): a path value it made up, a request example that breaks its schema. */
  refusalAllowed?: string;
}

export interface RecordedHar {
  file: string;
  creator?: string;
  entries: RecordedEntry[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Repeated headers are folded into one comma-separated value (RFC 9110 §5.3), case-insensitively.
 * HTTP/2 pseudo-headers (`:authority`) are transport detail and are left out.
 */
export function headerBag(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const names = new Map<string, string>();
  if (!Array.isArray(list)) return out;
  for (const h of list as Partial<HarNameValue>[]) {
    if (!isObject(h) || typeof h.name !== 'string' || h.name.startsWith(':')) continue;
    const value = h.value === undefined || h.value === null ? '' : String(h.value);
    const lower = h.name.toLowerCase();
    const existing = names.get(lower);
    if (existing === undefined) {
      names.set(lower, h.name);
      out[h.name] = value;
    } else out[existing] = `${out[existing]}, ${value}`;
  }
  return out;
}

/** A `_specgateRule` as written by specgate's HAR writer, or undefined when it is not one. */
function ruleOf(v: unknown): NegativeRule | undefined {
  if (!isObject(v) || typeof v.pointer !== 'string' || typeof v.keyword !== 'string' || typeof v.description !== 'string') return undefined;
  const text = (x: unknown) => (typeof x === 'string' ? x : undefined);
  return { pointer: v.pointer, keyword: v.keyword, description: v.description, ...(text(v.source) ? { source: text(v.source) } : {}), ...(text(v.assumption) ? { assumption: text(v.assumption) } : {}) };
}

function entryOf(raw: unknown, index: number, harFile: string): RecordedEntry {
  const e = isObject(raw) ? raw : {};
  const req = isObject(e.request) ? e.request : undefined;
  const res = isObject(e.response) ? e.response : undefined;
  const method = typeof req?.method === 'string' && req.method ? req.method.toUpperCase() : '';
  const url = typeof req?.url === 'string' ? req.url : '';
  const base: RecordedEntry = {
    index,
    startedAt: typeof e.startedDateTime === 'string' ? e.startedDateTime : undefined,
    durationMs: typeof e.time === 'number' && e.time >= 0 ? e.time : 0,
    comment: typeof e.comment === 'string' ? e.comment : typeof e._specgateScenario === 'string' ? e._specgateScenario : undefined,
    ...(ruleOf(e._specgateRule) ? { rule: ruleOf(e._specgateRule) } : {}),
    ...(e._specgateExpectsRefusal === true ? { expectsRefusal: true } : {}),
    ...(typeof e._specgateRefusalAllowed === 'string' ? { refusalAllowed: e._specgateRefusalAllowed } : {}),
    request: { method, url, headers: {}, body: { state: 'none' } },
  };
  if (!req || !method || !url) {
    return { ...base, problem: `entry ${index} is not a HAR entry: ${!req ? 'no request' : !method ? 'no request.method' : 'no request.url'}` };
  }
  base.request = {
    method,
    url,
    headers: headerBag(req.headers),
    body: requestBody(isObject(req.postData) ? (req.postData as unknown as HarPostData) : undefined, req.bodySize as number | undefined),
  };
  const status = typeof res?.status === 'number' ? res.status : Number(res?.status);
  if (!res || !Number.isInteger(status) || status <= 0) {
    const err = typeof res?._error === 'string' && res._error ? `: ${res._error}` : '';
    return { ...base, problem: `no response was recorded (status ${res?.status ?? 'absent'}${err})` };
  }
  base.response = {
    status,
    statusText: typeof res.statusText === 'string' ? res.statusText : '',
    headers: headerBag(res.headers),
    body: responseBody(isObject(res.content) ? (res.content as unknown as HarContent) : undefined, {
      status,
      method,
      bodySize: res.bodySize as number | undefined,
      harFile,
    }),
  };
  return base;
}

/** Parse HAR text. Throws HarFileError when it is not a HAR; a bad entry only spoils itself. */
export function parseHar(text: string, file: string): RecordedHar {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) throw new HarFileError(file, 'not a HAR file: the file is empty');
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    throw new HarFileError(file, `not a HAR file: not JSON (${(err as Error).message})`);
  }
  const log = isObject(doc) ? doc.log : undefined;
  if (!isObject(log) || !Array.isArray(log.entries)) {
    const what = !isObject(doc) ? `a JSON ${Array.isArray(doc) ? 'array' : typeof doc}` : !isObject(log) ? 'no "log" object' : 'no "log.entries" array';
    throw new HarFileError(file, `not a HAR file: ${what} (expected HAR 1.2: {"log": {"version", "creator", "entries": [...]}})`);
  }
  const creator = isObject(log.creator) && typeof log.creator.name === 'string' ? `${log.creator.name} ${String(log.creator.version ?? '')}`.trim() : undefined;
  return { file, creator, entries: log.entries.map((e, i) => entryOf(e, i, file)) };
}

export function readHarFile(file: string): RecordedHar {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new HarFileError(file, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a HAR file' : `cannot read (${code ?? (err as Error).message})`);
  }
  return parseHar(text, file);
}
