import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrokerDouble, type BrokerDouble, type BrokerDoubleOptions, type PublishBody } from './helpers/broker-double.js';
import { contractContent } from '../src/pact/normalize.js';
import { cli as runCli } from './helpers/cli.js';

/** The CLI with a clean broker environment (a developer's own PACT_BROKER_* must not leak in). */
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { env, dropEnv: /^PACT_BROKER_/ });

const APIS = ['mangopay', 'qonto', 'udara360'];
const TOKEN = 'sg-broker-token-9c41e07d';
const PASSWORD = 'sg-broker-pass-61f2';
const committed = (api: string) => JSON.parse(readFileSync(`contracts/${api}.json`, 'utf8')) as Record<string, unknown>;

let broker: BrokerDouble | undefined;
async function startBroker(opts: BrokerDoubleOptions): Promise<BrokerDouble> {
  broker = await startBrokerDouble(opts);
  return broker;
}
afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

describe('specgate publish', () => {
  it('publishes every contract with a bearer token: index, then one publication per contract', async () => {
    const b = await startBroker({ token: TOKEN });
    const r = await cli(['publish', '--broker-url', b.url, '--broker-token', TOKEN, '--consumer-version', '1.4.0+abc123', '--branch', 'main', '--tag', 'main', '--tag', 'rc', '--build-url', 'https://ci.example.com/builds/42', '--retries', '0']);
    expect(r.stderr).toBe('');
    expect(r.code, r.stderr).toBe(0);
    expect(b.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /', 'POST /contracts/publish', 'POST /contracts/publish', 'POST /contracts/publish']);
    for (const q of b.requests) expect(q.headers.authorization).toBe(`Bearer ${TOKEN}`);

    const bodies = b.requests.slice(1).map((q) => q.body as PublishBody);
    const providers = bodies.map((x) => x.contracts[0].providerName).sort();
    expect(providers).toEqual(APIS);
    for (const body of bodies) {
      expect(body).toMatchObject({ pacticipantName: 'specgate-consumer', pacticipantVersionNumber: '1.4.0+abc123', branch: 'main', tags: ['main', 'rc'], buildUrl: 'https://ci.example.com/builds/42' });
      expect(body.contracts).toHaveLength(1);
      const [c] = body.contracts;
      expect(c).toMatchObject({ consumerName: 'specgate-consumer', specification: 'pact', contentType: 'application/json' });
      const uploaded = JSON.parse(Buffer.from(c.content, 'base64').toString('utf8')) as Record<string, unknown>;
      expect(contractContent(uploaded)).toEqual(contractContent(committed(c.providerName)));
    }
    expect(r.stdout).toContain('published 3 contract(s) as version 1.4.0+abc123');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('takes the broker and basic credentials from the environment', async () => {
    const b = await startBroker({ username: 'ci-user', password: PASSWORD });
    const r = await cli(['publish', '--consumer-version', '7', '--api', 'qonto', '--retries', '0'], { PACT_BROKER_BASE_URL: b.url, PACT_BROKER_USERNAME: 'ci-user', PACT_BROKER_PASSWORD: PASSWORD });
    expect(r.code, r.stderr).toBe(0);
    const basic = `Basic ${Buffer.from(`ci-user:${PASSWORD}`).toString('base64')}`;
    expect(b.requests.map((q) => q.headers.authorization)).toEqual([basic, basic]);
    expect((b.requests[1].body as PublishBody).contracts.map((c) => c.providerName)).toEqual(['qonto']);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    expect(r.stdout + r.stderr).not.toContain(Buffer.from(`ci-user:${PASSWORD}`).toString('base64'));
  });

  it('exits 2 with one line, and never prints the token, when the broker refuses the credentials', async () => {
    const b = await startBroker({ token: 'the-right-token' });
    const r = await cli(['publish', '--broker-url', b.url, '--consumer-version', '1', '--retries', '0'], { PACT_BROKER_TOKEN: TOKEN });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('specgate publish: the broker refused the credentials (401 Unauthorized)');
    expect(b.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('exits 1 when the broker rejects the contracts (409 Conflict)', async () => {
    const b = await startBroker({ token: TOKEN, publishStatus: 409 });
    const r = await cli(['publish', '--broker-url', b.url, '--broker-token', TOKEN, '--consumer-version', '1', '--retries', '0']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/^specgate publish: the broker refused the contracts: 409 Conflict/);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('exits 2 at once on a broker error with --retries 0 (500)', async () => {
    const b = await startBroker({ token: TOKEN, publishStatus: 500 });
    const r = await cli(['publish', '--broker-url', b.url, '--broker-token', TOKEN, '--consumer-version', '1', '--retries', '0']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('specgate publish: the broker failed (500 Internal Server Error)');
    // One attempt only: the index, then the first publication.
    expect(b.requests.filter((q) => q.method === 'POST')).toHaveLength(1);
  });

  it('exits 2 with one line on missing flags, conflicting credentials and an unreachable broker', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['publish', '--consumer-version', '1'], {}, /^specgate publish: --broker-url \(or PACT_BROKER_BASE_URL\) is required$/],
      [['publish', '--broker-url', `http://127.0.0.1:${port}`], {}, /^specgate publish: --consumer-version is required/],
      [['publish', '--broker-url', `http://127.0.0.1:${port}`, '--consumer-version', '1', '--broker-token', TOKEN, '--broker-username', 'u', '--broker-password', 'p'], {}, /^specgate publish: give either --broker-token or --broker-username/],
      [['publish', '--broker-url', `http://127.0.0.1:${port}`, '--consumer-version', '1', '--broker-username', 'u'], {}, /^specgate publish: --broker-username and --broker-password go together$/],
      [['publish', '--consumer-version', '1', '--broker-token', TOKEN], { PACT_BROKER_BASE_URL: `http://127.0.0.1:${port}` }, new RegExp(`^specgate publish: broker http://127.0.0.1:${port} unreachable: connection refused$`)],
    ];
    for (const [args, env, line] of cases) {
      const r = await cli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(line);
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
    }
  });
});
