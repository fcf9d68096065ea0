// The shape of src/: layers import one way (openapi → model → scenarios → execute → checks → run → report), no import cycle, and every module's first line says what it holds.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');
const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'src/*.ts'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => join(ROOT, f));

/** A module's layer: its top folder under src/, or the file itself at the root (index.ts, errors.ts...). */
const layerOf = (file: string) => relative(SRC, file).split('/')[0];

/**
 * Lower layers never import higher ones. Same rank: siblings that may not import each other in a
 * cycle (checked below). The order is the data flow of docs/DESIGN.md, with the consumers of a
 * run (HAR, Pact, lint) after it and the CLI above everything.
 */
const RANK: Record<string, number> = {
  util: 0, 'errors.ts': 0,
  openapi: 1,
  model: 2,
  validate: 3,
  scenarios: 4,
  redact: 4.5,
  execute: 5,
  checks: 6,
  run: 7,
  report: 8,
  // The fault harness is data (names, caughtBy); the reference provider is a target runCheck may start.
  testing: 0.5,
  provider: 6.5,
  har: 9, pact: 9, lint: 9,
  build: 11,
  cli: 12,
  'index.ts': 13, 'vitest.ts': 13, 'testing.ts': 13,
};
const rankOf = (file: string) => RANK[layerOf(file)];

/** Every relative import of a module (type-only and dynamic ones too), resolved to a file of src/. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((i) => i.fileName).filter((n) => n.startsWith('.')).map((n) => resolve(dirname(file), n).replace(/\.js$/, '.ts'));
}
const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe('the layout of src/', () => {
  it('every folder and root module has a layer', () => {
    expect(files.filter((f) => rankOf(f) === undefined).map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('imports resolve to modules of src/', () => {
    const dangling = [...graph].flatMap(([f, deps]) => deps.filter((d) => !graph.has(d)).map((d) => `${relative(ROOT, f)} → ${relative(ROOT, d)}`));
    expect(dangling).toEqual([]);
  });

  it('layers import one way: no module imports a higher layer', () => {
    const upward = [...graph].flatMap(([f, deps]) => deps.filter((d) => rankOf(d) > rankOf(f)).map((d) => `${relative(SRC, f)} → ${relative(SRC, d)}`));
    expect(upward).toEqual([]);
  });

  it('there is no import cycle, between modules or between folders', () => {
    // Tarjan's strongly connected components: any with more than one member is a cycle.
    const cycles = (nodes: string[], edges: (n: string) => string[]) => {
      const index = new Map<string, number>();
      const low = new Map<string, number>();
      const stack: string[] = [];
      const out: string[][] = [];
      const visit = (v: string) => {
        index.set(v, index.size);
        low.set(v, index.get(v)!);
        stack.push(v);
        for (const w of edges(v)) {
          if (!index.has(w)) {
            visit(w);
            low.set(v, Math.min(low.get(v)!, low.get(w)!));
          } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        }
        if (low.get(v) === index.get(v)) {
          const scc: string[] = [];
          let w: string;
          do scc.push((w = stack.pop()!));
          while (w !== v);
          if (scc.length > 1 || edges(v).includes(v)) out.push(scc.sort());
        }
      };
      for (const n of nodes) if (!index.has(n)) visit(n);
      return out;
    };
    expect(cycles(files, (f) => (graph.get(f) ?? []).filter((d) => graph.has(d))).map((c) => c.map((f) => relative(SRC, f)))).toEqual([]);
    const folders = [...new Set(files.map(layerOf))];
    const folderEdges = (l: string) => [...new Set([...graph].filter(([f]) => layerOf(f) === l).flatMap(([, deps]) => deps.map(layerOf)))].filter((d) => d !== l);
    expect(cycles(folders, folderEdges)).toEqual([]);
  });

  it('the checks and the runner do not import each other both ways (no checks ↔ execute cycle)', () => {
    const imports = (from: string, to: string) => [...graph].some(([f, deps]) => layerOf(f) === from && deps.some((d) => layerOf(d) === to));
    expect(imports('execute', 'checks')).toBe(false);
    expect(imports('execute', 'run')).toBe(false);
  });

  it("every module's first line is a comment saying what it holds", () => {
    const bare = files.filter((f) => !/^(\/\*\*? ?\S|\/\*\*\n \* \S|\/\/ \S)/.test(readFileSync(f, 'utf8').replace(/^#!.*\n/, ''))).map((f) => relative(ROOT, f));
    expect(bare).toEqual([]);
  });
});
