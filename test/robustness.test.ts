import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { runCheck } from '../src/run/check.js';
import { startServer, closedPort, type TestServer } from './helpers/servers.js';
import { pumpHugeBody } from './helpers/huge-body.mjs';
import type { ScenarioResult } from '../src/run/types.js';

const SPEC = join(import.meta.dirname, 'fixtures/specs/things.yaml');
const thing = (res: ServerResponse, body: string, ct = 'application/json') => {
  res.writeHead(200, { 'content-type': ct });
  res.end(body);
};

/** Each path segment picks one way of misbehaving. */
const MODES: Record<string, (res: ServerResponse) => void> = {
  ok: (res) => thing(res, JSON.stringify({ id: 'ok', name: 'A thing' })),
  hang: () => undefined,
  'stall-body': (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"id": "stall-');
  },
  cut: (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"id": "cut", "na');
    setTimeout(() => res.socket?.destroy(), 20);
  },
  'bad-json': (res) => thing(res, '{"id": "bad-json", "name": '),
  huge: (res) => pumpHugeBody(res, 50),
  redirect: (res) => {
    res.writeHead(302, { location: 'https://elsewhere.example/things/ok' });
    res.end();
  },
  'html-502': (res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
  },
  'wrong-type': (res) => thing(res, JSON.stringify({ id: 'wrong-type', name: 42 })),
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => (MODES[req.url.split('/').pop()!] ?? MODES.ok)(res));
});
afterAll(() => server.close());

async function runMode(mode: string, timeoutMs = 400): Promise<ScenarioResult> {
  const run = await runCheck({ baseUrl: server.url, specs: [SPEC], vars: { id: mode }, timeoutMs, maxBodyBytes: 2 * 1024 * 1024 });
  const ran = run.results.filter((r) => r.outcome !== 'skipped');
  expect(ran).toHaveLength(1);
  return ran[0];
}

describe('misbehaving targets are classified precisely', () => {
  it('a conforming answer passes', async () => {
    expect((await runMode('ok')).outcome).toBe('passed');
  });

  it.each([
    ['hang', 'transport', /timed out waiting/],
    ['stall-body', 'transport', /timed out reading the body/],
    ['cut', 'transport', /closed by the target mid-exchange/],
    ['huge', 'transport', /larger than 2097152 bytes/],
    ['redirect', 'transport', /redirected \(302\) to https:\/\/elsewhere.example.*not followed/],
    ['html-502', 'transport', /gateway answered 502/],
  ])('%s is an error reaching the target, not a conformance failure', async (mode, errorKind, reason) => {
    const r = await runMode(mode);
    expect(r.outcome).toBe('error');
    expect(r.errorKind).toBe(errorKind);
    expect(r.reason).toMatch(reason);
  });

  it('invalid JSON under a JSON content type is a conformance failure', async () => {
    const r = await runMode('bad-json');
    expect(r.outcome).toBe('failed');
    expect(r.steps[0].failures[0]).toMatchObject({ check: 'content_type_conformance', message: expect.stringMatching(/not valid JSON/) });
  });

  it('a wrong type is a schema failure with pointer, expected and actual', async () => {
    const r = await runMode('wrong-type');
    expect(r.outcome).toBe('failed');
    expect(r.steps[0].failures).toContainEqual(expect.objectContaining({ check: 'response_schema_conformance', pointer: '/name', expected: 'string', actual: 'integer 42' }));
  });

  it('a refused connection errors every scenario and the run goes on (how fast: bench/fail-fast.mjs)', async () => {
    const port = await closedPort();
    const run = await runCheck({ baseUrl: `http://127.0.0.1:${port}`, specs: [SPEC], timeoutMs: 2000 });
    const ran = run.results.filter((r) => r.outcome !== 'skipped');
    expect(ran.length).toBeGreaterThan(0);
    for (const r of ran) expect(r).toMatchObject({ outcome: 'error', errorKind: 'transport', reason: expect.stringMatching(/connection refused/) });
  });
});

describe('a broken state endpoint', () => {
  const STATEFUL = join(import.meta.dirname, 'fixtures/specs/things-stateful/openapi.yaml');
  let target: TestServer;
  let states: TestServer;
  const stateModes: Record<string, (res: ServerResponse) => void> = {
    ok: (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'ok', token: 'state-secret-token-123' }));
    },
    '404': (res) => {
      res.writeHead(404);
      res.end();
    },
    '500': (res) => {
      res.writeHead(500);
      res.end('boom');
    },
    slow: () => undefined,
    garbage: (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<<not json>>');
    },
    // An answer that never ends: read up to the cap, then the connection is dropped.
    endless: (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(256 * 1024, ' ');
      res.write('{"id": "endless"');
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) endlessBytes += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('error', () => undefined);
      pump();
    },
    cut: (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
      res.write('{"id": "cut", "tok');
      setTimeout(() => res.socket?.destroy(), 20);
    },
    'stall-body': (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"id": "st');
    },
    redirect: (res) => {
      res.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    },
  };
  let endlessBytes = 0;
  beforeAll(async () => {
    target = await startServer((req, res) => {
      if (req.url.endsWith('/missing')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":"not found"}');
      } else MODES.ok(res);
    });
    states = await startServer((req, res) => (stateModes[req.url.slice(1)] ?? stateModes.ok)(res));
  });
  afterAll(async () => {
    await target.close();
    await states.close();
  });

  const run = (stateUrl?: string) => runCheck({ baseUrl: target.url, specs: [STATEFUL], stateUrl, timeoutMs: 300, maxBodyBytes: 1024 * 1024 });

  it('works when the state endpoint does', async () => {
    const r = await run(`${states.url}/ok`);
    expect(r.summary).toMatchObject({ passed: 2, failed: 0, errors: 0 });
    // setup then teardown, with the Pact protocol body
    const calls = states.requests.filter((q) => q.url === '/ok').map((q) => JSON.parse(q.body));
    expect(calls).toEqual([
      { state: 'a thing exists', params: {}, action: 'setup' },
      { state: 'a thing exists', params: { id: 'ok', token: 'state-secret-token-123' }, action: 'teardown' },
    ]);
  });

  it.each([
    ['missing', undefined, /no --state-url/],
    ['404', '/404', /answered 404 \(the target does not know this state\)/],
    ['500', '/500', /answered 500/],
    ['slow', '/slow', /no answer within 300 ms/],
    ['garbage', '/garbage', /not JSON/],
    ['endless', '/endless', /^state 'a thing exists' setup failed: the answer is larger than 1048576 bytes; stopped reading$/],
    ['cut', '/cut', /^state 'a thing exists' setup failed: connection closed by the state endpoint mid-answer after 18 bytes$/],
    ['stall-body', '/stall-body', /^state 'a thing exists' setup failed: timed out reading the answer after 10 bytes$/],
    ['redirect', '/redirect', /^state 'a thing exists' setup failed: redirected \(307\) to http:\/\/127\.0\.0\.1:1\/elsewhere; not followed$/],
  ])('%s: the scenario that needs it is a setup error and the others still run', async (_, path, reason) => {
    const r = await run(path ? `${states.url}${path}` : undefined);
    const needing = r.results.find((x) => x.name === 'get a thing that exists')!;
    expect(needing).toMatchObject({ outcome: 'error', errorKind: 'setup', reason: expect.stringMatching(reason) });
    expect(r.results.find((x) => x.name === 'get a thing that does not exist')!.outcome).toBe('passed');
    expect(r.summary.failed).toBe(0);
  });

  it('an endless answer is read no further than the cap', async () => {
    endlessBytes = 0;
    // A timeout long enough that only the cap can stop the reading.
    const r = await runCheck({ baseUrl: target.url, specs: [STATEFUL], stateUrl: `${states.url}/endless`, timeoutMs: 3000, maxBodyBytes: 1024 * 1024 });
    expect(r.results.find((x) => x.name === 'get a thing that exists')!.reason).toMatch(/larger than 1048576 bytes/);
    expect(endlessBytes).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('answers that are not HTTP are said in words', () => {
  // Raw TCP: each request line's last path segment picks an answer no HTTP server would give.
  const RAW: Record<string, string> = {
    s101: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    s000: 'HTTP/1.1 000 Zero\r\nContent-Length: 0\r\n\r\n',
    s099: 'HTTP/1.1 099 Low\r\nContent-Length: 0\r\n\r\n',
    s100: 'HTTP/1.1 100 Continue\r\n\r\n',
    s1000: 'HTTP/1.1 1000 Big\r\nContent-Length: 0\r\n\r\n',
    garbage: 'HELLO THERE\r\n\r\n',
    badlen: 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
  };
  let raw: import('node:net').Server;
  let url = '';
  beforeAll(async () => {
    const net = await import('node:net');
    raw = net.createServer((s) => {
      s.on('error', () => undefined);
      s.once('data', (d) => {
        const path = String(d).split(' ')[1] ?? '';
        s.end(RAW[path.split('/').pop() ?? ''] ?? 'HTTP/1.1 500 X\r\nContent-Length: 0\r\n\r\n');
      });
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(raw.address() as import('node:net').AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => raw.close(() => r())));

  it.each([
    ['s101', /^the target answered 101 Switching Protocols, but no upgrade was asked for \(GET /],
    ['s000', /^the status line carries a status code below 100, which is not HTTP \(GET /],
    ['s099', /^the status line carries a status code below 100, which is not HTTP \(GET /],
    ['s100', /^the target answered an informational \(1xx\) status and then no final response \(GET /],
    ['s1000', /^the answer is not valid HTTP\/1\.1 \(invalid response status\) \(GET /],
    ['garbage', /^the answer is not valid HTTP\/1\.1 \(expected HTTP\/, RTSP\/ or ICE\/\) \(GET /],
    ["badlen", /^the answer is not valid HTTP\/1\.1 \(invalid character in Content-Length\) \(GET /],
  ])('%s', async (mode, reason) => {
    const run = await runCheck({ baseUrl: url, specs: [SPEC], vars: { id: mode }, timeoutMs: 1000 });
    const ran = run.results.filter((r) => r.outcome !== 'skipped');
    expect(ran.length).toBeGreaterThan(0);
    for (const r of ran) {
      expect(r).toMatchObject({ outcome: 'error', errorKind: 'transport' });
      expect(r.reason).toMatch(reason);
      expect(r.reason).not.toMatch(/assert|error sending request/i);
    }
  });
});
