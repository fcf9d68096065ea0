import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadOpenApi } from '../openapi/openapi.js';
import { bindingsFileFor, loadBindings, type Bindings } from '../openapi/bindings.js';
import { bundledApiNames, bundledSpecFile } from '../openapi/registry.js';
import { generatedDir } from '../openapi/paths.js';
import { SpecError } from '../openapi/errors.js';
import { buildApiModel } from '../model/build.js';
import type { ApiModel, OperationModel } from '../model/types.js';
import { ValidatorSet, type ValidateFn } from './compile.js';
import { schemaEntries } from './schemas.js';

/** An API ready to use: its model, its bindings (if any) and its validators. */
export interface LoadedApi {
  name: string;
  model: ApiModel;
  bindings?: Bindings;
  validators: ValidatorSet;
  operation(operationId: string): OperationModel | undefined;
  bundled: boolean;
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
  const src = loadOpenApi(file);
  const bf = bindingsFileFor(file);
  const bindings = bf && (bundled || basename(file) === 'openapi.yaml') ? loadBindings(bf) : undefined;
  const model = buildApiModel(name, src, bindings);
  const byId = new Map(model.operations.map((o) => [o.operationId, o]));
  const validators = new ValidatorSet(schemaEntries(model), bundled ? await precompiled(name, model.hash) : undefined);
  if (!validators.precompiled) compileOrExplain(validators, src.file, src.text);
  return { name, model, bindings, validators, operation: (id) => byId.get(id), bundled };
}

/**
 * Compile a document's schemas up front so a broken schema (a typo such as `maxLenght`, which
 * strict mode rejects) is one clear error naming the file and line, not a failure mid-run.
 */
function compileOrExplain(validators: ValidatorSet, file: string, text: string): void {
  try {
    validators.compileAll();
  } catch (e) {
    const reason = (e as Error).message.split('\n')[0];
    const keyword = reason.match(/unknown keyword: "([^"]+)"/)?.[1] ?? reason.match(/format "([^"]+)"/)?.[1];
    const at = keyword ? text.split('\n').findIndex((l) => new RegExp(`^\\s*-?\\s*["']?${keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`).test(l) || l.includes(`"${keyword}"`)) : -1;
    throw new SpecError(file, at >= 0 ? at + 1 : undefined, undefined, `invalid schema: ${reason}`);
  }
}

/** A bundled API by name (`mangopay`), or any OpenAPI 3.1 file by path. Loaded once per process. */
export function loadApi(nameOrFile: string): Promise<LoadedApi> {
  const bundled = bundledApiNames().includes(nameOrFile);
  const file = bundled ? bundledSpecFile(nameOrFile) : resolve(nameOrFile);
  const key = bundled ? `bundled:${nameOrFile}` : file;
  let hit = cache.get(key);
  if (!hit) {
    if (!bundled && !existsSync(file)) {
      return Promise.reject(
        new SpecError(nameOrFile, undefined, undefined, `no such file (and not a bundled API: ${bundledApiNames().join(', ')})`),
      );
    }
    const name = bundled ? nameOrFile : basename(file) === 'openapi.yaml' ? basename(dirname(file)) : basename(file).replace(/\.(ya?ml|json)$/i, '');
    hit = load(file, name, bundled);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

export async function loadBundledApis(names?: string[]): Promise<LoadedApi[]> {
  const all = bundledApiNames();
  for (const n of names ?? []) if (!all.includes(n)) throw new SpecError(n, undefined, undefined, `unknown API (bundled: ${all.join(', ')})`);
  return Promise.all((names?.length ? names : all).map((n) => loadApi(n)));
}
