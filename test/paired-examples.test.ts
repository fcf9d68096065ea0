// A response example answers the request example of the same name (as in OpenAPI's own examples):
// a document with a `single` and a `bulk` request and answer sends each answer's own request,
// not the first request example for both.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const DOC = `openapi: 3.1.0
info: { title: Tickets, version: '1' }
paths:
  /tickets:
    post:
      operationId: buyTickets
      requestBody:
        required: true
        content:
          application/json:
            schema: { type: object, required: [count], properties: { count: { type: integer } } }
            examples:
              single: { value: { count: 1 } }
              bulk: { value: { count: 10 } }
      responses:
        '201':
          description: bought
          content:
            application/json:
              schema: { type: object, required: [count], properties: { count: { type: integer } } }
              examples:
                bulk: { value: { count: 10 } }
                single: { value: { count: 1 } }
`;

describe('request and response examples of one name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'specgate-paired-'));
  const spec = join(dir, 'tickets.yaml');
  writeFileSync(spec, DOC);
  let server: TestServer;
  beforeAll(async () => {
    // An echo: the answer is the request's count, as a faithful server's would be.
    server = await startServer((req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end(req.body));
  });
  afterAll(() => server.close());

  it('are sent and expected together', async () => {
    const r = await cli(['check', '--spec', spec, '--base-url', server.url, '--no-negative', '--reporter', 'json']);
    expect(server.requests.map((x) => JSON.parse(x.body).count).sort((a, b) => a - b)).toEqual([1, 10]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ passed: 2, failed: 0 });
  });
});
