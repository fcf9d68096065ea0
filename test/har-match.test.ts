import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import { loadApi, loadBundledApis, type LoadedApi } from '../src/validate/index.js';
import { OperationMatcher, type MatchResult } from '../src/har/match.js';

const fixture = join(import.meta.dirname, 'fixtures/har/widgets/openapi.yaml');

let matcher: OperationMatcher;
let widgets: LoadedApi;

const ok = (r: MatchResult) => {
  if (!r.ok) throw new Error(`expected a match, got: ${r.reason}`);
  return r;
};

beforeAll(async () => {
  widgets = await loadApi(fixture);
  matcher = new OperationMatcher([widgets, ...(await loadBundledApis(['qonto', 'udara360']))]);
});

describe('operation matching', () => {
  it('strips the server base path and extracts path parameters', () => {
    const m = ok(matcher.match('GET', 'https://widgets.example.com/api/v1/users/42'));
    expect(m.operation.operationId).toBe('getUser');
    expect(m.pathParams).toEqual({ userId: '42' });
    expect(m.basePath).toBe('/api/v1');
  });

  it('also matches at the root (a local fake without the base path)', () => {
    const m = ok(matcher.match('get', 'http://127.0.0.1:8080/users/42'));
    expect(m.operation.operationId).toBe('getUser');
    expect(m.basePath).toBe('');
  });

  it('prefers a literal segment over a templated one', () => {
    expect(ok(matcher.match('GET', 'https://widgets.example.com/api/v1/users/me')).operation.operationId).toBe('getMe');
    expect(ok(matcher.match('GET', 'http://127.0.0.1/users/me')).operation.operationId).toBe('getMe');
    expect(ok(matcher.match('GET', 'http://127.0.0.1/users/mee')).operation.operationId).toBe('getUser');
  });

  it('handles templated server paths, percent-decoding, trailing slashes and partial segments', () => {
    const v = ok(matcher.match('GET', 'https://us.widgets.example.com/v3/users/a%20b/'));
    expect(v.pathParams).toEqual({ userId: 'a b' });
    expect(v.basePath).toBe('/{version}');
    const f = ok(matcher.match('GET', 'http://127.0.0.1/users/7/files/report.json?x=1'));
    expect(f.operation.operationId).toBe('getUserFile');
    expect(f.pathParams).toEqual({ userId: '7', name: 'report' });
  });

  it('matches the bundled APIs', () => {
    const q = ok(matcher.match('POST', 'https://thirdparty.qonto.com/v2/bank_accounts/acc-1/close'));
    expect([q.api.name, q.operation.operationId, q.pathParams.id]).toEqual(['qonto', 'closeBusinessAccount', 'acc-1']);
    expect(ok(matcher.match('POST', 'http://127.0.0.1:9/api/postings/v1/closeaccount')).operation.operationId).toBe('closeAccount');
  });

  it('explains why nothing matched', () => {
    const wrongMethod = matcher.match('DELETE', 'http://127.0.0.1/users/42');
    expect(wrongMethod.ok).toBe(false);
    expect(!wrongMethod.ok && wrongMethod.reason).toMatch(/documented only for other methods.*GET \/users\/\{userId\}/);
    const unknown = matcher.match('GET', 'http://127.0.0.1/favicon.ico');
    expect(!unknown.ok && unknown.reason).toMatch(/^no operation of widgets, qonto, udara360 has this path$/);
  });
});
