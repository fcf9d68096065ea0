import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redactor } from '../src/redact/redactor.js';
import { buildHar, HarWriter } from '../src/har/write.js';
import type { Exchange } from '../src/execute/types.js';

describe('a capped body is masked once and streamed into the HAR', () => {
  const SECRET = 'sk_live_5f3c9e1d7a2b4c6e';
  const PIECE = 1 << 20;
  // Escapes, a lone surrogate, and a surrogate pair across the first piece boundary of the writer.
  const text = `${'x'.repeat(PIECE - 1)}😀"\\\n\u0001\ud800 ${SECRET} ${'é'.repeat(PIECE)}${'y'.repeat(PIECE)}`;
  const raw: Exchange = {
    request: { method: 'GET', url: 'http://127.0.0.1:1/big', headers: { authorization: `Bearer ${SECRET}` } },
    response: { status: 200, headers: { 'content-type': 'text/plain' }, bodyText: text, truncated: true },
    error: { kind: 'too-large', message: 'body larger than 3 MB' },
    startedAt: 0,
    durationMs: 1,
    scenario: 'big',
  };
  const dir = mkdtempSync(join(tmpdir(), 'specgate-retained-'));
  const indented = (x: unknown) => JSON.stringify(x, null, 2).replace(/\n/g, '\n      ');

  it('the HAR entry is byte for byte what one JSON.stringify of it would be, every secret masked', async () => {
    const redactor = new Redactor();
    redactor.add(SECRET);
    const file = join(dir, 'big.har');
    const w = HarWriter.open(file, { redactor, version: '1' });
    w.add(redactor.scope().exchange(raw)); // as the runner hands it over: masked by a scope of the writer's redactor
    w.add(raw); // as a library caller may: masked by the writer
    await w.close();
    const written = readFileSync(file, 'utf8');
    const expected = buildHar([raw], { redactor, version: '1' }).log.entries[0];
    expect(expected.response.content.text!.length).toBeGreaterThan(3 * PIECE);
    expect(written.split(indented(expected)).length).toBe(3);
    expect(written).not.toContain(SECRET);
    expect(JSON.parse(written).log.entries[1].response.content.text).toBe(text.replace(SECRET, '***'));
  });

  it('an exchange masked by a redactor that knows less is masked again by the writer', async () => {
    const file = join(dir, 'other.har');
    const redactor = new Redactor();
    const w = HarWriter.open(file, { redactor, secrets: [SECRET] });
    w.add(redactor.scope().exchange(raw)); // masked without SECRET, which only the writer was given
    w.add(new Redactor().exchange(raw)); // masked by a redactor the writer does not know
    await w.close();
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
  });

  it('field masking of a JSON answer reads the parsed body, and still finds a field behind trailing whitespace', () => {
    const r = new Redactor();
    const body = { id: 'u1', password: 'hunter22hunter' };
    const bodyText = `${JSON.stringify(body)}${'\n'.repeat(100)}`;
    const viaParsed = r.response({ headers: { 'content-type': 'application/json' }, bodyText, body });
    const viaText = r.response({ headers: { 'content-type': 'application/json' }, bodyText });
    expect(viaParsed.bodyText).toBe('{"id":"u1","password":"***"}');
    expect(viaParsed.body).toEqual({ id: 'u1', password: '***' });
    expect(viaText.bodyText).toBe(viaParsed.bodyText);
    // A body cut at the cap is no JSON document: its text is kept, known secrets are still masked.
    const cut = `{"password":"hunter22hunter","token":"${SECRET}","more":[1,2`;
    r.add(SECRET);
    expect(r.response({ headers: {}, bodyText: cut }).bodyText).toBe(`{"password":"hunter22hunter","token":"***","more":[1,2`);
  });
});
