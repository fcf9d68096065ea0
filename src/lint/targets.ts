/** Which documents lint reads: PATHs (or the project's own specs/) to targets, each with its specgate.yaml, captures, contracts and profile. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { SpecError } from '../openapi/errors.js';
import type { LintTarget } from './types.js';

const BINDINGS = 'specgate.yaml';
const SPEC_NAMES = ['openapi.yaml', 'openapi.yml', 'openapi.json'];
/** Folders that never hold specs: generated output, dependencies, the JSON Schema captures, the cited vendor pages. */
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'schemas', 'sources', '.tmp']);
const SPEC_EXT = new Set(['.yaml', '.yml', '.json']);
const LOOKS_LIKE_OPENAPI = /^\s*["']?openapi["']?\s*:/m;

/** The bindings' raw fields, read leniently: a broken bindings file is reported by a rule, not here. */
function readBindingsHead(file: string): { api?: string; spec?: string; verbatimSeed?: string; reconstructed?: boolean } {
  try {
    const raw = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
    const v = raw?.verbatim as { seed?: unknown } | undefined;
    return {
      api: typeof raw?.api === 'string' ? raw.api : undefined,
      spec: typeof raw?.spec === 'string' ? raw.spec : undefined,
      verbatimSeed: typeof v?.seed === 'string' ? v.seed : undefined,
      reconstructed: raw?.reconstructed === true,
    };
  } catch {
    return {};
  }
}

export function targetFor(specFile: string): LintTarget {
  const file = resolve(specFile);
  const dir = dirname(file);
  const bf = join(dir, BINDINGS);
  const head = existsSync(bf) ? readBindingsHead(bf) : undefined;
  const binds = head !== undefined && (head.spec ?? 'openapi.yaml') === basename(file);
  const isMain = SPEC_NAMES.includes(basename(file)) || binds;
  const api = (binds && head?.api) || (isMain ? basename(dir) : basename(file, extname(file)));
  // The repository layout: <root>/specs/<api>/openapi.yaml beside <root>/contracts/<api>.json.
  const inLayout = isMain && basename(dirname(dir)) === 'specs';
  // Whether the document is a vendor capture is the API's own fact (specgate.yaml `verbatim: {seed}`).
  const verbatim = binds && head?.verbatimSeed ? { seed: head.verbatimSeed } : undefined;
  const profile = verbatim ? 'vendor-capture' : binds && head?.reconstructed ? 'reconstructed' : undefined;
  return {
    specFile: file,
    api,
    bindingsFile: binds ? bf : undefined,
    schemasDir: join(dir, 'schemas'),
    capturesRequired: inLayout,
    contractsFile: inLayout ? join(dirname(dirname(dir)), 'contracts', `${api}.json`) : undefined,
    verbatim,
    profile,
  };
}

function specsInFolder(dir: string, out: string[]): void {
  const names = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const bound = existsSync(join(dir, BINDINGS)) ? (readBindingsHead(join(dir, BINDINGS)).spec ?? 'openapi.yaml') : undefined;
  for (const d of names) {
    const f = join(dir, d.name);
    if (d.isDirectory()) {
      if (!SKIP_DIRS.has(d.name)) specsInFolder(f, out);
      continue;
    }
    if (!d.isFile() || d.name === BINDINGS || !SPEC_EXT.has(extname(d.name))) continue;
    // By name (so a spec that no longer parses is still linted), else by content.
    if (d.name === bound || SPEC_NAMES.includes(d.name)) out.push(f);
    else if (LOOKS_LIKE_OPENAPI.test(readFileSync(f, 'utf8').slice(0, 4096))) out.push(f);
  }
  // A bindings file whose spec is missing: lint that name so the missing file is reported.
  if (bound && !out.includes(join(dir, bound)) && !existsSync(join(dir, bound))) out.push(join(dir, bound));
}

/**
 * What lint reads when given no PATH: the project's own documents, never specgate's bundled specs
 * (those live in node_modules/specgate in a consumer project). Its `specs/` folder, else its
 * `openapi.yaml|yml|json` files; empty when there are none.
 */
export function defaultPaths(cwd: string): string[] {
  const specs = join(cwd, 'specs');
  if (existsSync(specs) && statSync(specs).isDirectory()) return [specs];
  return SPEC_NAMES.map((n) => join(cwd, n)).filter((f) => existsSync(f));
}

/**
 * PATH arguments to lint targets: a spec file, a specgate.yaml (its API), or a folder (every spec
 * under it); none: defaultPaths(cwd). A path that does not exist is a setup error, not a finding.
 */
export function discoverTargets(paths: string[], cwd = process.cwd()): LintTarget[] {
  const files: string[] = [];
  for (const p of paths.length ? paths : defaultPaths(cwd)) {
    const abs = resolve(cwd, p);
    if (!existsSync(abs)) throw new SpecError(p, undefined, undefined, 'no such file or directory');
    if (statSync(abs).isDirectory()) specsInFolder(abs, files);
    else if (basename(abs) === BINDINGS) files.push(join(dirname(abs), readBindingsHead(abs).spec ?? 'openapi.yaml'));
    else files.push(abs);
  }
  return [...new Set(files)].map(targetFor);
}
