// Two documented 2xx examples for one request: whichever the server answers passes (the other
// scenario with a warning); an undocumented status still fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const doc = join(import.meta.dirname, 'fixtures/any-document/two-successes.yaml');
type Report = { results: { id: string; outcome: string }[] };

describe('two documented successes for one request', () => {
  let status = 200;
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end('"ok"'));
  });
  afterAll(() => server.close());
  const check = async () => {
    const r = await cli(['check', '--spec', doc, '--base-url', server.url, '--reporter', 'json', '--no-negative']);
    return { code: r.code, outcomes: (JSON.parse(r.stdout) as Report).results.map((x) => [x.id, x.outcome]) };
  };

  it('a 200 passes the 200 example and warns on the 201 one; a 201 the other way round', async () => {
    expect(await check()).toEqual({ code: 0, outcomes: [['two-successes.getTodos.200-default', 'passed'], ['two-successes.getTodos.201-default', 'warned']] });
    status = 201;
    expect(await check()).toEqual({ code: 0, outcomes: [['two-successes.getTodos.200-default', 'warned'], ['two-successes.getTodos.201-default', 'passed']] });
  });

  it('an undocumented 202 fails both', async () => {
    status = 202;
    expect(await check()).toEqual({ code: 1, outcomes: [['two-successes.getTodos.200-default', 'failed'], ['two-successes.getTodos.201-default', 'failed']] });
  });
});
