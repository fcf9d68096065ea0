/** Loading an API: document, model, bindings and validators (bundled or --spec). */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadOpenApi, resolvePointer, type OpenApiSource } from '../openapi/openapi.js';
import { appendPointer, fragmentToPath, pathToPointer, pointerToPath } from '../util/pointer.js';
import { defPointer } from '../model/self-contained.js';
import { walkOpenApi, walkSchema } from '../openapi/walk.js';
import { bindingsFileFor, loadBindings, type Bindings } from '../openapi/bindings.js';
import { bundledApiNames, bundledSpecFile } from '../openapi/registry.js';
import { generatedDir } from '../openapi/paths.js';
import { SpecError } from '../openapi/errors.js';
import { buildApiModel } from '../model/build.js';
import type { ApiModel, OperationModel } from '../model/types.js';
import { ValidatorSet, type ValidateFn } from './compile.js';
import { schemaEntries, schemaPointers } from './schemas.js';
import { knownFormat, knownKeyword, likelyKeyword } from './ajv.js';
import { ineffectiveKeywords } from './ineffective.js';
import { cachedValidators, storeValidators, validatorsKey } from './cache.js';
import { userCacheDir } from '../openapi/paths.js';
import { CACHE_FROM } from '../openapi/cache.js';
import { statSync } from 'node:fs';

/** An API ready to use: its model, its bindings (if any) and its validators. */
export interface LoadedApi {
  name: string;
  model: ApiModel;
  bindings?: Bindings;
  validators: ValidatorSet;
  operation(operationId: string): OperationModel | undefined;
  bundled: boolean;
  /** Things worth saying that do not stop the run (an unknown format, an upgraded 3.0 document), each naming file:line. */
  warnings: string[];
}

const cache = new Map<string, Promise<LoadedApi>>();

async function precompiled(name: string, hash: string): Promise<Record<string, ValidateFn> | undefined> {
  const file = join(generatedDir(), `${name}.js`);
  if (!existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as { hash: string; validators: Record<string, ValidateFn> };
  // A spec edited after the build must not be checked with stale validators.
  return mod.hash === hash ? mod.validators : undefined;
}

async function load(file: string, name: string, bundled: boolean): Promise<LoadedApi> {
  // Only a large document outside the build is worth the disk cache (openapi/cache.ts).
  const cacheable = !bundled && userCacheDir() !== undefined && (statSync(file, { throwIfNoEntry: false })?.size ?? 0) >= CACHE_FROM;
  const src = loadOpenApi(file, { cache: cacheable });
  const bf = bindingsFileFor(file);
  const bindings = bf && (bundled || basename(file) === 'openapi.yaml') ? loadBindings(bf) : undefined;
  const model = buildApiModel(name, src, bindings);
  const byId = new Map(model.operations.map((o) => [o.operationId, o]));
  const built = bundled ? await precompiled(name, model.hash) : undefined;
  const validators = built ? new ValidatorSet(schemaEntries(model), built) : compiledSet(model, src, cacheable);
  const warnings = [...(model.warnings ?? []), ...annotationWarnings(src)];
  src.remember?.();
  return { name, model, bindings, validators, operation: (id) => byId.get(id), bundled, warnings };
}

/**
 * The validators of a document outside the build (or of a bundled one edited since): standalone code an earlier run of the same
 * document (and the same specgate) left in the cache, else compiled now, every one, so a broken
 * schema fails here with its file:line. What compiled is stored for the next run once the
 * document is loaded a second time: keeping the generated source and writing it out costs a
 * quarter of a cold load (0.7 of 3.3 s for 3 MB), which a run on a fresh CI machine (no cache to
 * come back to) would pay for nothing. A schema that does not compile is never stored, so a
 * cache hit means every schema compiled before.
 */
function compiledSet(model: ApiModel, src: OpenApiSource, cacheable: boolean): ValidatorSet {
  const schemas = schemaEntries(model);
  const key = cacheable ? validatorsKey(model.hash, schemas.keys()) : '';
  const hit = cacheable ? cachedValidators(key) : undefined;
  if (hit) return new ValidatorSet(schemas, hit, 'cache');
  const useCache = cacheable && src.seenBefore === true;
  const validators = new ValidatorSet(schemas, undefined, 'runtime', useCache);
  compileOrExplain(validators, src, schemaPointers(model));
  const code = useCache ? validators.standalone() : undefined;
  if (code !== undefined) storeValidators(key, code);
  return validators;
}

/**
 * Unknown formats and keywords are annotations (JSON Schema 2020-12: validation 7.2.3, core 6.5):
 * each said once, at its first use, and not checked; one walk of the document finds both, and
 * the keywords that have no effect where they stand (ineffective.ts). A keyword name two edits
 * from a known one is probably a typo, and the warning says which.
 */
function annotationWarnings(src: OpenApiSource): string[] {
  const at = (pointer: string) => {
    const p = src.locate(pointer);
    return `${p.file ?? src.file}:${p.line}:${p.column}`;
  };
  const formats = new Map<string, string>();
  const keywords = new Map<string, string>();
  const ineffective: string[] = [];
  walkOpenApi(src.data, {
    schema(node, ctx) {
      const f = node.format;
      if (typeof f === 'string' && !knownFormat(f) && !formats.has(f)) formats.set(f, appendPointer(ctx.pointer, 'format'));
      for (const k of Object.keys(node)) if (!keywords.has(k) && !knownKeyword(k)) keywords.set(k, appendPointer(ctx.pointer, k));
      for (const { keyword, why } of ineffectiveKeywords(node)) ineffective.push(`${at(appendPointer(ctx.pointer, keyword))}: "${keyword}" ${why} has no effect`);
    },
  });
  return [
    ...(src.notes ?? []).map((n) => `${at(n.pointer)}: ${n.message}`),
    ...[...formats].map(([f, pointer]) => `${at(pointer)}: unknown format "${f}": an annotation, not checked`),
    ...[...keywords].map(([k, pointer]) => {
      const typo = likelyKeyword(k);
      return `${at(pointer)}: unknown keyword "${k}": an annotation, not checked${typo ? ` (a typo of "${typo}"?)` : ''}`;
    }),
    ...ineffective,
  ];
}

/**
 * Where in the document a schema error is: the schema holding the offending keyword, searched
 * from the schema that failed through the components it references.
 */
function errorPointer(doc: unknown, schemaAt: string, reason: string): string {
  const invalidAt = reason.match(/^schema is invalid: data(\/\S*?)\s/)?.[1];
  if (invalidAt !== undefined) {
    const defs = invalidAt.match(/^\/\$defs\/([^/]+)(.*)$/);
    return defs ? `${defPointer(pointerToPath(`/${defs[1]!}`)[0]!)}${defs[2]}` : schemaAt + invalidAt;
  }
  const keyword = reason.match(/unknown keyword: "([^"]+)"/)?.[1];
  if (!keyword) return schemaAt;
  const seen = new Set<string>();
  const search = (at: string): string | undefined => {
    if (seen.has(at)) return undefined;
    seen.add(at);
    let found: string | undefined;
    const refs: string[] = [];
    walkSchema(resolvePointer(doc, at), (node, ctx) => {
      if (!found && Object.hasOwn(node, keyword)) found = appendPointer(ctx.pointer, keyword);
      if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) refs.push(node.$ref);
    }, at);
    for (const r of refs) found ??= search(pathToPointer(fragmentToPath(r)));
    return found;
  };
  return search(schemaAt) ?? schemaAt;
}

/**
 * Compile a document's schemas up front so a broken schema (a typo such as `maxLenght`, which
 * strict mode rejects) is one clear error naming the file and line, not a failure mid-run.
 */
function compileOrExplain(validators: ValidatorSet, src: OpenApiSource, pointers: Map<string, string>): void {
  for (const key of validators.keys()) {
    try {
      validators.get(key);
    } catch (e) {
      const reason = (e as Error).message.split('\n')[0];
      const schemaAt = pointers.get(key) ?? '';
      const at = src.locate(errorPointer(src.data, schemaAt, reason));
      throw new SpecError(at.file ?? src.file, at.line, at.column, `invalid schema: ${reason}`);
    }
  }
}

/** The name a document is known by: its folder for `<api>/openapi.yaml`, else its file name without the extension. */
export const apiNameOf = (file: string): string =>
  basename(file) === 'openapi.yaml' ? basename(dirname(file)) : basename(file).replace(/\.(ya?ml|json)$/i, '');

/** A bundled API by name (`mangopay`), or any OpenAPI file by path (`as`: the API name to give it). Loaded once per process. */
export function loadApi(nameOrFile: string, as?: string): Promise<LoadedApi> {
  const bundled = bundledApiNames().includes(nameOrFile);
  const file = bundled ? bundledSpecFile(nameOrFile) : resolve(nameOrFile);
  const name = bundled ? nameOrFile : (as ?? apiNameOf(file));
  const key = bundled ? `bundled:${nameOrFile}` : `${file}\0${name}`;
  let hit = cache.get(key);
  if (!hit) {
    if (!bundled && !existsSync(file)) {
      return Promise.reject(
        new SpecError(nameOrFile, undefined, undefined, `no such file (and not a bundled API: ${bundledApiNames().join(', ')})`),
      );
    }
    hit = load(file, name, bundled);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

export async function loadBundledApis(names?: string[]): Promise<LoadedApi[]> {
  const all = bundledApiNames();
  for (const n of names ?? []) if (!all.includes(n)) throw new SpecError(n, undefined, undefined, `unknown API (bundled: ${all.join(', ')})`);
  return Promise.all((names?.length ? [...new Set(names)] : all).map((n) => loadApi(n)));
}

/**
 * What check and validate run on: the bundled APIs (all by default), plus any `--spec` document;
 * only those if just they are given. Every API gets its own name: two documents called
 * `things.yaml` in different folders are `things` and `things-2`.
 */
export async function loadTargets(names?: string[], specs?: string[]): Promise<LoadedApi[]> {
  const bundled = names?.length || !specs?.length ? await loadBundledApis(names) : [];
  const taken = new Set(bundled.map((a) => a.name));
  const extra: Promise<LoadedApi>[] = [];
  const seen = new Set<string>();
  for (const spec of specs ?? []) {
    const bundledName = bundledApiNames().includes(spec);
    const file = bundledName ? bundledSpecFile(spec) : resolve(spec);
    if (seen.has(file)) continue; // the same document twice is one API
    seen.add(file);
    const base = bundledName ? spec : apiNameOf(file);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    extra.push(bundledName && name === spec ? loadApi(spec) : loadApi(bundledName ? file : spec, name));
  }
  return [...bundled, ...(await Promise.all(extra))];
}
