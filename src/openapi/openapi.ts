/** OpenAPI documents: loading one (3.1) with the file and line of any problem, and checking its `$ref`s. */
import type { OpenAPIV3_1 } from 'openapi-types';
import { SpecError } from './errors.js';
import { readSource, type SourceFile } from './source.js';
import { resolvePointer } from '../util/pointer.js';
import { walkOpenApi } from './walk.js';

export { resolvePointer };

export interface OpenApiSource extends SourceFile {
  document: OpenAPIV3_1.Document;
}

/** Every `$ref` must point at something: a dangling one is reported at its own line. */
function checkRefs(src: SourceFile, doc: unknown): void {
  walkOpenApi(doc, {
    ref(ref, pointer) {
      const here = src.locate(pointer);
      if (!ref.startsWith('#')) {
        throw new SpecError(src.file, here.line, here.column, `$ref '${ref}' points outside the document; bundle it first (only local '#/...' references are supported)`);
      }
      if (resolvePointer(src.data, ref) === undefined) {
        throw new SpecError(src.file, here.line, here.column, `$ref '${ref}' points to nothing`);
      }
    },
  });
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
  checkRefs(src, doc);
  return { ...src, document: doc as unknown as OpenAPIV3_1.Document };
}
