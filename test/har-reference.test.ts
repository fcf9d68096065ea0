import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Exchange } from '../src/execute/types.js';
import type { ScenarioResult } from '../src/run/types.js';
import { loadBundledApis, type LoadedApi } from '../src/validate/index.js';
import { startReferenceProvider, type ReferenceProvider } from '../src/provider/index.js';
import { readHarFile, validateHar, writeHar } from '../src/har/index.js';

/**
 * End to end through the reference provider: real traffic of all three APIs, recorded with the
 * HAR writer, validated from the file. The correct provider must validate clean; with deliberate
 * faults switched on, the same traffic must be flagged where the fault is.
 */
const TOKEN = 'har-reference-token-0123456789';
const CLIENT = 'specgate-client';

let apis: LoadedApi[];
let dir: string;
const providers: ReferenceProvider[] = [];

function requestExample(api: LoadedApi, operationId: string): unknown {
  const media = api.operation(operationId)?.requestBody?.content.find((m) => m.examples.length);
  if (!media) throw new Error(`${api.name} ${operationId}: no request example`);
  return media.examples[0].value;
}

/** Drive one provider through documented happy and error paths; return what was exchanged. */
async function traffic(provider: ReferenceProvider): Promise<Exchange[]> {
  const out: Exchange[] = [];
  const call = async (method: string, path: string, body?: unknown, auth = true): Promise<Exchange> => {
    const url = path.startsWith('http') ? path : `${provider.url}${path}`;
    const headers: Record<string, string> = { ...(auth ? { authorization: `Bearer ${TOKEN}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
    const requestBody = body === undefined ? undefined : JSON.stringify(body);
    const startedAt = Date.now();
    const res = await fetch(url, { method, headers, body: requestBody });
    const bodyText = await res.text();
    const ex: Exchange = {
      request: { method, url, headers, body: requestBody },
      response: { status: res.status, statusText: res.statusText, headers: Object.fromEntries(res.headers), bodyText },
      startedAt,
      durationMs: Date.now() - startedAt,
    };
    out.push(ex);
    return ex;
  };
  const state = async (name: string, params: Record<string, unknown> = {}) =>
    JSON.parse((await call('POST', provider.stateUrl, { state: name, params, action: 'setup' }, false)).response!.bodyText) as Record<string, string>;

  const [mangopay, , udara] = apis;
  await call('POST', `/v2.01/${CLIENT}/sca/users/legal`, requestExample(mangopay, 'createLegalUserSca'));
  const { UserId } = await state('a legal user exists', { UserCategory: 'PAYER', LegalPersonType: 'BUSINESS', TermsAndConditionsAccepted: true });
  await call('PUT', `/v2.01/${CLIENT}/users/legal/${UserId}`, requestExample(mangopay, 'updateLegalUser'));
  await call('DELETE', `/v2.01/${CLIENT}/users/legal/${UserId}`);
  await call('DELETE', `/v2.01/${CLIENT}/users/legal/${UserId}`);
  await call('POST', `/v2/bank_accounts/${(await state('a business account exists')).id}/close`);
  await call('POST', `/v2/bank_accounts/${(await state('the main business account exists')).id}/close`);
  await call('POST', '/v2/bank_accounts/00000000-0000-4000-8000-000000000000/close');
  const { accountNumber } = await state('an open account exists');
  await call('POST', '/api/postings/v1/closeaccount', { ...(requestExample(udara, 'closeAccount') as object), accountNumber });
  await call('POST', '/api/postings/v1/closeaccount', { accountNumber, closureReason: "Customer's request" }, false);
  return out;
}

async function validateTraffic(provider: ReferenceProvider, name: string) {
  const file = join(dir, `${name}.har`);
  await writeHar(file, await traffic(provider), { secrets: [TOKEN] });
  return { file, run: validateHar(readHarFile(file), apis) };
}

beforeAll(async () => {
  apis = await loadBundledApis(['mangopay', 'qonto', 'udara360']);
  dir = mkdtempSync(join(tmpdir(), 'specgate-har-ref-'));
});
afterAll(async () => {
  await Promise.all(providers.map((p) => p.close()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const outcomes = (results: ScenarioResult[]) => results.map((r) => `${r.api}.${r.operationId} ${r.outcome}${r.outcome === 'failed' ? `: ${r.steps[0].failures.map((f) => f.message).join('; ')}` : ''}`);

describe('HAR of traffic with the reference provider', () => {
  it('validates clean for the correct provider (state calls are skipped), exit 0 through the CLI', async () => {
    const provider = await startReferenceProvider();
    providers.push(provider);
    const { file, run } = await validateTraffic(provider, 'correct');
    const known = run.results.filter((r) => r.outcome !== 'skipped');
    expect(outcomes(known.filter((r) => r.outcome !== 'passed'))).toEqual([]);
    expect(known.map((r) => r.operationId)).toEqual([
      'createLegalUserSca',
      'updateLegalUser',
      'closeLegalUser',
      'closeLegalUser',
      'closeBusinessAccount',
      'closeBusinessAccount',
      'closeBusinessAccount',
      'closeAccount',
      'closeAccount',
    ]);
    // 204 No Content, then a documented error for the second close.
    expect(known.slice(2, 4).map((r) => r.steps[0].exchange?.response?.status)).toEqual([204, 400]);
    expect(run.results.filter((r) => r.outcome === 'skipped').every((r) => /unknown operation/.test(r.reason ?? ''))).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);

    const root = join(import.meta.dirname, '..');
    const cli = spawnSync(process.execPath, [join(root, 'bin/specgate.js'), 'validate', file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(cli.status, cli.stdout + cli.stderr).toBe(0);
  });

  it('flags what deliberate faults break, at the right pointer', async () => {
    const provider = await startReferenceProvider({
      faults: ['udara360.close.status-code-as-number', 'qonto.close.balance-as-number', 'mangopay.close.status-200-body'],
    });
    providers.push(provider);
    const { run } = await validateTraffic(provider, 'faulty');
    const failed = run.results.filter((r) => r.outcome === 'failed');
    const first = (operationId: string) => failed.find((r) => r.operationId === operationId)?.steps[0].failures[0];
    expect(first('closeAccount')).toMatchObject({ check: 'response_conformance', pointer: '/data/statusCode', expected: 'string', actual: 'integer 0' });
    expect(first('closeBusinessAccount')).toMatchObject({ check: 'response_conformance', pointer: '/bank_account/balance', expected: 'string' });
    expect(first('closeLegalUser')).toMatchObject({ check: 'response_conformance', actual: 200 });
    expect(failed.map((r) => r.operationId).sort()).toEqual(['closeAccount', 'closeBusinessAccount', 'closeLegalUser']);
  });
});
