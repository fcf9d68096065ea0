import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Pact Broker stand-in on 127.0.0.1 that answers the official broker client (`pact-broker
 * publish`) the way a real broker does: the HAL index at `/` with its `pb:publish-contracts`
 * relation, and `POST /contracts/publish` with the "publish contracts" response (the embedded
 * pacticipant and version, the notices/logs the client prints, and the `_links` to what was
 * created). Credentials are checked like a broker behind basic auth or a bearer token would.
 */

export interface BrokerRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

export interface BrokerDoubleOptions {
  /** Accept only `Authorization: Bearer <token>`. */
  token?: string;
  /** Accept only `Authorization: Basic base64(username:password)`. */
  username?: string;
  password?: string;
  /** How POST /contracts/publish answers (default 200). */
  publishStatus?: 200 | 409 | 500;
}

export interface PublishedContract {
  consumerName: string;
  providerName: string;
  specification: string;
  contentType: string;
  content: string;
}

export interface PublishBody {
  pacticipantName: string;
  pacticipantVersionNumber: string;
  branch?: string;
  tags?: string[];
  buildUrl?: string;
  contracts: PublishedContract[];
}

export interface BrokerDouble {
  url: string;
  requests: BrokerRequest[];
  close(): Promise<void>;
}

const HAL = 'application/hal+json;charset=utf-8';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.setEncoding('utf8').on('data', (d: string) => (data += d));
    req.on('end', () => resolve(data));
  });
}

const enc = encodeURIComponent;

function index(base: string) {
  return {
    _links: {
      self: { href: base, title: 'Index', templated: false },
      'pb:publish-pact': { href: `${base}/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}`, title: 'Publish a pact', templated: true },
      'pb:publish-contracts': { href: `${base}/contracts/publish`, title: 'Publish contracts', templated: false },
      'pb:latest-pact-versions': { href: `${base}/pacts/latest`, title: 'Latest pact versions', templated: false },
      'pb:pacticipants': { href: `${base}/pacticipants`, title: 'Pacticipants', templated: false },
      'pb:pacticipant': { href: `${base}/pacticipants/{pacticipant}`, title: 'Fetch pacticipant by name', templated: true },
      'pb:environments': { href: `${base}/environments`, title: 'Environments', templated: false },
      curies: [{ name: 'pb', href: `${base}/doc/{rel}?context=index`, templated: true }],
    },
  };
}

/** The broker's answer to a successful publication (pact_broker's contracts publication decorator). */
function published(base: string, body: PublishBody) {
  const c = body.pacticipantName;
  const v = body.pacticipantVersionNumber;
  const versionHref = `${base}/pacticipants/${enc(c)}/versions/${enc(v)}`;
  const notices = [
    { type: 'info', text: `Created ${c} version ${v}${body.branch ? ` with branch ${body.branch}` : ''}${body.tags?.length ? ` and tags ${body.tags.join(', ')}` : ''}` },
    ...body.contracts.map((k) => ({ type: 'success', text: `Pact successfully published for ${k.consumerName} version ${v} and provider ${k.providerName}.` })),
    ...body.contracts.map((k) => ({ type: 'prompt', text: `  Next steps:\n    * Configure separate ${k.providerName} pact verification build and webhook to trigger it when the pact content changes.` })),
  ];
  return {
    notices,
    logs: notices.map((n) => ({ level: n.type === 'prompt' ? 'debug' : 'info', message: n.text, deprecationWarning: 'Replaced by notices' })),
    _embedded: {
      pacticipant: { name: c, _links: { self: { href: `${base}/pacticipants/${enc(c)}` } } },
      version: { number: v, ...(body.buildUrl ? { buildUrl: body.buildUrl } : {}), _links: { self: { href: versionHref, title: 'Version', name: v } } },
    },
    _links: {
      'pb:pacticipant': { title: 'Pacticipant', name: c, href: `${base}/pacticipants/${enc(c)}` },
      'pb:pacticipant-version': { title: 'Pacticipant version', name: v, href: versionHref },
      'pb:pacticipant-version-tags': (body.tags ?? []).map((t) => ({ title: 'Tag', name: t, href: `${versionHref}/tags/${enc(t)}` })),
      ...(body.branch ? { 'pb:branch-version': { title: 'Branch version', name: body.branch, href: `${base}/pacticipants/${enc(c)}/branches/${enc(body.branch)}/versions/${enc(v)}` } } : {}),
      'pb:contracts': body.contracts.map((k) => ({
        title: 'Pact',
        name: `Pact between ${k.consumerName} (${v}) and ${k.providerName}`,
        href: `${base}/pacts/provider/${enc(k.providerName)}/consumer/${enc(k.consumerName)}/version/${enc(v)}`,
      })),
    },
  };
}

export async function startBrokerDouble(opts: BrokerDoubleOptions = {}): Promise<BrokerDouble> {
  const requests: BrokerRequest[] = [];
  let base = '';
  const authorized = (req: IncomingMessage) => {
    const auth = req.headers.authorization ?? '';
    if (opts.token !== undefined) return auth === `Bearer ${opts.token}`;
    if (opts.username !== undefined) return auth === `Basic ${Buffer.from(`${opts.username}:${opts.password ?? ''}`).toString('base64')}`;
    return true;
  };
  const send = (res: ServerResponse, status: number, body: unknown, type = HAL) => {
    res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void readBody(req).then((text) => {
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const path = (req.url ?? '/').split('?')[0];
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      if (!authorized(req)) {
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': opts.token !== undefined ? 'Bearer' : 'Basic realm="Pact Broker"' });
        res.end(JSON.stringify({ error: 'Unauthorized' }));
        return;
      }
      if (req.method === 'GET' && path === '/') return send(res, 200, index(base));
      if (req.method === 'POST' && path === '/contracts/publish') {
        const b = body as PublishBody;
        if (!b || typeof b.pacticipantName !== 'string' || typeof b.pacticipantVersionNumber !== 'string' || !Array.isArray(b.contracts)) {
          return send(res, 400, { errors: { pacticipantName: ['is missing'] } }, 'application/problem+json');
        }
        if (opts.publishStatus === 409) {
          const k = b.contracts[0];
          return send(res, 409, {
            title: 'Conflict',
            type: `${base}/problems/conflict`,
            detail: `Cannot change the content of the pact for ${k?.consumerName} version ${b.pacticipantVersionNumber} and provider ${k?.providerName}, as race conditions will cause unreliable results for can-i-deploy. Each pact must be published with a unique consumer version number.`,
            status: 409,
          }, 'application/problem+json');
        }
        if (opts.publishStatus === 500) return send(res, 500, { error: { message: 'An error has occurred. The details have been logged with the reference 3f1c9a2e', reference: '3f1c9a2e' } }, 'application/json');
        return send(res, 200, published(base, b));
      }
      send(res, 404, { error: `No route for ${req.method} ${path}` }, 'application/json');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
