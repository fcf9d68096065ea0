import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import * as comparator from '@pactflow/openapi-pact-comparator';
import { contractContent } from '../src/pact/normalize.js';
import { generateContract } from '../src/pact/generate.js';
import { loadBundledApis } from '../src/validate/load.js';
import { withHeaders } from '../src/pact/contracts.js';
import { CONTRACT_CREDENTIAL, EARLIER_REQUESTS_STATE } from '../src/pact/interactions.js';

const run = promisify(execFile);

// The package's `exports` put `types` after `import`, so TypeScript (NodeNext) misses its
// declarations; this is the part of its API used here (dist/src/compare/index.d.ts).
interface ComparatorResult {
  type: 'error' | 'warning';
  code: string;
  message: string;
  mockDetails?: { interactionDescription?: string | null; location: string };
}
const { Comparator } = comparator as unknown as { Comparator: new (oas: unknown) => { compare(pact: unknown): AsyncIterable<ComparatorResult> } };
const APIS = ['mangopay', 'qonto', 'udara360'];
type Json = Record<string, any>;
const committed = (api: string) => JSON.parse(readFileSync(`contracts/${api}.json`, 'utf8')) as Json;
const find = (pact: Json, description: string) => pact.interactions.find((i: Json) => i.description === description) as Json;

describe('specgate contracts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'specgate-contracts-'));
    // In process, from src/: the same code path as the command, without depending on dist/.
    for (const api of await loadBundledApis()) await generateContract(api, { outDir: dir });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(APIS)('contracts/%s.json is what the specs generate (no drift; metadata aside)', (api) => {
    const fresh = JSON.parse(readFileSync(join(dir, `${api}.json`), 'utf8')) as Json;
    // On failure: run `specgate contracts` and commit contracts/.
    expect(contractContent(fresh)).toEqual(contractContent(committed(api)));
  });

  it('the contracts command writes <out>/<api>.json and honours --consumer', async () => {
    const out = join(dir, 'cli');
    const { stdout } = await run(process.execPath, ['bin/specgate.js', 'contracts', '--out', out, '--api', 'qonto', '--consumer', 'web-app']);
    expect(stdout).toMatch(/qonto\.json \(\d+ interactions\)/);
    const p = JSON.parse(readFileSync(join(out, 'qonto.json'), 'utf8')) as Json;
    expect(p.consumer).toEqual({ name: 'web-app' });
    expect(contractContent({ ...p, consumer: { name: 'specgate-consumer' } })).toEqual(contractContent(committed('qonto')));
  });

  it('names the providers after the APIs and the consumer specgate-consumer, as Pact V4', () => {
    for (const api of APIS) {
      const p = committed(api);
      expect(p.provider.name).toBe(api);
      expect(p.consumer.name).toBe('specgate-consumer');
      expect(p.metadata.pactSpecification.version).toBe('4.0');
      expect(p.interactions.map((i: Json) => i.description)).toEqual([...p.interactions.map((i: Json) => i.description)].sort());
    }
  });

  it('has one interaction per documented scenario, each step of a multi-step one, and a few shared negatives', () => {
    const m = committed('mangopay');
    const names = m.interactions.map((i: Json) => i.description);
    expect(names).toContain('close a legal user twice');
    expect(names).toContain('close a legal user twice (step 1: first close)');
    expect(names).toContain('createLegalUserSca: Name missing (required)');
    expect(names).toContain('createLegalUserSca: Name at maxLength + 1 (256)');
    // Not every generated negative case: wrong types and nested limits stay in `check`.
    expect(names.some((n: string) => n.includes('of the wrong type'))).toBe(false);
    const twice = find(m, 'close a legal user twice');
    expect(twice.providerStates.map((s: Json) => s.name)).toEqual(['a legal user exists', EARLIER_REQUESTS_STATE]);
    expect(twice.providerStates[1].params.requests[0]).toMatchObject({ method: 'DELETE', path: '/v2.01/specgate-client/users/legal/${UserId}', status: 204 });
  });

  it('takes ids from provider states, with params, and pins only the documented identity', () => {
    const m = committed('mangopay');
    const upd = find(m, 'update an OWNER legal user to PAYER');
    expect(upd.providerStates[0]).toEqual({ name: 'a legal user exists', params: { UserCategory: 'OWNER', LegalPersonType: 'BUSINESS', TermsAndConditionsAccepted: true } });
    expect(upd.request.generators.path).toEqual({ type: 'ProviderState', expression: '/v2.01/specgate-client/users/legal/${UserId}' });
    const rules = upd.response.matchingRules.body;
    expect(rules['$.Type'].matchers).toEqual([{ match: 'equality' }]);
    expect(rules['$.Date'].matchers).toEqual([{ match: 'number' }]);
    expect(rules['$.Message'].matchers).toEqual([{ match: 'type' }]);
    // A nullable key the documented example fills is kept, by type: here `errors` is an object
    // (an array fails), its field names free.
    expect(upd.response.body.content.errors).toEqual({});

    const created = find(m, 'create a PAYER legal user (documented request)').response;
    expect(created.matchingRules.body['$.CreationDate'].matchers).toEqual([{ match: 'number' }]);
    expect(created.matchingRules.body['$.UserStatus'].matchers[0]).toEqual({ match: 'regex', regex: '^(PENDING_USER_ACTION|ACTIVE|CLOSED)$' });
    expect(Object.values(created.matchingRules.body).flatMap((r: any) => r.matchers).some((x: Json) => x.match === 'equality')).toBe(false);

    const q = committed('qonto');
    const main = find(q, 'close the main business account').response.matchingRules.body['$.errors'].matchers[0];
    expect(main.match).toBe('arrayContains');
    expect(main.variants[0].rules['$.code'].matchers).toEqual([{ match: 'equality' }]);
    const scope = find(q, 'close a business account with a token lacking the bank_account.write scope');
    expect(scope.request.generators.header.Authorization).toEqual({ type: 'ProviderState', expression: 'Bearer ${token}' });

    const neg = find(committed('udara360'), 'closeAccount: closureReason missing (required)');
    expect(neg.response.matchingRules.status['$']).toEqual({ combine: 'AND', matchers: [{ match: 'statusCode', status: 'clientError' }] });
  });

  it.each(APIS)('contracts/%s.json is compatible with its OpenAPI document (openapi-pact-comparator)', async (api) => {
    // Qonto's document is the vendor's verbatim capture: the comparison is against it, untouched.
    const oas = YAML.parse(readFileSync(`specs/${api}/openapi.yaml`, 'utf8'));
    const results: ComparatorResult[] = [];
    for await (const r of new Comparator(oas).compare(committed(api))) results.push(r);
    for (const w of results.filter((r) => r.type === 'warning')) console.warn(`${api}: ${w.code} ${w.message} (${w.mockDetails?.interactionDescription ?? ''})`);
    const errors = results.filter((r) => r.type === 'error').map((r) => `${r.code}: ${r.message} at ${r.mockDetails?.location} (${r.mockDetails?.interactionDescription})`);
    expect(errors).toEqual([]);
  });
});

describe('verify --header', () => {
  const pact = { interactions: [
    { description: 'a', request: { headers: { Authorization: [CONTRACT_CREDENTIAL] } } },
    { description: 'b', request: { headers: {} } },
    { description: 'c', request: { headers: { Authorization: ['Bearer specgate-invalid-token'] } } },
    { description: 'd', request: { headers: { Authorization: [CONTRACT_CREDENTIAL] } }, providerStates: [{ name: EARLIER_REQUESTS_STATE, params: { requests: [{ headers: { Authorization: CONTRACT_CREDENTIAL } }] } }] },
  ] };
  it('replaces the stand-in credential only, and adds other headers everywhere', () => {
    const out = withHeaders(pact, { Authorization: 'Bearer real', 'X-Qonto-Staging-Token': 'st' }) as Json;
    const h = (d: string) => find(out, d).request.headers;
    expect(h('a')).toEqual({ Authorization: ['Bearer real'], 'X-Qonto-Staging-Token': ['st'] });
    expect(h('b')).toEqual({ 'X-Qonto-Staging-Token': ['st'] });
    expect(h('c').Authorization).toEqual(['Bearer specgate-invalid-token']);
    expect(find(out, 'd').providerStates[0].params.requests[0].headers).toEqual({ Authorization: 'Bearer real', 'X-Qonto-Staging-Token': 'st' });
  });
});
