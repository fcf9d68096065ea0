/** The loopback proxy the Pact verifier sends its requests through: guard, no redirects, caps, words for failures. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import { send } from '../execute/http.js';
import type { Exchange, ExchangeResponse } from '../execute/types.js';
import { joinRaw } from '../util/url.js';

/**
 * The Rust verifier follows redirects (re-sending a destructive request, credentials and all, to
 * whatever Location a target names), says "error sending request for url" for a timeout, and
 * reads bodies without a cap. So it never talks to the target itself: it talks to this proxy on
 * 127.0.0.1, which sends each request with specgate's own `send` (never follows, caps the body,
 * times out), after the destructive guard has seen it. A request that fails there gets a 502 and
 * its reason is kept for the report, by interaction (the header INTERACTION_HEADER, which the
 * proxy strips).
 */
export const INTERACTION_HEADER = 'x-specgate-interaction';

export interface TargetProxy {
  url: string;
  port: number;
  /** Interaction key → why its request was not answered by the target (guard, redirect, timeout...). */
  failures: Map<string, { kind: 'guard' | 'transport'; reason: string }>;
  /** Interaction key → the target's answer, for the checks a Pact contract cannot express. */
  answers: Map<string, ExchangeResponse>;
  close(): Promise<void>;
}

export interface ForwardOptions {
  baseUrl: URL;
  timeoutMs: number;
  maxBodyBytes: number;
  dispatcher?: Dispatcher;
  /** Why this request must not be sent (the destructive guard), or undefined. */
  refusal(method: string, path: string): Promise<string | undefined>;
  /** How a reason is made safe to print (the run's redactor). */
  scrub(text: string): string;
}

// Hop-by-hop headers, and those that describe the body as it travelled: each leg sets its own.
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', 'content-length', 'accept-encoding', 'content-encoding']);

/** `/v2/x?a=1,2&a=3` → the path and its query, as sent (a style's delimiters stay as they came). */
function splitTarget(raw: string): { path: string; search: string } {
  const u = new URL(raw, 'http://proxy.invalid');
  return { path: u.pathname, search: u.search };
}

/**
 * One request to the target the way `check` sends it: joined to the base URL (its path and
 * query kept), guarded, never redirected. An error says what happened in words.
 */
export async function forward(
  req: { method: string; url: string; headers: Record<string, string>; body?: string },
  opts: ForwardOptions,
): Promise<{ exchange?: Exchange; refused?: string }> {
  const { path, search } = splitTarget(req.url);
  const refused = await opts.refusal(req.method, path);
  if (refused) return { refused };
  const exchange = await send(
    { method: req.method, url: joinRaw(opts.baseUrl, path, search), headers: req.headers, body: req.body },
    { timeoutMs: opts.timeoutMs, maxBodyBytes: opts.maxBodyBytes, dispatcher: opts.dispatcher },
  );
  return { exchange };
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.destroy();
        reject(new Error(`request body larger than ${max} bytes`));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startTargetProxy(opts: ForwardOptions): Promise<TargetProxy> {
  const failures: TargetProxy['failures'] = new Map();
  const answers: TargetProxy['answers'] = new Map();
  const sockets = new Set<Socket>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const key = String(req.headers[INTERACTION_HEADER] ?? '');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k) && k !== INTERACTION_HEADER) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const body = await readBody(req, opts.maxBodyBytes);
    const method = req.method ?? 'GET';
    const fail = (kind: 'guard' | 'transport', reason: string) => {
      const scrubbed = opts.scrub(reason);
      if (key) failures.set(key, { kind, reason: scrubbed });
      res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: scrubbed }));
    };
    const { exchange, refused } = await forward({ method, url: req.url ?? '/', headers, body: body.length ? body : undefined }, opts);
    if (refused) return fail('guard', refused);
    const { error, response } = exchange!;
    if (error) return fail('transport', `${error.message} (${method} ${splitTarget(req.url ?? '/').path})`);
    if (key) answers.set(key, response!);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(response!.headers)) if (!HOP.has(k)) out[k] = v;
    res.writeHead(response!.status, out).end(response!.bodyText);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: opts.scrub(e.message) }));
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    failures,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
