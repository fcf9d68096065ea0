import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact/redactor.js';

const basic = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;

describe('a short secret is masked where it stands as a token, not inside words', () => {
  const r = new Redactor();
  r.add(basic('user:pass'));
  r.add('longsecret123');

  it("the report's own words stay: passed, bypass, passport", () => {
    expect(r.text('160 passed, 2 skipped')).toBe('160 passed, 2 skipped');
    expect(r.text('{"passed":3,"bypass":true}')).toBe('{"passed":3,"bypass":true}');
    expect(r.text('passport')).toBe('passport');
  });

  it('every spelling of the short secret standing on its own is masked', () => {
    expect(r.text('pass')).toBe('***');
    expect(r.text('{"password":"pass"}')).toBe('{"password":"***"}');
    expect(r.text("curl -u 'user:pass' http://h")).toBe("curl -u '***' http://h");
    expect(r.text('http://user:pass@h/')).toBe('http://***@h/');
    expect(r.text('?key=pass&x=1')).toBe('?key=***&x=1');
    expect(r.text('user%3Apass')).toBe('***');
    expect(r.text('token%3Dpass%26')).toBe('token%3D***%26');
    expect(r.text('"line\\npass"')).toBe('"line\\n***"');
    expect(r.text(basic('user:pass'))).toBe('***');
    expect(r.text(Buffer.from('pass').toString('base64'))).toBe('***');
  });

  it('a long secret is masked wherever it occurs, inside words too', () => {
    expect(r.text('xlongsecret123x')).toBe('x***x');
  });

  it('a scope keeps the rule for the secrets it inherits', () => {
    const s = r.scope();
    s.add('zzzzzzzzzz');
    expect(s.text('passed pass zzzzzzzzzz')).toBe('passed *** ***');
  });
});
