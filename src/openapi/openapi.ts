/** OpenAPI documents: loading one (3.1) with the file and line of any problem, and checking its `$ref`s. */
import type { OpenAPIV3_1 } from 'openapi-types';
import { SpecError } from './errors.js';
import { readSource, type SourceFile } from './source.js';
import { resolvePointer } from '../util/pointer.js';
import { walkOpenApi } from './walk.js';

export { resolvePointer };
import { upgradeDocument } from './upgrade.js';

export interface OpenApiSource extends SourceFile {
  document: OpenAPIV3_1.Document;
  /** The version the file declared when it was upgraded to 3.1 on load (`3.0.3`, `2.0`). */
  upgradedFrom?: string;
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

/**
 * Load an OpenAPI document: 3.1 as it is, 3.0.x and Swagger 2.0 upgraded to 3.1 on the way in.
 * Anything else is refused with the file and line of the problem; after an upgrade, every
 * position still points into the user's own file.
 */
export function loadOpenApi(file: string): OpenApiSource {
  let src = readSource(file);
  const doc = src.data as Record<string, unknown> | null;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new SpecError(file, 1, 1, 'not an OpenAPI document (expected a mapping at the top level)');
  }
  let upgradedFrom: string | undefined;
  const version = typeof doc.openapi === 'string' ? doc.openapi : typeof doc.swagger === 'string' ? doc.swagger : undefined;
  if (version === undefined) {
    throw new SpecError(file, 1, 1, `not an OpenAPI document: no 'openapi' (3.x) or 'swagger' (2.0) field`);
  }
  if (!/^3\.1\.\d+$/.test(version)) {
    if (!/^(3\.0\.\d+|2\.0)$/.test(version)) {
      const at = src.locate(typeof doc.openapi === 'string' ? '/openapi' : '/swagger');
      throw new SpecError(file, at.line, at.column, `unsupported version '${version}' (specgate reads OpenAPI 3.1 and 3.0, and Swagger 2.0)`);
    }
    if (doc.paths !== undefined && (doc.paths === null || typeof doc.paths !== 'object')) {
      const at = src.locate('/paths');
      throw new SpecError(file, at.line, at.column, `'paths' must be a mapping`);
    }
    const up = upgradeDocument(doc);
    const original = src.locate;
    src = { ...src, data: up.data, locate: (p) => original(up.origin(p)) };
    upgradedFrom = up.from;
  }
  const data = src.data as Record<string, unknown>;
  if (data.paths !== undefined && (data.paths === null || typeof data.paths !== 'object')) {
    const at = src.locate('/paths');
    throw new SpecError(file, at.line, at.column, `'paths' must be a mapping`);
  }
  checkRefs(src, data);
  return { ...src, document: data as unknown as OpenAPIV3_1.Document, upgradedFrom };
}
