import type { OpenAPIV3_1 } from 'openapi-types';
import { SpecError } from './errors.js';
import { readSource, pointerToPath, pathToPointer, type SourceFile } from './source.js';

export interface OpenApiSource extends SourceFile {
  document: OpenAPIV3_1.Document;
}

/** Resolve a local JSON pointer (`#/components/...`) inside a document. */
export function resolvePointer(root: unknown, ref: string): unknown {
  let cur: unknown = root;
  for (const key of pointerToPath(ref)) {
    if (cur === null || typeof cur !== 'object' || !(key in (cur as object))) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Every `$ref` must point at something: a dangling one is reported at its own line. */
function checkRefs(src: SourceFile, node: unknown, path: (string | number)[]): void {
  if (Array.isArray(node)) {
    node.forEach((v, i) => checkRefs(src, v, [...path, i]));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  if (typeof obj.$ref === 'string') {
    const ref = obj.$ref;
    const here = src.locate(pathToPointer([...path, '$ref']));
    if (!ref.startsWith('#')) {
      throw new SpecError(src.file, here.line, here.column, `$ref '${ref}' points outside the document; bundle it first (only local '#/...' references are supported)`);
    }
    if (resolvePointer(src.data, ref) === undefined) {
      throw new SpecError(src.file, here.line, here.column, `$ref '${ref}' points to nothing`);
    }
  }
  for (const [k, v] of Object.entries(obj)) {
    // Examples are data, not schema: a "$ref" key inside one is a value.
    if (k === 'example' || k === 'value') continue;
    checkRefs(src, v, [...path, k]);
  }
}

/** Load an OpenAPI 3.1 document, refusing anything else with the file and line of the problem. */
export function loadOpenApi(file: string): OpenApiSource {
  const src = readSource(file);
  const doc = src.data as Record<string, unknown> | null;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new SpecError(file, 1, 1, 'not an OpenAPI document (expected a mapping at the top level)');
  }
  if (typeof doc.openapi !== 'string') {
    const swagger = typeof doc.swagger === 'string' ? ` (found swagger ${doc.swagger})` : '';
    throw new SpecError(file, 1, 1, `not an OpenAPI 3.1 document: no 'openapi' field${swagger}`);
  }
  if (!/^3\.1\.\d+$/.test(doc.openapi)) {
    const at = src.locate('/openapi');
    throw new SpecError(file, at.line, at.column, `not an OpenAPI 3.1 document: openapi is '${doc.openapi}' (specgate reads 3.1.x)`);
  }
  if (doc.paths !== undefined && (doc.paths === null || typeof doc.paths !== 'object')) {
    const at = src.locate('/paths');
    throw new SpecError(file, at.line, at.column, `'paths' must be a mapping`);
  }
  checkRefs(src, doc, []);
  return { ...src, document: doc as unknown as OpenAPIV3_1.Document };
}
