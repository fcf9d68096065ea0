import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import '../src/vitest.js';
import { ACCOUNT, startFakeProvider, type FakeProvider } from './fixtures/har/fake-provider.js';

let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider();
});
afterAll(async () => {
  await provider?.close();
});

const closeAccount = (accountNumber: string, extra: Record<string, unknown> = { closureReason: "Customer's request" }) =>
  fetch(`${provider.url}/api/postings/v1/closeaccount`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer t0ken-for-tests' },
    body: JSON.stringify({ accountNumber, ...extra }),
  });

/** The message a failing assertion throws. */
async function failure(assertion: Promise<unknown>): Promise<string> {
  try {
    await assertion;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the assertion passed, but it was expected to fail');
}

describe('toConformTo on fetch responses (real HTTP)', () => {
  it('passes for a conforming response, and leaves the body readable', async () => {
    const res = await closeAccount(ACCOUNT.ok);
    await expect(res).toConformTo('udara360', 'closeAccount');
    expect(((await res.json()) as { data: { statusCode: string } }).data.statusCode).toBe('00');
  });

  it('passes for a conforming response of another API', async () => {
    const res = await fetch(`${provider.url}/v2/bank_accounts/5b1f3c2e-8d4a-4e6b-9c21-5a8f0d3e7b64/close`, { method: 'POST' });
    await expect(res).toConformTo('qonto', 'closeBusinessAccount');
  });

  it('fails with the pointer, expected, actual and source sentence', async () => {
    const res = await closeAccount(ACCOUNT.wrongType);
    const message = await failure(expect(res).toConformTo('udara360', 'closeAccount'));
    expect(message).toContain('expected the 200 response to conform to udara360 closeAccount (POST /api/postings/v1/closeaccount), but found 1 issue:');
    expect(message).toContain('1. body /data/statusCode: must be string');
    expect(message).toContain('pointer:  /data/statusCode');
    expect(message).toContain('expected: string');
    expect(message).toContain('actual:   integer 0');
    expect(message).toContain('source:   ""statusCode": "string"," (sources/004_5567eee5e0cc442e.txt)');
  });

  it('reports an undocumented status, a wrong content type and invalid JSON', async () => {
    expect(await failure(expect(await closeAccount(ACCOUNT.undocumented)).toConformTo('udara360', 'closeAccount'))).toMatch(/status: status 418 is not documented\n\s+pointer:\s+\(root\)\n\s+expected: \["200","400","401","500"\]\n\s+actual:\s+418/);
    expect(await failure(expect(await closeAccount(ACCOUNT.textPlain)).toConformTo('udara360', 'closeAccount'))).toMatch(/content type text\/plain is not documented/);
    expect(await failure(expect(await closeAccount(ACCOUNT.badJson)).toConformTo('udara360', 'closeAccount'))).toMatch(/body is not valid JSON although its content type is application\/json/);
  });

  it('works with .not, in both directions', async () => {
    await expect(await closeAccount(ACCOUNT.wrongType)).not.toConformTo('udara360', 'closeAccount');
    const message = await failure(expect(await closeAccount(ACCOUNT.ok)).not.toConformTo('udara360', 'closeAccount'));
    expect(message).toBe('expected the 200 response not to conform to udara360 closeAccount (POST /api/postings/v1/closeaccount), but it does');
  });

  it('refuses a response whose body was already read', async () => {
    const res = await closeAccount(ACCOUNT.ok);
    await res.text();
    await expect(expect(res).toConformTo('udara360', 'closeAccount')).rejects.toThrow(/body was already read/);
  });

  it('names the known operations when the operationId is wrong', async () => {
    await expect(expect(await closeAccount(ACCOUNT.ok)).toConformTo('udara360', 'closeAcount')).rejects.toThrow(/udara360 has no operation 'closeAcount' \(known: closeAccount\)/);
  });
});

describe('toConformTo on plain { status, headers, body }', () => {
  const spec = join(import.meta.dirname, 'fixtures/har/widgets/openapi.yaml');

  it('takes a spec file path and a parsed body', async () => {
    await expect({ status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 'u1', name: 'Ada' } }).toConformTo(spec, 'getMe');
    const message = await failure(expect({ status: 200, headers: { 'content-type': 'application/json' }, body: { id: 'u1' } }).toConformTo(spec, 'getMe'));
    expect(message).toMatch(/body \/name: must have required property 'name'\n\s+pointer:\s+\/name\n\s+expected: present\n\s+actual:\s+absent/);
    await expect({ status: 200, headers: { 'content-type': 'application/json' }, body: { id: 'u1' } }).not.toConformTo(spec, 'getMe');
  });

  it('parses a string body under a JSON content type, and accepts a Headers object', async () => {
    const headers = new Headers({ 'content-type': 'application/json; charset=utf-8' });
    await expect({ status: 200, headers, body: '{"id":"u1","name":"Ada"}' }).toConformTo(spec, 'getMe');
    await expect({ status: 404, headers, body: '{}' }).not.toConformTo(spec, 'getMe');
  });

  it('is typed through the module augmentation', () => {
    // Never called: these lines are checked by `tsc` (npm run typecheck), not at run time.
    const typed = () => {
      const assertion: Promise<void> = expect({ status: 200 }).toConformTo('qonto', 'closeBusinessAccount');
      // @ts-expect-error the api is a name, a spec path or a loaded API
      void expect({ status: 200 }).toConformTo(42, 'closeBusinessAccount');
      return assertion;
    };
    expect(typeof typed).toBe('function');
  });

  it('rejects what is not a response', async () => {
    await expect(expect('nope').toConformTo(spec, 'getMe')).rejects.toThrow(/expected a fetch Response or \{ status, headers, body \}, got string/);
  });
});
