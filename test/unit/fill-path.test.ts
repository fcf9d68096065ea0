// Request paths: the template's own characters are percent-encoded where a URL path cannot hold
// them as they are, so a server that decodes the path finds the template it was written from.
import { describe, expect, it } from 'vitest';
import { fillPath, joinUrl } from '../../src/util/url.js';

describe('fillPath', () => {
  it('encodes a space, `>`, `|` and a lone `%` of the template; the URL then decodes back to it', () => {
    const template = '/test path > with | unsafe % characters';
    const url = joinUrl('http://127.0.0.1:9/', fillPath(template, {}));
    expect(url).toBe('http://127.0.0.1:9/test%20path%20%3E%20with%20%7C%20unsafe%20%25%20characters');
    expect(decodeURIComponent(new URL(url).pathname)).toBe(template);
  });

  it('keeps what a path may hold, and a %XX already written; values are encoded whole', () => {
    expect(fillPath("/a-b_c.d~e/!$&'()*+,;=:@/x%2Fy/{id}", { id: 'a b/c' })).toBe("/a-b_c.d~e/!$&'()*+,;=:@/x%2Fy/a%20b%2Fc");
    expect(fillPath('/café/{n}', { n: 'é' })).toBe('/caf%C3%A9/%C3%A9');
  });
});
