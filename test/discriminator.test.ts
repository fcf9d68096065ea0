import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

// The OpenAPI Discriminator Object's own example (3.0.3, 3.1.0): Cat, Dog and Lizard each `allOf`
// a Pet, so a cat matches Dog too, and the pages say `petType: Cat` has the Cat schema used. JSON
// Schema's oneOf says exactly one. Both readings are in the sources: a warning, never a failure,
// unless the body fails the schema its discriminator names.
const DOC = `openapi: 3.0.3
info: { title: Pets, version: '1' }
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - { name: id, in: path, required: true, schema: { type: string }, example: p1 }
      responses:
        '200':
          description: a pet
          content:
            application/json:
              schema:
                oneOf:
                  - $ref: '#/components/schemas/Cat'
                  - $ref: '#/components/schemas/Dog'
                  - $ref: '#/components/schemas/Lizard'
                discriminator:
                  propertyName: petType
                  mapping: { lizard: '#/components/schemas/Lizard' }
components:
  schemas:
    Pet:
      type: object
      required: [petType, name]
      properties: { petType: { type: string }, name: { type: string } }
    Cat:
      allOf: [{ $ref: '#/components/schemas/Pet' }, { type: object, properties: { huntingSkill: { type: string } } }]
    Dog:
      allOf: [{ $ref: '#/components/schemas/Pet' }, { type: object, properties: { packSize: { type: integer } } }]
    Lizard:
      allOf: [{ $ref: '#/components/schemas/Pet' }, { type: object, required: [lovesRocks], properties: { lovesRocks: { type: boolean } } }]
`;

interface Failure {
  check: string;
  message: string;
  severity?: string;
  assumption?: string;
}
interface Report {
  results: { outcome: string; steps: { failures: Failure[] }[] }[];
}

describe('a discriminated oneOf', () => {
  let server: TestServer;
  let base: string;
  let body = '';
  const file = join(mkdtempSync(join(tmpdir(), 'specgate-discriminator-')), 'pets.yaml');
  beforeAll(async () => {
    writeFileSync(file, DOC);
    server = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    base = server.url;
  });
  afterAll(() => server.close());

  const run = async (answer: unknown, extra: string[] = []) => {
    body = JSON.stringify(answer);
    const r = await cli(['check', '--spec', file, '--base-url', base, '--reporter', 'json', '--no-negative', ...extra]);
    const report = JSON.parse(r.stdout) as Report;
    return { code: r.code, stderr: r.stderr, outcomes: report.results.map((x) => x.outcome), failures: report.results.flatMap((x) => x.steps.flatMap((s) => s.failures)) };
  };

  it('a cat that Dog matches too is a warning naming the discriminator (exit 0; --strict exit 1)', async () => {
    const cat = { petType: 'Cat', name: 'Tom', huntingSkill: 'lazy' };
    const { code, stderr, outcomes, failures } = await run(cat);
    expect(code, stderr).toBe(0);
    expect(outcomes).toEqual(['warned']);
    expect(failures).toEqual([expect.objectContaining({ check: 'response_schema_conformance', severity: 'warning', message: expect.stringContaining('oneOf'), assumption: expect.stringContaining('discriminator') })]);
    expect((await run(cat, ['--strict'])).code).toBe(1);
  });

  it('a value the mapping names: the mapped schema matches (Cat and Dog do too: a warning, exit 0)', async () => {
    const { code, outcomes } = await run({ petType: 'lizard', name: 'Rex', lovesRocks: true });
    expect(outcomes).toEqual(['warned']);
    expect(code).toBe(0);
  });

  it('a body that fails the schema its discriminator names still fails, though two others match', async () => {
    const { code, outcomes, failures } = await run({ petType: 'lizard', name: 'Rex' });
    expect(code).toBe(1);
    expect(outcomes).toEqual(['failed']);
    expect(failures.some((f) => f.severity !== 'warning' && f.message.includes('oneOf'))).toBe(true);
  });

  it('a body no branch matches fails as before', async () => {
    const { code, failures } = await run({ petType: 'Cat' });
    expect(code).toBe(1);
    expect(failures.filter((f) => f.severity !== 'warning').length).toBeGreaterThan(0);
  });
});
