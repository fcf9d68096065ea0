// An enum marked `x-speakeasy-unknown-values: allow` is open: its document says values beyond the
// list may come (Mollie's published 3.1 document marks most of its enums so). An answer with such
// a value is a warning, not a failure, and no negative case sends one expecting a rejection. A
// closed enum beside it is judged as before.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const DOC = `openapi: 3.1.0
info: { title: Settlements, version: '1' }
paths:
  /settlements/open:
    get:
      operationId: getOpen
      responses:
        '200':
          description: one
          content:
            application/json:
              schema:
                type: object
                required: [mode]
                # Both enums open: "test" is outside the intersection, which the document allows.
                properties: { mode: { allOf: [{ $ref: '#/components/schemas/Mode' }, { $ref: '#/components/schemas/SettlementMode' }] } }
  /settlements/closed:
    get:
      operationId: getClosed
      responses:
        '200':
          description: one
          content:
            application/json:
              schema: { type: object, required: [kind], properties: { kind: { type: string, enum: [a, b] } } }
  /payments:
    post:
      operationId: createPayment
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [method, channel]
              properties:
                method: { type: string, enum: [card, ideal], x-speakeasy-unknown-values: allow }
                channel: { type: string, enum: [web, app] }
            example: { method: card, channel: web }
      responses:
        '201': { description: created }
        '400': { description: invalid }
components:
  schemas:
    Mode: { type: string, enum: [live, test], x-speakeasy-unknown-values: allow }
    SettlementMode: { type: string, enum: [live], x-speakeasy-unknown-values: allow }
`;

type Failure = { check: string; pointer?: string; severity?: string; assumption?: string };
type Report = { results: { id: string; operationId: string; outcome: string; steps: { failures?: Failure[] }[] }[] };

describe('open enums (x-speakeasy-unknown-values: allow)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'specgate-open-enum-'));
  const spec = join(dir, 'settlements.yaml');
  writeFileSync(spec, DOC);
  let server: TestServer;
  let run: { code: number | null; report: Report };
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const json = (status: number, body?: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
      if (req.url.startsWith('/settlements/open')) return json(200, { mode: 'test' });
      if (req.url.startsWith('/settlements/closed')) return json(200, { kind: 'c' });
      // The server accepts any method (the document allows more), refuses an unknown channel.
      const body = JSON.parse(req.body || '{}') as { method?: unknown; channel?: unknown };
      return typeof body.method === 'string' && (body.channel === 'web' || body.channel === 'app') ? json(201) : json(400);
    });
    const out = join(dir, 'report.json');
    const r = await cli(['check', '--spec', spec, '--base-url', server.url, '--reporter', 'json', '--output', out]);
    run = { code: r.code, report: JSON.parse(readFileSync(out, 'utf8')) as Report };
  });
  afterAll(() => server.close());

  const byOp = (op: string) => run.report.results.filter((r) => r.operationId === op);
  const failures = (op: string) => byOp(op).flatMap((r) => r.steps.flatMap((s) => s.failures ?? []));

  it('a value outside an open enum (here outside the intersection of two) is a warning naming the mark', () => {
    expect(byOp('getOpen').map((r) => r.outcome)).toEqual(['warned']);
    const enums = failures('getOpen').filter((f) => f.pointer === '/mode');
    expect(enums.length).toBeGreaterThan(0);
    expect(enums.every((f) => f.severity === 'warning' && /x-speakeasy-unknown-values/.test(f.assumption ?? ''))).toBe(true);
  });

  it('a value outside a closed enum still fails, and fails the run', () => {
    expect(byOp('getClosed').map((r) => r.outcome)).toEqual(['failed']);
    expect(failures('getClosed').filter((f) => f.severity !== 'warning').map((f) => f.pointer)).toContain('/kind');
    expect(run.code).toBe(1);
  });

  it('no negative case sends a value outside an open enum; the closed one gets its case, and it passes', () => {
    const ids = byOp('createPayment').map((r) => r.id);
    expect(ids.some((id) => /channel-outside-its-enum/.test(id))).toBe(true);
    expect(ids.some((id) => /method-outside-its-enum/.test(id))).toBe(false);
    expect(byOp('createPayment').every((r) => r.outcome === 'passed')).toBe(true);
  });
});
