// A HAR that `check --har` wrote masks credentials by name and by value (`***`). Its own `validate`
// must not judge the mask as traffic: a masked value is noted, not failed. Every other value of the
// entry is still judged, and a HAR another tool wrote is judged as it stands.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const DOC = `openapi: 3.0.3
info: { title: Sessions, version: '1' }
paths:
  /session:
    get:
      operationId: getSession
      responses:
        '200':
          description: a session
          headers:
            Access-Control-Allow-Credentials: { schema: { type: string, enum: ['true'] } }
            X-Session-Token: { schema: { type: string, pattern: '^[a-f0-9]{16}$' } }
          content:
            application/json:
              schema:
                type: object
                required: [access_token, token_ttl, scope]
                properties:
                  access_token: { type: string, pattern: '^[a-f0-9]{16}$' }
                  token_ttl: { type: integer }
                  scope: { type: integer }
`;

type Report = { summary: { passed: number; failed: number }; results: { outcome: string; name: string; steps: { failures?: { pointer: string; message: string }[] }[] }[] };

describe('validate of a HAR specgate wrote', () => {
  const dir = mkdtempSync(join(tmpdir(), 'specgate-har-redacted-'));
  const spec = join(dir, 'sessions.yaml');
  writeFileSync(spec, DOC);
  let server: TestServer;
  let scope: unknown = 7;
  beforeAll(async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-credentials': 'true', 'x-session-token': '0123456789abcdef' });
      res.end(JSON.stringify({ access_token: '0123456789abcdef', token_ttl: 3600, scope }));
    });
  });
  afterAll(() => server.close());

  const record = async (name: string) => {
    const har = join(dir, name);
    const r = await cli(['check', '--spec', spec, '--base-url', server.url, '--no-negative', '--reporter', 'json', '--har', har]);
    return { har, check: JSON.parse(r.stdout) as Report, code: r.code };
  };
  const validate = async (har: string) => {
    const r = await cli(['validate', har, '--spec', spec, '--reporter', 'json']);
    return { code: r.code, report: JSON.parse(r.stdout) as Report };
  };

  it('masks the credentials it recorded, keeps the CORS header, and its validate passes what check passed', async () => {
    scope = 7;
    const { har, check, code } = await record('good.har');
    expect([code, check.summary.passed, check.summary.failed]).toEqual([0, 1, 0]);
    const text = readFileSync(har, 'utf8');
    expect(text).not.toContain('0123456789abcdef');
    const response = (JSON.parse(text) as { log: { entries: { response: { headers: { name: string; value: string }[]; content: { text: string } } }[] } }).log.entries[0]!.response;
    expect(JSON.parse(response.content.text)).toEqual({ access_token: '***', token_ttl: '***', scope: 7 });
    // A CORS flag is no credential, though its name says "credentials".
    expect(response.headers.find((h) => h.name === 'access-control-allow-credentials')?.value).toBe('true');
    const v = await validate(har);
    expect([v.code, v.report.summary.failed, v.report.results[0]!.outcome]).toEqual([0, 0, 'passed']);
    expect(v.report.results[0]!.name).toMatch(/response body \/access_token, \/token_ttl: masked by specgate when recorded, not judged/);
    expect(v.report.results[0]!.name).toMatch(/response header \/X-Session-Token: masked by specgate when recorded, not judged/);
  });

  it('still fails a real fault beside the masked values', async () => {
    scope = 'all';
    const { har } = await record('bad.har');
    const v = await validate(har);
    expect(v.code).toBe(1);
    const failures = v.report.results[0]!.steps.flatMap((s) => s.failures ?? []);
    expect(failures.map((f) => f.pointer)).toEqual(['/scope']);
  });

  it('judges a mask in a HAR another tool wrote as the traffic it claims to be', async () => {
    scope = 7;
    const { har } = await record('other.har');
    const doc = JSON.parse(readFileSync(har, 'utf8')) as { log: { creator: { name: string } } };
    doc.log.creator.name = 'Chrome DevTools';
    const foreign = join(dir, 'foreign.har');
    writeFileSync(foreign, JSON.stringify(doc));
    const v = await validate(foreign);
    expect(v.code).toBe(1);
    const pointers = v.report.results[0]!.steps.flatMap((s) => s.failures ?? []).map((f) => f.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/access_token', '/token_ttl', '/X-Session-Token']));
  });
});
