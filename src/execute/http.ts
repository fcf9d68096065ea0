/** Sending one HTTP request with undici: timeouts, body cap, no redirects, transport failures in words. */
import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, Dispatcher } from 'undici';
import { tooDeep } from '../util/depth.js';
import type { Exchange, ExchangeErrorKind, ExchangeRequest, ExchangeResponse } from './types.js';
import { isJsonMedia } from '../util/media.js';

export interface HttpOptions {
  timeoutMs: number;
  /** Bodies beyond this are cut off and reported, so a huge answer cannot exhaust memory. */
  maxBodyBytes: number;
  dispatcher?: Dispatcher;
  /** The run's signal: an interrupted run stops waiting for answers. */
  signal?: AbortSignal;
}

// undici's entry point loads all of it (fetch, WebSocket, cache stores, mocks, proxies): ~150 ms of CPU
// at every start, most of a check's start-up. Only its Agent and request API are used, so only those
// are loaded. The request API goes onto Dispatcher.prototype exactly as undici's own index does, so
// an Agent from createAgent still has .request() for library callers.
const load = createRequire(import.meta.url);
const Agent = load('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
const DispatcherClass = load('undici/lib/dispatcher/dispatcher.js') as { prototype: object };
Object.assign(DispatcherClass.prototype, load('undici/lib/api/index.js'));
const { getGlobalDispatcher } = load('undici/lib/global.js') as { getGlobalDispatcher(): Dispatcher };
const { parseURL } = load('undici/lib/core/util.js') as { parseURL(url: string): URL };

/**
 * undici's top-level `request(url, opts)`: the URL checked and split into origin and path, sent
 * through the given dispatcher or the global one.
 */
function undiciRequest(url: string, opts: Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher?: Dispatcher }): Promise<Dispatcher.ResponseData> {
  const u = parseURL(url);
  const { dispatcher = getGlobalDispatcher(), ...rest } = opts;
  return dispatcher.request({ ...rest, origin: u.origin, path: u.search ? `${u.pathname}${u.search}` : u.pathname });
}

/** One keep-alive pool per run: connection reuse is most of the throughput against a local target. */
export function createAgent(connections: number): UndiciAgent {
  return new Agent({ connections, pipelining: 1, keepAliveTimeout: 10_000, connect: { timeout: 5_000 } });
}

/**
 * What undici says when the answer is not HTTP, in words: its own errors are an assertion
 * (`assert(statusCode >= 100)`), a parser error or a bare "bad upgrade".
 */
function protocolError(e: Error & { code?: string }): string | undefined {
  const msg = e.message ?? '';
  if (e.name === 'HTTPParserError' || /does not match the HTTP\/1\.1 protocol/.test(msg)) {
    const why = /\(([^)]+)\)\s*$/.exec(msg)?.[1];
    return `the answer is not valid HTTP/1.1${why ? ` (${why.charAt(0).toLowerCase()}${why.slice(1)})` : ''}`;
  }
  if (e.code === 'ERR_ASSERTION' || e.name === 'AssertionError') {
    if (/statusCode >= 100/.test(msg)) return 'the status line carries a status code below 100, which is not HTTP';
    if (/upgrade/i.test(msg)) return 'the target answered 101 Switching Protocols, but no upgrade was asked for';
    return `the answer broke the HTTP protocol (${msg.replace(/\s+/g, ' ').replace(/^The expression evaluated to a falsy value: /, '').trim()})`;
  }
  if (e.code === 'UND_ERR_SOCKET' && msg === 'bad upgrade') return 'the target answered 101 Switching Protocols, but no upgrade was asked for';
  if (e.code === 'UND_ERR_SOCKET' && msg === 'bad response') return 'the target answered an informational (1xx) status and then no final response';
  return undefined;
}

function classify(err: unknown): { kind: ExchangeErrorKind; message: string } {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e?.code ?? e?.cause?.code ?? '';
  const msg = e?.message ?? String(err);
  const protocol = e instanceof Error ? protocolError(e) : undefined;
  if (protocol) return { kind: 'protocol', message: protocol };
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: 'connection refused' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'dns', message: `host not found (${code})` };
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return { kind: 'timeout', message: code === 'UND_ERR_BODY_TIMEOUT' ? 'timed out reading the body' : 'timed out waiting for an answer' };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { kind: 'reset', message: 'connection closed by the target mid-exchange' };
  return { kind: 'other', message: msg };
}

const lowerHeaders = (h: Record<string, string | string[] | undefined>) =>
  Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v)]));

/**
 * One exchange's signal: aborted after timeoutMs (a TimeoutError, as AbortSignal.timeout's) or
 * with the run's signal. Released when the exchange is done, where AbortSignal.timeout's timer
 * and AbortSignal.any's link to the run's signal would outlive it, hundreds per run.
 */
function exchangeSignal(timeoutMs: number, run?: AbortSignal): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs);
  timer.unref();
  const onAbort = () => controller.abort(run!.reason);
  if (run?.aborted) controller.abort(run.reason);
  else run?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    release() {
      clearTimeout(timer);
      run?.removeEventListener('abort', onAbort);
    },
  };
}

/** Send one request; never throws: transport failures come back as `exchange.error`. */
export async function send(req: ExchangeRequest, opts: HttpOptions): Promise<Exchange> {
  const startedAt = Date.now();
  const abort = exchangeSignal(opts.timeoutMs, opts.signal);
  const done = (response?: ExchangeResponse, error?: Exchange['error']): Exchange => {
    abort.release();
    return { request: req, response, error, startedAt, durationMs: Date.now() - startedAt };
  };
  let res: Dispatcher.ResponseData;
  try {
    res = await undiciRequest(req.url, {
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      dispatcher: opts.dispatcher,
      signal: abort.signal,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
  } catch (err) {
    return done(undefined, classify(err));
  }
  const headers = lowerHeaders(res.headers);
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > opts.maxBodyBytes) {
        truncated = true;
        res.body.destroy();
        break;
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    const c = classify(err);
    if (c.kind === 'timeout') c.message = 'timed out reading the body';
    const partial = Buffer.concat(chunks).toString('utf8');
    return done({ status: res.statusCode, headers, bodyText: partial, truncated: true }, { kind: c.kind, message: `${c.message} after ${size} bytes of the body` });
  }
  const bodyText = Buffer.concat(chunks).toString('utf8');
  const response: ExchangeResponse = { status: res.statusCode, headers, bodyText, truncated };
  if (truncated) return done(response, { kind: 'too-large', message: `body larger than ${opts.maxBodyBytes} bytes; stopped reading` });
  if (res.statusCode >= 300 && res.statusCode < 400 && headers.location) {
    // Redirects are never followed: a conformance suite reports where the target sent it.
    return done(response, { kind: 'redirect', message: `redirected (${res.statusCode}) to ${headers.location}; not followed` });
  }
  if (res.statusCode >= 502 && res.statusCode <= 504 && !isJsonMedia(headers['content-type'])) {
    // A proxy's HTML error page: the implementation behind it was not reached, so nothing about it can be judged.
    return done(response, { kind: 'gateway', message: `a gateway answered ${res.statusCode} (${headers['content-type'] ?? 'no content type'}): the target behind it was not reached` });
  }
  if (bodyText.length && isJsonMedia(headers['content-type'])) {
    // Nesting no recursive reader (Ajv, reports, redaction) survives is reported, not parsed.
    const deep = tooDeep(bodyText);
    if (deep) return done(response, { kind: 'too-deep', message: deep });
    try {
      response.body = JSON.parse(bodyText);
    } catch {
      response.parseError = 'the body is not valid JSON although its content type says JSON';
    }
  }
  return done(response);
}
