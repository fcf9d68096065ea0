/** Writing HAR 1.2: what specgate sent and received, every secret masked, streamed to a temp file and renamed into place. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import type { Exchange } from '../execute/types.js';
import { packageRoot } from '../openapi/paths.js';
import { Redactor, type Redact, type RedactContext } from '../redact/redactor.js';
import { AtomicFile } from '../util/atomic-write.js';
import { headerValue } from '../util/headers.js';
import type { HarDocument, HarEntry, HarNameValue, HarResponse } from './types.js';

export interface HarWriteOptions {
  /** specgate's version for `log.creator`; read from package.json when not given. */
  version?: string;
  /**
   * Applied to every header value, query value, URL and body after specgate's own redaction
   * (credential headers and fields, `secrets`), which always runs.
   */
  redact?: (value: string, context: RedactContext) => string;
  /** Values that must not appear anywhere in the file (`--header` values, `secretVars`, state tokens). */
  secrets?: Iterable<string>;
  /** The run's redactor: every secret it knows is masked too. */
  redactor?: Redactor;
  comment?: string;
}

let cachedVersion: string | undefined;
function specgateVersion(): string {
  try {
    cachedVersion ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    cachedVersion = '0.0.0';
  }
  return cachedVersion;
}

const ms = (n: number) => Math.max(0, Math.round(n * 1000) / 1000);

function headerList(headers: Record<string, string>, redact: Redact): HarNameValue[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value: redact(String(value), { kind: 'header', name }) }));
}

function queryList(url: string, redact: Redact): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value: redact(value, { kind: 'query', name }) }));
  } catch {
    return [];
  }
}

/** HAR requires a response; a transport failure is written the way Chrome does (status 0, `_error`). */
function failedResponse(ex: Exchange, redact: Redact): HarResponse {
  return {
    status: 0,
    statusText: '',
    httpVersion: '',
    cookies: [],
    headers: [],
    content: { size: 0, mimeType: 'x-unknown' },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
    _error: ex.error ? redact(`${ex.error.kind}: ${ex.error.message}`, { kind: 'body' }) : 'no response',
  };
}

function entryOf(ex: Exchange, redact: Redact): HarEntry {
  const req = ex.request;
  const reqType = headerValue(req.headers, 'content-type');
  const reqText = req.body === undefined ? undefined : redact(req.body, { kind: 'body', mimeType: reqType });
  const res = ex.response;
  let response: HarResponse;
  if (!res) response = failedResponse(ex, redact);
  else {
    const resType = headerValue(res.headers, 'content-type');
    const text = redact(res.bodyText, { kind: 'body', mimeType: resType });
    // Sizes describe the text written (after redaction), so readers don't mistake redaction for truncation.
    const size = Buffer.byteLength(text, 'utf8');
    response = {
      status: res.status,
      statusText: res.statusText ?? STATUS_CODES[res.status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(res.headers, redact),
      content: {
        size,
        mimeType: resType ?? 'x-unknown',
        ...(text !== '' ? { text } : {}),
        ...(res.truncated ? { _truncated: true, comment: `body truncated by specgate after ${size} bytes` } : {}),
      },
      redirectURL: headerValue(res.headers, 'location') ?? '',
      headersSize: -1,
      bodySize: size,
    };
  }
  const url = redact(req.url, { kind: 'url' });
  const duration = ms(ex.durationMs);
  const entry: HarEntry = {
    startedDateTime: new Date(ex.startedAt).toISOString(),
    time: duration,
    request: {
      method: req.method.toUpperCase(),
      url,
      httpVersion: 'HTTP/1.1',
      // Cookies stay inside the (redacted) Cookie header: listing them again would be a second place to leak.
      cookies: [],
      headers: headerList(req.headers, redact),
      queryString: queryList(url, redact),
      ...(reqText !== undefined ? { postData: { mimeType: reqType ?? '', text: reqText } } : {}),
      headersSize: -1,
      bodySize: reqText === undefined ? 0 : Buffer.byteLength(reqText, 'utf8'),
    },
    response,
    cache: {},
    // specgate measures the whole exchange only; the parts it cannot tell apart are -1 ("not available").
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: duration, receive: 0 },
  };
  if (ex.scenario) {
    entry.comment = ex.scenario;
    entry._specgateScenario = ex.scenario;
  }
  // validate reads it back: this request is invalid on purpose, and judged as a negative case.
  if (ex.rule) entry._specgateRule = ex.rule;
  if (ex.expectsRefusal) entry._specgateExpectsRefusal = true;
  if (ex.refusalAllowed) entry._specgateRefusalAllowed = redact(ex.refusalAllowed, { kind: 'body' });
  return entry;
}

/** The redaction of one entry: the run's secrets, the caller's, and the credentials the entry itself carries. */
function entryRedact(base: Redactor, ex: Exchange, hook: HarWriteOptions['redact']): Redact {
  const scope = base.scope();
  scope.harvest(ex.request);
  return hook ? (value, ctx) => hook(scope.redact(value, ctx), ctx) : scope.redact;
}

function baseRedactor(options: HarWriteOptions): Redactor {
  const r = options.redactor?.scope() ?? new Redactor();
  for (const s of options.secrets ?? []) r.add(s);
  return r;
}

const creatorOf = (options: HarWriteOptions) => ({ name: 'specgate', version: options.version ?? specgateVersion() });

/** Bodies longer than this are written to the file in pieces of this many characters, never as one JSON string. */
const PIECE = 1 << 20;

/**
 * One entry, as `JSON.stringify(entry, null, 2)` indented by six spaces, with a long response text
 * escaped and written piece by piece: a capped 10 MB body is not copied into a second and third
 * string (escaped, then indented) on its way to the file.
 */
function writeEntry(write: (piece: string) => void, entry: HarEntry): void {
  const content = entry.response.content;
  const text = content.text;
  const indent = (json: string) => json.replace(/\n/g, '\n      ');
  if (text === undefined || text.length <= PIECE) {
    write(indent(JSON.stringify(entry, null, 2)));
    return;
  }
  const marker = `specgate-har-text-${randomBytes(8).toString('hex')}`;
  const json = indent(JSON.stringify({ ...entry, response: { ...entry.response, content: { ...content, text: marker } } }, null, 2));
  const at = json.indexOf(`"${marker}"`);
  write(json.slice(0, at + 1));
  for (let i = 0; i < text.length; ) {
    let end = Math.min(i + PIECE, text.length);
    // A surrogate pair stays in one piece: escaped apart, each half would be written as \uXXXX.
    if (end < text.length && text.charCodeAt(end - 1) >= 0xd800 && text.charCodeAt(end - 1) <= 0xdbff) end--;
    write(JSON.stringify(text.slice(i, end)).slice(1, -1));
    i = end;
  }
  write(json.slice(at + 1 + marker.length));
}

/** A HAR 1.2 document of the exchanges, every secret redacted. */
export function buildHar(exchanges: Exchange[], options: HarWriteOptions = {}): HarDocument {
  const base = baseRedactor(options);
  return {
    log: {
      version: '1.2',
      creator: creatorOf(options),
      pages: [],
      entries: exchanges.map((ex) => entryOf(ex, entryRedact(base, ex, options.redact))),
      ...(options.comment ? { comment: options.comment } : {}),
    },
  };
}

/**
 * A HAR file written as the run goes: each exchange becomes an entry in a temp file next to the
 * target as soon as it is added (so no run holds its bodies until the end), and `close` flushes
 * and renames it over the target. A reader never sees half a file, and a run that fails to set up
 * (`abort`) leaves the previous HAR intact.
 */
export class HarWriter {
  private count = 0;
  private closing: Promise<void> | undefined;
  private readonly base: Redactor;

  private constructor(
    private readonly out: AtomicFile,
    private readonly options: HarWriteOptions,
  ) {
    this.base = baseRedactor(options);
  }

  static open(file: string, options: HarWriteOptions = {}): HarWriter {
    const w = new HarWriter(new AtomicFile(file), options);
    const comment = options.comment ? `    "comment": ${JSON.stringify(options.comment)},\n` : '';
    w.out.write(`{\n  "log": {\n    "version": "1.2",\n    "creator": ${JSON.stringify(creatorOf(options))},\n    "pages": [],\n${comment}    "entries": [`);
    return w;
  }

  /** Write one exchange as an entry (exchanges added after `close` or `abort` are dropped). */
  add(ex: Exchange): void {
    if (this.closing) return;
    // The runner hands over exchanges its redactor (a scope of ours) has masked already: a 10 MB body is not scanned twice.
    const o = this.options;
    const redact: Redact = o.redactor && o.secrets === undefined && !o.redact && o.redactor.masked(ex) ? (value) => value : entryRedact(this.base, ex, o.redact);
    this.out.write(`${this.count++ ? ',' : ''}\n      `);
    writeEntry((piece) => this.out.write(piece), entryOf(ex, redact));
  }

  /** Finish the document, flush it to disk and rename it over the target. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.out.write(`${this.count ? '\n    ' : ''}]\n  }\n}\n`);
      this.out.commit();
    })();
    return this.closing;
  }

  /** Drop the temp file; the target is left as it was. */
  abort(): void {
    this.closing ??= Promise.resolve();
    this.out.abort();
  }
}

/** Write a HAR file of the exchanges atomically (see HarWriter). */
export async function writeHar(file: string, exchanges: Exchange[], options: HarWriteOptions = {}): Promise<void> {
  const w = HarWriter.open(file, options);
  try {
    for (const ex of exchanges) w.add(ex);
  } catch (err) {
    w.abort();
    throw err;
  }
  await w.close();
}
