/** Ajv standalone code for an API's validators (built ahead of time). */
import standaloneModule from 'ajv/dist/standalone/index.js';
import type { JsonSchema } from '../model/types.js';
import { createAjv, registerExtensions } from './ajv.js';

type StandaloneFn = typeof standaloneModule.default;
const standaloneCode: StandaloneFn = (standaloneModule as unknown as { default: StandaloneFn }).default ?? (standaloneModule as unknown as StandaloneFn);

/**
 * ESM source of standalone validators for a set of schemas (build time only).
 * Exports `validators` (key → function) and `hash` (of the spec they came from), so a stale
 * build is detected and ignored rather than trusted.
 */
export function standaloneSource(schemas: Map<string, JsonSchema>, hash: string, modules: { formats: string; regex: string }): string {
  const ajv = createAjv({ formatsRequire: modules.formats, regexRequire: modules.regex });
  const names: Record<string, string> = {};
  let i = 0;
  for (const [key, schema] of schemas) {
    registerExtensions(ajv, schema);
    const name = `v${i++}`;
    ajv.addSchema(schema as object, key);
    names[name] = key;
  }
  const code = standaloneCode(ajv, names);
  const table = Object.entries(names)
    .map(([name, key]) => `  ${JSON.stringify(key)}: ${name},`)
    .join('\n');
  return `${code}\nexport const validators = {\n${table}\n};\nexport const hash = ${JSON.stringify(hash)};\n`;
}
