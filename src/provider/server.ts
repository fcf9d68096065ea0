/** The reference provider's HTTP server: routing, validation of requests, faults and variants. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadApi } from '../validate/load.js';
import { bundledApiNames } from '../openapi/registry.js';
import { mediaType, isJsonMedia } from '../util/media.js';
import { hasHeader } from '../util/headers.js';
import { checkNames, type FaultName, type VariantName } from '../testing/faults.js';
import { mangopay } from './mangopay.js';
import { qonto } from './qonto.js';
import { udara360 } from './udara360.js';
import { handleState, knownStates } from './states.js';
import { Store } from './store.js';
import type { ApiHandlers, Handler, ProviderContext, ProviderRequest, ProviderResponse } from './types.js';

export const STATE_PATH = '/_specgate/state';
const MAX_BODY = 1024 * 1024;

/** The APIs the reference provider implements. */
export const PROVIDER_APIS: readonly ApiHandlers[] = [mangopay, qonto, udara360];

/** The bundled APIs this provider implements (a folder added to specs/ is not among them). */
export const implementedApis = (): string[] => {
  const bundled = bundledApiNames();
  return PROVIDER_APIS.map((h) => h.api).filter((a) => bundled.includes(a));
};

export interface ReferenceProviderOptions {
  /** APIs to serve (default: every implemented API that is bundled in specs/). */
  apis?: string[];
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Deliberate bugs to switch on (mutation self-test); see FAULTS. */
  faults?: FaultName[];
  /** Correct-but-unusual behaviours to switch on; see VARIANTS. */
  variants?: VariantName[];
  /** One line per request handled, and handler crashes (default: silent). */
  log?: (line: string) => void;
}

export interface ReferenceProvider {
  /** Base URL, e.g. http://127.0.0.1:4010 (no trailing slash). */
  url: string;
  /** The provider-state endpoint: `${url}/_specgate/state`. */
  stateUrl: string;
  apis: string[];
  close(): Promise<void>;
}

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  template: string;
  operationId: string;
  handler: Handler;
  ctx: ProviderContext;
}

function compileTemplate(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (m) {
        names.push(m[1]);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, r: ProviderResponse, noCharset: boolean): void {
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  const hasType = hasHeader(headers, 'content-type');
  let payload: string | undefined;
  if (r.text !== undefined) {
    payload = r.text;
    if (!hasType) headers['content-type'] = 'text/plain; charset=utf-8';
  } else if (r.body !== undefined) {
    payload = JSON.stringify(r.body);
    if (!hasType) headers['content-type'] = noCharset ? 'application/json' : 'application/json; charset=utf-8';
  }
  if (payload !== undefined && r.status !== 204 && r.status !== 304) {
    headers['content-length'] = String(Buffer.byteLength(payload));
    res.writeHead(r.status, headers);
    res.end(payload);
  } else {
    res.writeHead(r.status, headers);
    res.end();
  }
}

const plainJson = (status: number, body: unknown): ProviderResponse => ({ status, body });

/**
 * Start the in-memory reference provider of the bundled APIs, with its provider-state endpoint.
 * Every instance has its own state; `close()` stops it and drops open connections.
 */
export async function startReferenceProvider(opts: ReferenceProviderOptions = {}): Promise<ReferenceProvider> {
  const implemented = PROVIDER_APIS.map((h) => h.api);
  const bundled = bundledApiNames();
  const wanted = opts.apis?.length ? [...new Set(opts.apis)] : implemented.filter((a) => bundled.includes(a));
  const unknown = wanted.filter((a) => !implemented.includes(a) || !bundled.includes(a));
  if (unknown.length) throw new Error(`the reference provider does not implement ${unknown.join(', ')} (it implements: ${implemented.filter((a) => bundled.includes(a)).join(', ')})`);
  checkNames(opts.faults, opts.variants);
  const faults = new Set<string>(opts.faults ?? []);
  const variants = new Set<string>(opts.variants ?? []);
  const log = opts.log ?? (() => {});
  const store = new Store({ countedStates: !variants.has('uncounted-global-states') });
  const host = opts.host ?? '127.0.0.1';
  let baseUrl = '';

  const routes: Route[] = [];
  for (const handlers of PROVIDER_APIS.filter((h) => wanted.includes(h.api))) {
    const api = await loadApi(handlers.api);
    const ctx: ProviderContext = {
      store,
      api,
      get baseUrl() {
        return baseUrl;
      },
      fault: (name) => faults.has(name),
      variant: (name) => variants.has(name),
    };
    for (const [operationId, handler] of Object.entries(handlers.operations)) {
      const op = api.operation(operationId);
      if (!op) throw new Error(`${handlers.api}: the spec has no operation '${operationId}'`);
      routes.push({ method: op.method.toUpperCase(), ...compileTemplate(op.path), template: op.path, operationId, handler, ctx });
    }
  }

  async function dispatch(req: IncomingMessage): Promise<ProviderResponse> {
    const url = new URL(req.url ?? '/', 'http://provider.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    if (raw === undefined) return plainJson(413, { error: `request body over ${MAX_BODY} bytes` });

    if (url.pathname === STATE_PATH || url.pathname === `${STATE_PATH}/`) {
      if (method === 'GET') return plainJson(200, { states: knownStates(wanted) });
      if (method !== 'POST') return { ...plainJson(405, { error: 'use POST' }), headers: { allow: 'GET, POST' } };
      let payload: unknown;
      try {
        payload = raw.trim() === '' ? undefined : JSON.parse(raw);
      } catch (err) {
        return plainJson(400, { error: `the body is not JSON: ${(err as Error).message}` });
      }
      const answer = handleState(store, wanted, payload);
      return plainJson(answer.status, answer.body);
    }
    const sca = /^\/_specgate\/sca\/([^/]+)$/.exec(url.pathname);
    if (sca && method === 'GET') return completeEnrollment(decodeURIComponent(sca[1]), url);

    const matching = routes.filter((r) => r.pattern.test(url.pathname));
    const route = matching.find((r) => r.method === method);
    if (!route) {
      if (matching.length) return { ...plainJson(405, { error: `${method} is not allowed on ${url.pathname}` }), headers: { allow: [...new Set(matching.map((r) => r.method))].join(', ') } };
      return plainJson(404, { error: `no operation at ${method} ${url.pathname}` });
    }
    const m = route.pattern.exec(url.pathname)!;
    const path: Record<string, string> = {};
    route.names.forEach((name, i) => {
      try {
        path[name] = decodeURIComponent(m[i + 1]);
      } catch {
        path[name] = m[i + 1];
      }
    });
    const preq: ProviderRequest = { method, url, path, headers: req.headers, rawBody: raw, body: undefined };
    if (raw.trim() !== '') {
      const media = mediaType(req.headers['content-type']);
      if (!media || isJsonMedia(media)) {
        try {
          preq.body = JSON.parse(raw);
        } catch (err) {
          preq.jsonError = (err as Error).message;
        }
      } else {
        // Not JSON: the validators report the undocumented content type.
        preq.body = raw;
      }
    }
    return route.handler(preq, route.ctx);
  }

  /** The RedirectUrl handed to an OWNER sole trader: visiting it completes SCA enrollment. */
  function completeEnrollment(id: string, url: URL): ProviderResponse {
    const user = store.users.get(id);
    if (!user) return plainJson(404, { error: `no user ${id}` });
    if (user.UserStatus === 'PENDING_USER_ACTION') {
      user.UserStatus = 'ACTIVE';
      user.PendingUserAction = null;
    }
    const back = url.searchParams.get('returnUrl');
    if (back && /^https?:\/\//i.test(back)) return { status: 302, headers: { location: back } };
    return plainJson(200, { UserId: id, UserStatus: user.UserStatus });
  }

  const server: Server = createServer((req, res) => {
    const started = Date.now();
    dispatch(req)
      .catch((err: unknown) => {
        log(`specgate provider: ${req.method} ${req.url} crashed: ${(err as Error)?.stack ?? String(err)}`);
        return plainJson(500, { error: 'Internal Server Error' });
      })
      .then((r) => {
        send(res, r, variants.has('json-no-charset'));
        log(`${req.method} ${req.url} → ${r.status} (${Date.now() - started} ms)`);
      })
      .catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const hostPart = addr.family === 'IPv6' || addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  baseUrl = `http://${hostPart}:${addr.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    stateUrl: `${baseUrl}${STATE_PATH}`,
    apis: wanted,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
