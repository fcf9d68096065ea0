// A Swagger 2.0 parameter's `x-example` is the value the document gives it: sent by check, as
// an `example` would be in 3.x. One that its own schema refuses (`seven` for an integer) is not
// sent: a positive case must be a request an implementation has to accept.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

describe('Swagger 2.0 x-example', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => res.writeHead(200).end());
  });
  afterAll(() => server.close());

  it('is sent where its schema accepts it (path, shared header); a value the schema refuses is replaced by a valid one', async () => {
    const r = await cli(['check', '--spec', join(import.meta.dirname, 'fixtures/any-document/x-example-swagger2.yaml'), '--base-url', server.url, '--no-negative', '--reporter', 'json']);
    expect(r.code).toBe(0);
    const sent = server.requests.find((q) => q.url.startsWith('/pets/'))!;
    const url = new URL(sent.url, server.url);
    expect(url.pathname).toBe('/pets/p-42');
    expect(sent.headers['x-region']).toBe('us');
    expect(url.searchParams.get('q')).toMatch(/^-?\d+$/);
  });
});
