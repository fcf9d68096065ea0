// No name lookup and no connection off loopback from this process, whatever the code under test does.
import './helpers/sealed-network.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lint } from '../src/lint/run.js';
import { startServer, type TestServer } from './helpers/servers.js';

/**
 * `lint` runs on pull requests: a `$ref` in a contributed spec must not make it fetch a URL or
 * read a file outside the spec's folder. Such a ref is an error finding at its line.
 */
let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer((_, res) => {
    res.writeHead(200, { 'content-type': 'application/yaml' });
    res.end('Thing: {type: object, properties: {remoteSecretKeyName: {type: string}}}\n');
  });
  dir = mkdtempSync(join(tmpdir(), 'specgate-lint-refs-'));
  // Outside the spec's folder: a file whose key names would show in findings if it were read.
  writeFileSync(join(dir, 'creds.yaml'), 'Thing: {type: object, propertiez: {awsSecretAccessKey: 1}}\n');
  mkdirSync(join(dir, 'api'));
  writeFileSync(join(dir, 'api', 'inside.yaml'), 'Thing: {type: object}\n');
  const ref = (r: string) => `        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '${r}'\n`;
  const op = (name: string, r: string) => `  /${name}:\n    get:\n      operationId: ${name}\n      responses:\n${ref(r)}`;
  writeFileSync(
    join(dir, 'api', 'openapi.yaml'),
    `openapi: 3.1.0\ninfo: {title: t, version: v}\npaths:\n${op('remote', `${server.url}/thing.yaml#/Thing`)}${op('parent', '../creds.yaml#/Thing')}${op('absolute', '/etc/passwd')}${op('file', 'file:///etc/hostname')}${op('inside', './inside.yaml#/Thing')}`,
  );
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('lint never follows a $ref out of the spec folder', () => {
  it('fetches nothing and reads nothing outside; each such ref is an error at its line', async () => {
    const r = await lint([join(dir, 'api')]);
    expect(server.requests).toEqual([]);
    const text = JSON.stringify(r.findings);
    expect(text).not.toMatch(/remoteSecretKeyName|awsSecretAccessKey|propertiez|root:/);
    const external = r.findings.filter((f) => f.ruleId === 'local-refs');
    expect(r.findings.filter((f) => f.ruleId !== 'error-response-example').length, JSON.stringify(r.findings.map((f) => [f.ruleId, f.message]))).toBe(4);
    // The file beside the document (line 53) is read, as check --spec reads it: no finding.
    expect(external.map((f) => [f.line, f.severity])).toEqual([
      [13, 'error'],
      [23, 'error'],
      [33, 'error'],
      [43, 'error'],
    ]);
    expect(external[0].message).toMatch(/is a URL: not fetched/);
    expect(external[1].message).toMatch(/is a file outside the document's folder: not read/);
    expect(external[2].message).toMatch(/is a file outside the document's folder: not read/);
    expect(external[3].message).toMatch(/is a URL: not fetched/);
    // Redocly's own "can't resolve" for the refused ones would say the same again.
    expect(r.findings.filter((f) => f.ruleId === 'struct')).toEqual([]);
    for (const f of r.findings) expect(f.file).toBe(join(dir, 'api', 'openapi.yaml'));
  });
});

describe('lint names the line of a $ref cycle and of an alias bomb', () => {
  const bad = (f: string) => join(import.meta.dirname, 'fixtures/bad-specs', f);
  it.each([
    ['ref-cycle.yaml', 'struct', 19, /^\$ref cycle: A → B → A/],
    ['allof-cycle.yaml', 'struct', 23, /^\$ref cycle: Base → Derived → Base/],
    ['alias-bomb.yaml', 'yaml-syntax', 7, /^too many YAML aliases/],
  ])('%s', async (file, ruleId, line, message) => {
    const r = await lint([bad(file)]);
    const hits = r.findings.filter((f) => f.ruleId === ruleId);
    expect(hits.map((f) => [f.line, f.severity])).toEqual([[line, 'error']]);
    expect(hits[0].message).toMatch(message);
  });
});

describe('a discriminator mapping to a schema name', () => {
  // OpenAPI 3.x: "mapping values MAY be schema names or references"; Redocly reads them all as references.
  const DOC = `openapi: 3.0.3
info: { title: Pets, version: '1' }
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: pets
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Pet' }
components:
  schemas:
    Pet:
      type: object
      required: [kind]
      properties: { kind: { type: string } }
      discriminator:
        propertyName: kind
        mapping:
          cat: NAME
          dog: '#/components/schemas/Dog'
    Cat: { type: object, properties: { kind: { type: string } } }
    Dog: { type: object, properties: { kind: { type: string } } }
`;
  const lintWith = async (name: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'specgate-mapping-')), 'openapi.yaml');
    writeFileSync(file, DOC.replace('NAME', name));
    return (await lint([file])).findings.filter((f) => f.ruleId === 'struct').map((f) => `${f.line} ${f.message}`);
  };
  it('is no unresolved reference when the schema exists; a name of none still is', async () => {
    expect(await lintWith('Cat')).toEqual([]);
    expect(await lintWith('Kat')).toEqual([expect.stringMatching(/^22 Can't resolve \$ref/)]);
  });
});
