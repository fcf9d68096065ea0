// Some documents tell two operations on one path apart by a fragment in the path key (Box:
// `/files/{file_id}#get_shared_link`). A fragment is never sent: the request goes to the path
// alone, not to `/files/1%23get_shared_link`, and validate matches it back to an operation.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const DOC = `openapi: 3.0.3
info: { title: Files, version: '1' }
paths:
  /files/{file_id}:
    get:
      operationId: getFile
      parameters: [{ name: file_id, in: path, required: true, schema: { type: string }, example: '12' }]
      responses:
        '200': { description: the file, content: { application/json: { schema: { type: object } } } }
  /files/{file_id}#get_shared_link:
    get:
      operationId: getSharedLink
      parameters:
        - { name: file_id, in: path, required: true, schema: { type: string }, example: '12' }
        - { name: fields, in: query, required: true, schema: { type: string, enum: [shared_link] } }
      responses:
        '200': { description: the link, content: { application/json: { schema: { type: object } } } }
`;

describe('a fragment in a path key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'specgate-fragment-'));
  const spec = join(dir, 'files.yaml');
  writeFileSync(spec, DOC);
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => res.writeHead(req.url.startsWith('/files/12') && !req.url.includes('%23') ? 200 : 404, { 'content-type': 'application/json' }).end('{}'));
  });
  afterAll(() => server.close());

  it('is not sent, and the HAR validates', async () => {
    const har = join(dir, 'files.har');
    const r = await cli(['check', '--spec', spec, '--base-url', server.url, '--no-negative', '--reporter', 'json', '--har', har]);
    expect(server.requests.map((x) => x.url).sort()).toEqual(['/files/12', '/files/12?fields=shared_link']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ passed: 2, failed: 0 });
    const v = await cli(['validate', har, '--spec', spec, '--reporter', 'json']);
    expect(JSON.parse(v.stdout).summary).toMatchObject({ passed: 2, failed: 0, skipped: 0 });
    expect(v.code).toBe(0);
  });
});
