/** Writing the exchanges of a run as a HAR 1.2 file, redacted. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { basename, dirname, join, resolve } from 'node:path';
import type { Exchange } from '../execute/types.js';
import { packageRoot } from '../openapi/paths.js';
import { withDefaults, type Redact, type RedactContext } from './redact.js';
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

const headerValue = (headers: Record<string, string>, name: string) =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

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
  return entry;
}

/** A HAR 1.2 document of the exchanges, every secret redacted. */
export function buildHar(exchanges: Exchange[], options: HarWriteOptions = {}): HarDocument {
  const redact = withDefaults(options.redact, options.secrets);
  return {
    log: {
      version: '1.2',
      creator: { name: 'specgate', version: options.version ?? specgateVersion() },
      pages: [],
      entries: exchanges.map((ex) => entryOf(ex, redact)),
      ...(options.comment ? { comment: options.comment } : {}),
    },
  };
}

/**
 * Write a HAR file atomically: a temp file in the same folder (same file system, so the rename
 * is atomic), flushed, then renamed over the target. A reader never sees half a file, and an
 * interrupted run leaves the previous HAR intact.
 */
export async function writeHar(file: string, exchanges: Exchange[], options: HarWriteOptions = {}): Promise<void> {
  const target = resolve(file);
  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const text = JSON.stringify(buildHar(exchanges, options), null, 2) + '\n';
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
