/**
 * A document split over files (`$ref: ./schemas/pet.yaml#/Pet`), read as one: each outside target
 * is copied into the document once (a schema, parameter, response… under `components`, a path
 * item in place) and every reference to it made local. Positions stay in the file each part was
 * written in, so an error in `pet.yaml` names `pet.yaml` and its line.
 *
 * Only YAML and JSON files inside the document's folder are read (a spec, perhaps from a pull
 * request, may not make specgate read anything else: a key file, a `.env`, a file elsewhere), and
 * no URL is fetched. A `$ref` in an extension (`x-topics: {$ref: ./intro.md}`) is no reference
 * walkOpenApi reports, so it is left as written. A Swagger 2.0 document is joined the same way,
 * into its own sections (`definitions`, `parameters`, `responses`), before it is upgraded.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { SpecError } from './errors.js';
import { readSource, type SourceFile } from './source.js';
import { isObj, walkOpenApi, type Obj } from './walk.js';
import { appendPointer, fragmentToPath, pathToFragment, pathToPointer, resolvePointer } from '../util/pointer.js';

/** Where a copied target sits in the document, and where it was written. */
interface Mount {
  at: string;
  file: string;
  /** The target's pointer inside its file. */
  pointer: string;
}

export interface ExternalFile {
  file: string;
  text: string;
}

/** Where a located value was written: its file too, where that is not the document's own. */
export type FileLocate = (pointer: string) => { line: number; column: number; file?: string };

/**
 * What an OpenAPI object found at a `$ref` is, by where the reference stands (`inline`: a path
 * item, copied in place). Swagger 2.0 keeps schemas under `definitions` and shares only
 * parameters and responses; anything else is copied in place.
 */
function kindAt(path: string[], isSchema: boolean, swagger2: boolean): string {
  if (swagger2) {
    if (isSchema) return 'definitions';
    const parent = path[path.length - 2];
    const pathItem = path.length === 2 && path[0] === 'paths';
    return !pathItem && (parent === 'parameters' || parent === 'responses') ? parent : 'inline';
  }
  if (isSchema) return 'schemas';
  const n = path.length;
  if (n === 3 && path[0] === 'components') return path[1] === 'pathItems' ? 'inline' : path[1]!;
  if (n === 2 && (path[0] === 'paths' || path[0] === 'webhooks')) return 'inline';
  if (n >= 3 && path[n - 3] === 'callbacks') return 'inline';
  const parent = path[n - 2];
  if (path[n - 1] === 'requestBody') return 'requestBodies';
  if (parent === 'parameters' || parent === 'responses' || parent === 'headers' || parent === 'examples' || parent === 'links' || parent === 'callbacks') return parent;
  return 'inline';
}

/** A URL (http:, file:, data:… any scheme of two letters or more: `C:` is a Windows drive, not one). */
export const isUrl = (ref: string): boolean => /^[a-z][a-z0-9+.-]+:/i.test(ref);
const YAML_OR_JSON = /\.(ya?ml|json)$/i;

const real = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

let refRoot: string | undefined;

/**
 * A folder the user allows every document's `$ref`s to read below (`--ref-root DIR`), beside the
 * document's own: a project that keeps shared parts in `../common`. Undefined: the document's folder only.
 */
export function setRefRoot(dir: string | undefined): void {
  refRoot = dir === undefined ? undefined : resolve(dir);
}

/** The folders a document's `$ref`s may read files from: its own (and below), as lint has always kept to, and --ref-root. */
export const readableFolders = (docFile: string): string[] => [dirname(resolve(docFile)), ...(refRoot ? [refRoot] : [])];

/**
 * Why a `$ref` target is not read, or undefined for a file inside one of `folders`: a URL (any
 * scheme; a Windows drive letter is none) is never fetched, and a file elsewhere never read.
 * Symbolic links are followed first: a link inside the folder to /etc is still outside. The
 * loader (below) and lint (lint/redocly.ts, lint/rules/local-refs.ts) share it.
 */
export function refusedRef(absoluteRef: string, folders: readonly string[]): string | undefined {
  if (isUrl(absoluteRef)) return 'a URL: not fetched';
  const file = real(absoluteRef);
  const inside = (folder: string) => {
    const r = relative(real(folder), file);
    return r === '' || (!r.startsWith('..') && !isAbsolute(r) && !r.startsWith(`..${sep}`));
  };
  return folders.some(inside) ? undefined : "outside the document's folder: not read";
}

/**
 * Why the loader does not read a `$ref` target: refusedRef's reasons, and any file but YAML or
 * JSON, which is all it parses (so a `.env` or a key file beside the document is never opened).
 * Lint's local-refs rule says the same of the same references.
 */
export const loaderRefusal = (absoluteRef: string, folders: readonly string[]): string | undefined =>
  refusedRef(absoluteRef, folders) ?? (YAML_OR_JSON.test(absoluteRef) ? undefined : 'not a YAML or JSON file: not read');

/**
 * The document with every outside `$ref` made local, or undefined when it has none. Throws a
 * SpecError at the reference (its own file and line) for a URL, a file outside the allowed
 * folders, a missing file or a pointer that names nothing in it.
 */
export function mountExternal(src: SourceFile): { data: Obj; locate: FileLocate; files: ExternalFile[] } | undefined {
  const data = src.data as Obj;
  const mounts: Mount[] = [];
  const targets = new Map<string, string>();
  const sources = new Map<string, SourceFile>();
  const done = new Set<string>();
  const rootFile = resolve(src.file);
  const rootReal = real(rootFile);
  const allowed = readableFolders(rootFile);
  const swagger2 = data.swagger === '2.0';
  /** Where shared parts of a kind live: `components/<kind>` (3.x), the top level (2.0). */
  const sectionPath = (kind: string) => (swagger2 ? [kind] : ['components', kind]);
  const section = (kind: string, create: boolean): Obj | undefined => {
    let at: Obj = data;
    for (const k of sectionPath(kind)) {
      if (!isObj(at[k])) {
        if (!create) return undefined;
        at[k] = {};
      }
      at = at[k] as Obj;
    }
    return at;
  };

  const mountOf = (pointer: string) => {
    let best: Mount | undefined;
    for (const m of mounts) if ((pointer === m.at || pointer.startsWith(`${m.at}/`)) && (!best || m.at.length > best.at.length)) best = m;
    return best;
  };
  const locate: FileLocate = (pointer) => {
    const m = mountOf(pointer);
    if (!m) return src.locate(pointer);
    return { ...sources.get(m.file)!.locate(m.pointer + pointer.slice(m.at.length)), file: m.file };
  };
  const fail = (pointer: string, message: string) => {
    const at = locate(pointer);
    return new SpecError(at.file ?? src.file, at.line, at.column, message);
  };

  const fileOf = (ref: string, base: string, pointer: string): string => {
    const raw = ref.split('#')[0]!;
    if (isUrl(raw)) throw fail(pointer, `$ref '${ref}' is a URL: specgate fetches none, it reads files beside the document only`);
    let path: string;
    try {
      path = decodeURI(raw);
    } catch {
      path = raw;
    }
    const abs = resolve(dirname(base), path);
    // Refused before it is looked for: whether a file exists elsewhere is not the spec's to learn.
    const why = loaderRefusal(abs, allowed);
    if (why) throw fail(pointer, `$ref '${ref}' is ${why.replace(/^outside/, 'a file outside')}${why.startsWith('outside') ? ' (--ref-root DIR lets documents read files below DIR)' : ''}`);
    if (!existsSync(abs)) throw fail(pointer, `$ref '${ref}': no such file (${abs})`);
    return real(abs);
  };

  const uniqueName = (kind: string, file: string, pointer: string): string => {
    const existing = section(kind, false);
    const last = fragmentToPath(`#${pointer}`).at(-1) ?? file.replace(/^.*[\\/]/, '').replace(YAML_OR_JSON, '');
    const base = last.replace(/[^A-Za-z0-9._-]+/g, '_') || 'external';
    let name = base;
    for (let i = 2; existing && Object.hasOwn(existing, name); i++) name = `${base}_${i}`;
    return name;
  };

  for (let pass = 0; pass < 1000; pass++) {
    const schemaRefs = new Set<string>();
    const refs: { ref: string; pointer: string }[] = [];
    walkOpenApi(data, {
      schema(node, ctx) {
        if (typeof node.$ref === 'string') schemaRefs.add(appendPointer(ctx.pointer, '$ref'));
      },
      ref: (ref, pointer) => void refs.push({ ref, pointer }),
    });
    let changed = false;
    for (const { ref, pointer } of refs) {
      if (done.has(pointer)) continue;
      const mount = mountOf(pointer);
      if (!mount && ref.startsWith('#')) continue;
      if (ref === '') continue; // the whole document, no file: the loader's $ref check says so (openapi.ts)
      const file = ref.startsWith('#') ? mount!.file : fileOf(ref, mount?.file ?? rootFile, pointer);
      const fragment = ref.includes('#') ? ref.slice(ref.indexOf('#')) : '#';
      const targetPointer = pathToPointer(fragmentToPath(fragment));
      const key = `${file}#${targetPointer}`;
      // Back into the document itself (`../openapi.yaml#/components/...` from another file): a local reference.
      let local = file === rootReal ? pathToFragment(fragmentToPath(fragment)) : targets.get(key);
      if (local === undefined) {
        let source = sources.get(file);
        if (!source) {
          source = readSource(file);
          sources.set(file, source);
        }
        const target = resolvePointer(source.data, targetPointer);
        if (target === undefined) throw fail(pointer, `$ref '${ref}' points to nothing in ${relative(process.cwd(), file) || file}`);
        const holder = pointer.slice(0, -'/$ref'.length);
        const kind = kindAt(fragmentToPath(`#${holder}`), schemaRefs.has(pointer), swagger2);
        if (kind === 'inline') {
          // A path item (3.0 has no components for them): copied where it is referenced, siblings kept.
          const parent = resolvePointer(data, holder) as Obj;
          const { $ref: _, ...siblings } = parent;
          for (const k of Object.keys(parent)) delete parent[k];
          Object.assign(parent, structuredClone(target), siblings);
          mounts.push({ at: holder, file, pointer: targetPointer });
          changed = true;
          continue;
        }
        const name = uniqueName(kind, file, targetPointer);
        section(kind, true)![name] = structuredClone(target);
        local = pathToFragment([...sectionPath(kind), name]);
        targets.set(key, local);
        mounts.push({ at: appendPointer('', ...sectionPath(kind), name), file, pointer: targetPointer });
      }
      (resolvePointer(data, pointer.slice(0, -'/$ref'.length)) as Obj).$ref = local;
      done.add(pointer);
      changed = true;
    }
    if (!changed) break;
  }
  if (done.size === 0 && mounts.length === 0) return undefined;
  const files = [...sources.values()].map((s) => ({ file: s.file, text: s.text }));
  return { data, locate, files };
}

/**
 * Might the text refer outside itself? A `$ref` whose value does not start with `#`: a cheap
 * test of the text, so a one-file document (a 3 MB one too) is not walked for nothing.
 */
export const mayReferOutside = (text: string): boolean => /["']?\$ref["']?\s*:\s*["']?(?!#)[^\s"'#]/.test(text) || ESCAPED.test(text);
/** A quoted key or value written with escapes (`"\u0024ref": "./pet.json"`) hides from that test: such a text is walked. */
const ESCAPED = /\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|U[0-9a-fA-F]{8})/;
