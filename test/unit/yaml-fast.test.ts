// The fast parse (js-yaml, core schema) must read every document exactly as the careful one (yaml) does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { parse } from 'yaml';
import { fastData, parseSource } from '../../src/openapi/source.js';
import { eventLocator } from '../../src/openapi/positions.js';
import { pathToPointer } from '../../src/util/pointer.js';
import { SpecError } from '../../src/openapi/errors.js';

const ROOT = join(import.meta.dirname, '..', '..');

function documents(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'node_modules' ? [] : documents(p);
    return /\.(ya?ml|json)$/.test(n) ? [p] : [];
  });
}

/** Every pointer of a document (and one that names nothing) with the position `yaml`'s own parse gives it. */
function yamlPositions(text: string): [string, { line: number; column: number }][] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, strict: true });
  if (doc.errors.length) return [];
  const out: [string, { line: number; column: number }][] = [];
  const at = (n: Node | null | undefined) => {
    const p = lineCounter.linePos(n?.range?.[0] ?? 0);
    return { line: p.line, column: p.col };
  };
  const walk = (node: unknown, path: string[], best: Node | null | undefined) => {
    out.push([pathToPointer(path), at(best)]);
    if (isMap(node)) for (const p of node.items) walk(p.value, [...path, String(isScalar(p.key) ? p.key.value : p.key)], p.key as Node);
    else if (isSeq(node)) node.items.forEach((x, i) => walk(x, [...path, String(i)], x as Node));
  };
  walk(doc.contents, [], doc.contents as Node);
  out.push(['/no-such-key/x', at(doc.contents as Node)]);
  return out;
}

describe('the fast YAML parse reads documents as the careful one does', () => {
  const files = [...documents(join(ROOT, 'specs')), ...documents(join(ROOT, 'test', 'fixtures'))];

  it('every document of specs/ and test/fixtures/: the same data, or the careful path', () => {
    expect(files.length).toBeGreaterThan(30);
    let fast = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      let careful: unknown;
      try {
        careful = parse(text, { uniqueKeys: true, strict: true, maxAliasCount: 100 });
      } catch {
        continue; // a malformed fixture: what matters is that the careful path reports it (below)
      }
      const data = fastData(text);
      if (data === undefined) continue;
      fast++;
      expect(isDeepStrictEqual(data, careful), f).toBe(true);
    }
    expect(fast).toBeGreaterThan(30);
  });

  it('positions from js-yaml events are those of yaml, on every document and on YAML that is not plain', () => {
    const tricky = [
      'a: &anc\n  b: !!str 1\n  "c\\"d": |\n    text\n  e: >-\n    folded\nlist:\n  - &x 1\n  - !tag {f: 2}\n  - [1, "two", {g: h}]\n  - ? complex\n    : v\n200: ok\n\'0x1F\': q\n? explicit\n: val\nempty:\nflow: {k1: v1, "k 2": [a, b]}\n',
      'a:\r\n  b: 1\r\n  c:\r\n    - d\r\n',
      '{"a": {"b\\u0041": [1, {"c": null}], "d": "x"}}',
      '---\nx: 1\n...\n',
    ];
    let pointers = 0;
    for (const text of [...files.map((f) => readFileSync(f, 'utf8')), ...tricky]) {
      const want = yamlPositions(text);
      if (!want.length) continue;
      const locate = eventLocator(text);
      expect(locate).toBeDefined();
      for (const [pointer, pos] of want) expect(locate!(pointer), pointer).toEqual(pos);
      pointers += want.length;
    }
    expect(pointers).toBeGreaterThan(10_000);
  });

  it('YAML 1.2 core: dates and yes/no stay strings, 200: is the key "200", .inf is Infinity', () => {
    expect(fastData('a: 2024-01-01\nb: yes\n200: {x: ~}\nc: .inf\nd: 0x1F\n')).toEqual({ a: '2024-01-01', b: 'yes', 200: { x: null }, c: Infinity, d: 31 });
  });

  it('aliases, duplicate keys, an empty document and broken YAML take the careful path', () => {
    expect(fastData('a: &x {b: 1}\nc: *x\n')).toBeUndefined();
    expect(fastData('a: 1\na: 2\n')).toBeUndefined();
    expect(fastData('')).toBeUndefined();
    expect(fastData('a: [1, 2\n')).toBeUndefined();
  });

  it('the careful path still names file and line, and a position is found after a fast parse', () => {
    expect(() => parseSource('dup.yaml', 'openapi: 3.1.0\ninfo: {}\ninfo: {}\n')).toThrow(SpecError);
    try {
      parseSource('dup.yaml', 'openapi: 3.1.0\ninfo: {}\ninfo: {}\n');
    } catch (e) {
      expect((e as SpecError).message).toMatch(/dup\.yaml:3/);
    }
    const src = parseSource('ok.yaml', 'openapi: 3.1.0\npaths:\n  /a:\n    get: {}\n');
    expect(src.locate('/paths/~1a/get')).toEqual({ line: 4, column: 5 });
  });

  it('a position asked for during the load that parsed the text reuses its events: one parse, not two', () => {
    const y = createRequire(import.meta.url)('js-yaml') as { parseEvents: (...a: unknown[]) => unknown };
    const parse = vi.spyOn(y, 'parseEvents');
    try {
      const text = 'openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        "200": {description: ok}\n';
      const src = parseSource('/virtual/openapi.yaml', text);
      expect(src.locate('/paths/~1a/get/responses/200')).toEqual({ line: 6, column: 9 });
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});
