import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCheck } from '../src/run/check.js';
import { startServer, type TestServer } from './helpers/servers.js';

const file = join(import.meta.dirname, 'fixtures/any-document/security.yaml');

/** Every credential of every kind is given; the negative case of each operation must leave out exactly the ones its security names. */
describe('"credentials left out" follows the operation security and the security schemes', () => {
  let server: TestServer;
  let sent: Record<string, { url: URL; headers: Record<string, unknown>; body: string }>;
  beforeAll(async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    const run = await runCheck({
      specs: [file],
      baseUrl: `${server.url}/?api_key=QK-1234&tenant=t1`,
      headers: { Authorization: 'Bearer tok-1234', 'PLAID-CLIENT-ID': 'cid-1234', 'PLAID-SECRET': 'sec-1234', 'X-Trace': 'trace-1', Cookie: 'sid=sess-1234; theme=dark' },
      vars: { Who: 'specgate' },
      // One at a time, so the server's requests line up with the results' steps.
      concurrency: 1,
    });
    // What the server received: the results themselves carry every credential masked.
    sent = {};
    let i = 0;
    for (const r of run.results) {
      for (const _ of r.steps) {
        const got = server.requests[i++];
        sent[r.id] = { url: new URL(got.url, server.url), headers: got.headers, body: got.body };
      }
    }
  });
  afterAll(() => server.close());

  const negative = (op: string) => sent[`security.${op}.negative.credentials-left-out`];

  it('apiKey headers: both PLAID headers out; Authorization, the cookie and the base URL query stay', () => {
    const n = negative('byKey');
    expect(n.headers['plaid-client-id']).toBeUndefined();
    expect(n.headers['plaid-secret']).toBeUndefined();
    expect(n.headers.authorization).toBe('Bearer tok-1234');
    expect(n.headers['x-trace']).toBe('trace-1');
    expect(n.url.searchParams.get('api_key')).toBe('QK-1234');
  });

  it('apiKey in the query: removed from the URL (the base URL query too); headers stay', () => {
    const n = negative('byQuery');
    expect(n.url.searchParams.get('api_key')).toBeNull();
    expect(n.url.searchParams.get('tenant')).toBe('t1');
    expect(n.headers.authorization).toBe('Bearer tok-1234');
    expect(n.headers['plaid-client-id']).toBe('cid-1234');
  });

  it('apiKey in a cookie or http basic: the sid cookie and Authorization out, the other cookie stays', () => {
    const n = negative('byCookie');
    expect(n.headers.cookie).toBe('theme=dark');
    expect(n.headers.authorization).toBeUndefined();
    expect(n.headers['plaid-secret']).toBe('sec-1234');
  });

  it('the document-wide bearer applies where the operation says nothing; oauth2 and openIdConnect are the Authorization header', () => {
    expect(negative('byDefault').headers.authorization).toBeUndefined();
    expect(negative('byDefault').headers['plaid-client-id']).toBe('cid-1234');
    expect(negative('byOauth').headers.authorization).toBeUndefined();
    expect(negative('byOauth').headers.cookie).toBe('sid=sess-1234; theme=dark');
  });

  it('no such case where one security alternative is {} (anonymous allowed) or a client certificate alone', () => {
    expect(negative('anonymousAllowed')).toBeUndefined();
    // A client certificate is the connection's: leaving out the request's credentials still meets it.
    expect(negative('byCertificate')).toBeUndefined();
    expect(sent['security.byCertificate.200-example']).toBeDefined();
    expect(sent['security.anonymousAllowed.200-example']).toBeDefined();
  });

  it("positive cases send every credential; a vendor's {{credentials}} in an example stays literal while known names are filled", () => {
    const p = sent['security.byDefault.200-example'];
    expect(p.headers.authorization).toBe('Bearer tok-1234');
    expect(JSON.parse(p.body)).toEqual({ note: 'Hello {{credentials}}, from specgate' });
  });
});
