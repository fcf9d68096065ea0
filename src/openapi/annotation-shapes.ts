/**
 * Annotations written in a shape JSON Schema 2020-12's meta-schema does not allow (SendGrid's
 * `examples: {single: {value: …}}`, OpenAPI's Example Object map, in a Schema Object) and a 3.1
 * document's leftover `nullable` with no `type` (Ajv refuses both). Neither asserts anything
 * about a value, so neither may refuse the document: the first is dropped with a warning at its
 * line, the second means the same with or without it (a schema with no `type` already allows
 * null) and is dropped silently.
 */
import { appendPointer } from '../util/pointer.js';
import { walkOpenApi } from './walk.js';

/** The 2020-12 meta-data keywords and the type the meta-schema gives each. */
const SHAPES: Readonly<Record<string, 'string' | 'boolean' | 'array'>> = {
  title: 'string',
  description: 'string',
  $comment: 'string',
  deprecated: 'boolean',
  readOnly: 'boolean',
  writeOnly: 'boolean',
  examples: 'array',
};

const shapeOf = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/** Drops the annotations above from every schema of the (loaded, 3.1) document; one note per dropped keyword. */
export function dropMisshapenAnnotations(doc: unknown): { pointer: string; message: string }[] {
  const notes: { pointer: string; message: string }[] = [];
  walkOpenApi(doc, {
    schema(node, ctx) {
      for (const [keyword, shape] of Object.entries(SHAPES)) {
        if (!Object.hasOwn(node, keyword) || shapeOf(node[keyword]) === shape) continue;
        notes.push({ pointer: appendPointer(ctx.pointer, keyword), message: `"${keyword}" is ${shapeOf(node[keyword]) === 'object' ? 'an object' : `a ${shapeOf(node[keyword])}`}, not ${shape === 'array' ? 'an array' : `a ${shape}`} (JSON Schema 2020-12 meta-data): an annotation, not read` });
        delete node[keyword];
      }
      const typeless = node.type === undefined || (node.nullable === false && ([] as unknown[]).concat(node.type).includes('null'));
      if (Object.hasOwn(node, 'nullable') && typeless) delete node.nullable;
    },
  });
  return notes;
}
