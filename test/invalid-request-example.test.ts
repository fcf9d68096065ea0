import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

// A document whose request example breaks its own schema (a name longer than its maxLength, as
// Xero's and Twilio's examples do): a correct server refuses that example with its documented 400.
// That refusal is the document's defect, not the server's: specgate sends a body it generated from
// the schema instead, and a refusal still is a warning naming the defect.
const doc = (example: string) => `openapi: 3.0.3
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
              additionalProperties: false
              properties: { name: { type: string, maxLength: 5 } }
            examples:
              sample: { value: ${example} }
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: { type: object, required: [id], properties: { id: { type: string } } }
              examples:
                sample: { value: { id: T-1 } }
        '400':
          description: invalid
          content:
            application/json:
              schema: { type: object, properties: { message: { type: string } } }
`;

interface Report {
  results: { name: string; outcome: string; steps: { failures: { check: string; message: string; severity?: string; assumption?: string }[] }[] }[];
}

describe('a request example that breaks its own schema', () => {
  let server: Server;
  let base: string;
  let refuseAll = false;
  const bodies: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'specgate-badexample-'));
  beforeAll(async () => {
    // A server that judges as the schema says: a name of at most 5 characters, nothing else.
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        bodies.push(text);
        let ok = false;
        try {
          const b = JSON.parse(text) as Record<string, unknown>;
          ok = typeof b.name === 'string' && b.name.length <= 5 && Object.keys(b).length === 1;
        } catch {
          /* not JSON: refused */
        }
        if (ok && !refuseAll) res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"T-9"}');
        else res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"invalid"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const run = async (file: string) => {
    const r = await cli(['check', '--spec', file, '--base-url', base, '--reporter', 'json', '--no-negative']);
    return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout) as Report };
  };

  it('is replaced by a generated body that fits the schema: a correct server answers 201 and the run passes', async () => {
    const file = join(dir, 'long.yaml');
    writeFileSync(file, doc('{ name: far too long }'));
    refuseAll = false;
    bodies.length = 0;
    const { code, report, stderr } = await run(file);
    expect(code, stderr).toBe(0);
    expect(report.results.map((r) => [r.name, r.outcome])).toEqual([['createThing 201 sample', 'passed']]);
    expect(bodies).toHaveLength(1);
    expect(JSON.parse(bodies[0]!)).not.toEqual({ name: 'far too long' });
  });

  it('a refusal of the request is then a warning that names the defect, not a failure', async () => {
    const file = join(dir, 'long.yaml');
    refuseAll = true;
    const { code, report, stderr } = await run(file);
    expect(code, stderr).toBe(0);
    expect(report.results[0]!.outcome).toBe('warned');
    const failures = report.results[0]!.steps.flatMap((s) => s.failures);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) expect(f.severity).toBe('warning');
    expect(failures.map((f) => f.assumption).join(' ')).toMatch(/request example "sample" breaks its own schema \(\/name must NOT have more than 5 characters\): a body generated from the schema was sent instead/);
  });

  it('a valid example is sent as written, and a refusal of it still fails', async () => {
    const file = join(dir, 'short.yaml');
    writeFileSync(file, doc('{ name: short }'));
    refuseAll = false;
    bodies.length = 0;
    expect((await run(file)).code).toBe(0);
    expect(JSON.parse(bodies[0]!)).toEqual({ name: 'short' });
    refuseAll = true;
    const refused = await run(file);
    expect(refused.code).toBe(1);
    expect(refused.report.results[0]!.outcome).toBe('failed');
  });
});
