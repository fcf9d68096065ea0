// A HAR that check --har wrote holds its negative cases, whose requests break a rule on purpose.
// validate judges them as check did: the request's findings are meant, the answer must reject it
// (negative_rejection). It trusts that mark only in specgate's own HARs: in anyone else's, an
// invalid request is a finding.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const DOC = `openapi: 3.1.0
info: { title: Things, version: '1' }
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties: { name: { type: string, maxLength: 5 } }
            example: { name: abc }
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: { type: object, required: [name], properties: { name: { type: string } } }
        '400':
          description: invalid
`;

type Report = { summary: { passed: number; failed: number }; results: { outcome: string; name: string; steps: { failures?: { check: string }[] }[] }[] };

describe('validate of check --har output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'specgate-own-neg-'));
  const spec = join(dir, 'things.yaml');
  writeFileSync(spec, DOC);
  let strict = true;
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      let body: { name?: unknown } | undefined;
      try {
        body = JSON.parse(req.body) as { name?: unknown };
      } catch {
        body = undefined;
      }
      const valid = body !== null && typeof body === 'object' && typeof body.name === 'string' && body.name.length <= 5;
      if (strict && !valid) res.writeHead(400).end();
      else res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'abc' }));
    });
  });
  afterAll(() => server.close());

  const record = async (name: string) => {
    const har = join(dir, `${name}.har`);
    const check = await cli(['check', '--spec', spec, '--base-url', server.url, '--reporter', 'json', '--har', har]);
    const validate = await cli(['validate', har, '--spec', spec, '--reporter', 'json']);
    return { har, check, validate, report: JSON.parse(validate.stdout) as Report };
  };

  it('passes a server that rejects the negative cases, as check does', async () => {
    strict = true;
    const { check, validate, report } = await record('strict');
    expect(check.code).toBe(0);
    expect(report.results.length).toBeGreaterThan(2);
    expect(report.results.filter((r) => r.name.includes('a negative case')).length).toBeGreaterThan(1);
    expect(report.summary.failed).toBe(0);
    expect(validate.code).toBe(0);
  });

  it('fails a server that accepts them, with the check that check uses', async () => {
    strict = false;
    const { check, validate, report } = await record('lax');
    expect(check.code).toBe(1);
    expect(validate.code).toBe(1);
    const checks = report.results.flatMap((r) => r.steps.flatMap((s) => s.failures ?? []).map((f) => f.check));
    expect(new Set(checks)).toEqual(new Set(['negative_rejection']));
  });

  it('trusts the mark only in a HAR specgate wrote', async () => {
    strict = true;
    const { har } = await record('foreign');
    const doc = JSON.parse(readFileSync(har, 'utf8'));
    doc.log.creator = { name: 'someone-else', version: '1' };
    writeFileSync(har, JSON.stringify(doc));
    const v = await cli(['validate', har, '--spec', spec, '--reporter', 'json']);
    expect(v.code).toBe(1);
    const checks = (JSON.parse(v.stdout) as Report).results.flatMap((r) => r.steps.flatMap((s) => s.failures ?? []).map((f) => f.check));
    expect(checks).toContain('request_conformance');
  });
});
