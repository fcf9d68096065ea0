// Unit tests of the check registry: each check judged on a crafted exchange, no server, no runner.
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadApi, type LoadedApi } from '../../src/validate/load.js';
import { scenariosFor } from '../../src/scenarios/index.js';
import { CHECKS, runChecks, selectChecks } from '../../src/checks/registry.js';
import type { Scenario } from '../../src/scenarios/types.js';
import type { Exchange } from '../../src/execute/types.js';

const SPEC = join(import.meta.dirname, '..', 'fixtures', 'specs', 'things.yaml');
let api: LoadedApi;
let scenario: Scenario;

beforeAll(async () => {
  api = await loadApi(SPEC);
  scenario = scenariosFor(api).find((s) => s.operationId === 'getThing' && s.kind === 'example' && s.steps[0]?.expect.status === 200)!;
});

/** The scenario's first step answered with this status, content type and body. */
function judge(status: number, body: unknown, contentType = 'application/json', checks = CHECKS) {
  const bodyText = typeof body === 'string' ? body : JSON.stringify(body);
  const exchange: Exchange = {
    request: { method: 'GET', url: 'http://127.0.0.1:1/things/ok', headers: {} },
    response: { status, headers: { 'content-type': contentType }, bodyText, body: typeof body === 'string' ? undefined : body },
    startedAt: 0,
    durationMs: 1,
  };
  return runChecks({ api, scenario, step: scenario.steps[0], exchange, vars: {} }, checks);
}

describe('the checks', () => {
  it('a documented answer passes every check', () => {
    expect(judge(200, { id: 'ok', name: 'A thing' })).toEqual([]);
  });

  it('status_code_conformance: a documented status other than the expected one', () => {
    const f = judge(404, { error: 'not found' });
    expect(f.map((x) => x.check)).toContain('status_code_conformance');
    expect(f.find((x) => x.check === 'status_code_conformance')).toMatchObject({ expected: 200, actual: 404 });
  });

  it('response_schema_conformance: the failing field at its pointer, expected and actual', () => {
    const f = judge(200, { id: 'ok', name: 42 });
    expect(f).toContainEqual(expect.objectContaining({ check: 'response_schema_conformance', pointer: '/name', expected: 'string' }));
    expect(judge(200, { id: 'ok', name: 'x'.repeat(21) })).toContainEqual(expect.objectContaining({ check: 'response_schema_conformance', pointer: '/name' }));
  });

  it('content_type_conformance: a body that is not of a documented media type', () => {
    expect(judge(200, 'id=ok', 'text/plain').map((x) => x.check)).toContain('content_type_conformance');
  });

  it('selectChecks: include, exclude, and an unknown name is a usage error', () => {
    expect(Object.keys(selectChecks(['status_code_conformance']))).toEqual(['status_code_conformance']);
    expect(Object.keys(selectChecks(undefined, ['response_schema_conformance']))).not.toContain('response_schema_conformance');
    expect(judge(200, { id: 'ok', name: 42 }, 'application/json', selectChecks(undefined, ['response_schema_conformance']))).toEqual([]);
    expect(() => selectChecks(['no_such_check'])).toThrow(/unknown check 'no_such_check'/);
  });
});

describe('an answer that fits none of the outcomes the sources allow', () => {
  it('one failure lists every alternative, with the run values filled in, and where the answer parts from each', async () => {
    const udara = await loadApi('udara360');
    const replay = scenariosFor(udara).find((s) => s.name === 'close an open account twice with the same Request-Reference')!;
    const step = replay.steps.at(-1)!;
    // A second closure: 00 again, with a new referenceNumber.
    const body = { status: true, message: 'Account closed successfully', data: { statusCode: '00', referenceNumber: 'CLS2', instrumentNumber: 'i', duration: 'd' } };
    const exchange: Exchange = {
      request: { method: 'POST', url: 'http://127.0.0.1:1/api/postings/v1/closeaccount', headers: {} },
      response: { status: 200, headers: { 'content-type': 'application/json' }, bodyText: JSON.stringify(body), body },
      startedAt: 0,
      durationMs: 1,
    };
    const failures = runChecks({ api: udara, scenario: replay, step, exchange, vars: { firstReferenceNumber: 'CLS1', accountNumber: '1100012345' } });
    const summary = failures.find((f) => /fits none/.test(f.message))!;
    expect(summary.severity).toBeUndefined();
    expect(summary.message).toBe(
      'the answer fits none of the outcomes the sources allow: ' +
        '(1) 200 with {"data":{"statusCode":"26"}} (example duplicate_request): here /data/statusCode is "00"; ' +
        '(2) 200 with {"data":{"statusCode":"00","referenceNumber":"CLS1"}}: here /data/referenceNumber is "CLS2"; ' +
        '(3) not a success: here status 200, a success',
    );
    expect(summary).toMatchObject({ expected: 'one of the 3 outcomes listed', actual: 200 });
    // The nearest alternative's own failure follows, at its pointer.
    expect(failures).toContainEqual(expect.objectContaining({ check: 'body_matches', pointer: '/data/statusCode', expected: '26', actual: '00' }));
  });
});
