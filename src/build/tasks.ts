/** Build tasks: standalone validator sources per bundled API, the JSON Schema captures and the parse cache. */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readSource, textHash } from '../openapi/source.js';
import { parseCacheDir } from '../openapi/paths.js';
import { join } from 'node:path';
import { bundledApiNames } from '../openapi/registry.js';
import { specsDir } from '../openapi/paths.js';
import { loadApi } from '../validate/load.js';
import { captures, captureText } from '../model/captures.js';
import { schemaEntries } from '../validate/schemas.js';
import { standaloneSource } from '../validate/standalone.js';

/** Standalone validator sources, one ESM module per bundled API (build output, never edited). */
export async function validatorSources(modules: { formats: string; regex: string }): Promise<{ api: string; source: string }[]> {
  const out = [];
  for (const name of bundledApiNames()) {
    const api = await loadApi(name);
    out.push({ api: name, source: standaloneSource(schemaEntries(api.model), api.model.hash, modules) });
  }
  return out;
}

/** Expected content of every committed JSON Schema capture, by path. */
export async function expectedCaptures(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of bundledApiNames()) {
    const api = await loadApi(name);
    for (const c of captures(api.model)) files.set(join(specsDir(), name, 'schemas', c.fileName), captureText(c.schema));
  }
  return files;
}

/** Rewrite specs/<api>/schemas/ from the OpenAPI documents (stale files removed). */
export async function writeCaptures(): Promise<number> {
  const files = await expectedCaptures();
  for (const name of bundledApiNames()) {
    const dir = join(specsDir(), name, 'schemas');
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(dir)) if (f.endsWith('.schema.json') && !files.has(join(dir, f))) rmSync(join(dir, f));
  }
  for (const [file, text] of files) writeFileSync(file, text);
  return files.size;
}

/** JSON copies of every bundled YAML file, keyed by content hash: start-up skips the YAML parser. */
export function writeParseCache(): number {
  const dir = parseCacheDir();
  mkdirSync(dir, { recursive: true });
  let n = 0;
  for (const name of bundledApiNames()) {
    const folder = join(specsDir(), name);
    for (const f of readdirSync(folder).filter((x) => /\.ya?ml$/.test(x))) {
      const file = join(folder, f);
      const text = readFileSync(file, 'utf8');
      writeFileSync(join(dir, `${textHash(text)}.json`), JSON.stringify(readSource(file).data));
      n++;
    }
  }
  return n;
}
