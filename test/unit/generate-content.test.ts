// A 3.0 `format: binary` is `{contentMediaType: ...}` in 3.1, with no type: the sampler makes null
// of it, which a multipart file part then carries as the bytes `null`. Generation types such a
// content schema as a string; the value is still judged by the schema as written.
import { describe, expect, it } from 'vitest';
import { generateRequestValue } from '../../src/scenarios/generate.js';

describe('generated values for content schemas', () => {
  it('an untyped contentMediaType or contentEncoding schema samples as a string, nested ones too', () => {
    const schema = {
      type: 'object',
      required: ['file', 'scans', 'blob', 'contentMediaType'],
      properties: {
        file: { contentMediaType: 'application/pdf' },
        scans: { type: 'array', minItems: 1, items: { contentMediaType: 'image/png' } },
        blob: { contentEncoding: 'base64' },
        // A property that is merely called so is not a content schema.
        contentMediaType: { type: 'integer' },
      },
    };
    const g = generateRequestValue(schema, undefined);
    expect(g.ok).toBe(true);
    const v = (g as { value: Record<string, unknown> }).value;
    expect(typeof v.file).toBe('string');
    expect(typeof (v.scans as unknown[])[0]).toBe('string');
    expect(typeof v.blob).toBe('string');
    expect(typeof v.contentMediaType).toBe('number');
    expect(Object.keys(v).sort()).toEqual(['blob', 'contentMediaType', 'file', 'scans']);
  });

  it('a typed content schema keeps its type', () => {
    const g = generateRequestValue({ type: 'object', required: ['n'], properties: { n: { type: 'integer', contentMediaType: 'text/plain' } } }, undefined);
    expect(g).toEqual({ ok: true, value: { n: 0 } });
  });
});
