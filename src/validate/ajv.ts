import Ajv2020Module from 'ajv/dist/2020.js';
import type { Options } from 'ajv';
import { _ } from 'ajv';
import { specgateFormats } from './formats.js';

// ajv ships CommonJS with a default export; under NodeNext the class sits on `.default`.
type Ajv2020Class = typeof Ajv2020Module.default;
const Ajv2020: Ajv2020Class = (Ajv2020Module as unknown as { default: Ajv2020Class }).default ?? (Ajv2020Module as unknown as Ajv2020Class);
export type AjvInstance = InstanceType<Ajv2020Class>;

/** Keywords OpenAPI 3.1 adds to JSON Schema: annotations for us, so strict mode still flags typos. */
const OPENAPI_VOCABULARY = ['example', 'xml', 'externalDocs', 'discriminator', 'nullable'];

export interface AjvSetup {
  /** For standalone code: how generated modules reach the format table. */
  formatsRequire?: string;
}

export function createAjv(setup: AjvSetup = {}): AjvInstance {
  const options: Options = {
    strictSchema: true,
    strictNumbers: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    // parentSchema on each error lets an issue carry the x-source of the constraint that failed.
    verbose: true,
    validateFormats: true,
    code: setup.formatsRequire ? { source: true, esm: true, formats: _`require(${setup.formatsRequire}).specgateFormats` } : { source: false },
  };
  const ajv = new Ajv2020(options);
  for (const [name, format] of Object.entries(specgateFormats)) ajv.addFormat(name, format);
  for (const keyword of OPENAPI_VOCABULARY) if (!ajv.getKeyword(keyword)) ajv.addKeyword({ keyword });
  return ajv;
}

/** `x-` extensions are allowed anywhere; register the ones a schema uses before compiling it. */
export function registerExtensions(ajv: AjvInstance, schema: unknown): void {
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k.startsWith('x-') && !ajv.getKeyword(k)) ajv.addKeyword({ keyword: k });
      if (k !== 'enum' && k !== 'const' && k !== 'examples' && k !== 'example' && k !== 'default') visit(v);
    }
  };
  visit(schema);
}
