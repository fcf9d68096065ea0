// A style's delimiters go on the wire as OpenAPI's style table (after RFC 6570) writes them:
// `1,2`, `;m=3,4`, `.5.6`, `tags=x,y`, `pipes=1|2`, `filter[min]=5`, an allowReserved value as it
// is. A strict server splits the raw target before it decodes, so `1%2C2` would be one item and a
// 400. A primitive's own comma is data and stays encoded (`a%2Cb`).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';

const DOC = `openapi: 3.1.0
info: { title: Styles, version: '1' }
paths:
  /items/{ids}/{m}/{label}/{name}:
    get:
      operationId: getItems
      parameters:
        - { name: ids, in: path, required: true, schema: { type: array, items: { type: integer } }, example: [1, 2] }
        - { name: m, in: path, required: true, style: matrix, schema: { type: array, items: { type: integer } }, example: [3, 4] }
        - { name: label, in: path, required: true, style: label, explode: true, schema: { type: array, items: { type: integer } }, example: [5, 6] }
        - { name: name, in: path, required: true, schema: { type: string }, example: 'a,b c' }
        - { name: tags, in: query, required: true, explode: false, schema: { type: array, items: { type: string } }, example: [x, y] }
        - { name: pipes, in: query, required: true, style: pipeDelimited, explode: false, schema: { type: array, items: { type: integer } }, example: [1, 2] }
        - { name: spaces, in: query, required: true, style: spaceDelimited, explode: false, schema: { type: array, items: { type: string } }, example: [a, b] }
        - { name: filter, in: query, required: true, style: deepObject, schema: { type: object, properties: { min: { type: integer } } }, example: { min: 5 } }
        - { name: next, in: query, required: true, allowReserved: true, schema: { type: string }, example: '/a/b?c' }
        - { name: plain, in: query, required: true, schema: { type: string }, example: 'p,q&r' }
      responses:
        '200':
          description: found
          content:
            application/json:
              schema: { type: object }
        '400':
          description: a malformed parameter
`;

const WIRE = '/items/1,2/;m=3,4/.5.6/a%2Cb%20c?tags=x,y&pipes=1|2&spaces=a%20b&filter[min]=5&next=/a/b?c&plain=p%2Cq%26r';

/** What a strict server reads: split on the raw delimiters first, then decode each piece. */
function strictRead(target: string) {
  const [path, query = ''] = target.split(/\?(.*)/s);
  const [, , ids, m, label, name] = path.split('/');
  const q = Object.fromEntries(query.split('&').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return {
    ids: ids.split(',').map(decodeURIComponent),
    m: m.replace(/^;m=/, '').split(',').map(decodeURIComponent),
    label: label.split('.').slice(1).map(decodeURIComponent),
    name: decodeURIComponent(name),
    tags: q.tags.split(',').map(decodeURIComponent),
    pipes: q.pipes.split('|').map(decodeURIComponent),
    spaces: decodeURIComponent(q.spaces).split(' '),
    min: decodeURIComponent(q['filter[min]']),
    next: decodeURIComponent(q.next),
    plain: decodeURIComponent(q.plain),
  };
}
const WANTED = { ids: ['1', '2'], m: ['3', '4'], label: ['5', '6'], name: 'a,b c', tags: ['x', 'y'], pipes: ['1', '2'], spaces: ['a', 'b'], min: '5', next: '/a/b?c', plain: 'p,q&r' };

describe('style delimiters on the wire', () => {
  const dir = mkdtempSync(join(tmpdir(), 'specgate-styles-'));
  const spec = join(dir, 'styles.yaml');
  writeFileSync(spec, DOC);
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      let ok: boolean;
      try {
        ok = JSON.stringify(strictRead(req.url)) === JSON.stringify(WANTED);
      } catch {
        ok = false;
      }
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' }).end('{}');
    });
  });
  afterAll(() => server.close());

  it('are sent literally, so a server that splits before decoding reads every item', async () => {
    const har = join(dir, 'styles.har');
    const r = await cli(['check', '--spec', spec, '--base-url', server.url, '--no-negative', '--reporter', 'json', '--har', har]);
    expect(server.requests.map((x) => x.url)).toEqual([WIRE]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ passed: 1, failed: 0 });
    // The curl line replays the same bytes: curl would read filter[min] as a glob range without --globoff.
    expect(report.results[0].steps[0].curl).toContain(`curl -sS -i --globoff -X GET '${server.url}${WIRE}'`);
    // The HAR holds the bytes sent, and validate reads them back as the same values.
    expect(JSON.parse(readFileSync(har, 'utf8')).log.entries[0].request.url).toBe(server.url + WIRE);
    const v = await cli(['validate', har, '--spec', spec, '--reporter', 'json']);
    expect(v.code).toBe(0);
  });
});
