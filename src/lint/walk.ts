/** The places of an OpenAPI document the lint rules look at (schemas, value holders, examples, operations, refs), with pointers. */
import { followRefs, appendPointer } from '../util/pointer.js';
import { HTTP_METHODS, isObj, walkOpenApi, type Obj } from '../openapi/walk.js';

const ptr = appendPointer;

export interface SchemaSite {
  pointer: string;
  schema: Obj;
  /** Inside an `if`/`then`/`else`: part of the conditional rule of the schema that holds it. */
  inConditional: boolean;
}

/** A media type object, parameter or header: what holds a schema and examples of values. */
export interface ValueHolderSite {
  pointer: string;
  node: Obj;
  kind: 'media' | 'parameter' | 'header';
  /** Human label, e.g. `POST /users response 400 application/json`. */
  label: string;
}

export interface ExampleObjectSite {
  pointer: string;
  node: Obj;
}

export interface OperationSite {
  pointer: string;
  method: string;
  path: string;
  node: Obj;
}

export interface ResponseSite {
  pointer: string;
  status: string;
  node: Obj;
}

export interface DocumentSites {
  schemas: SchemaSite[];
  holders: ValueHolderSite[];
  exampleObjects: ExampleObjectSite[];
  operations: OperationSite[];
  /** Response objects written inline (under an operation) or in components. */
  responses: ResponseSite[];
  /** Every `$ref` outside example values. */
  refs: { pointer: string; ref: string }[];
}

/**
 * Every place the lint rules care about, each with its JSON pointer, collected by the one walker
 * (openapi/walk.ts): it follows the document's own layout and never follows `$ref`, so a
 * component is visited once, where it is written (that is where its line is).
 */
export function walkDocument(doc: unknown): DocumentSites {
  const out: DocumentSites = { schemas: [], holders: [], exampleObjects: [], operations: [], responses: [], refs: [] };
  walkOpenApi(doc, {
    // A bare reference is not a schema written here: its target is a site where it is written.
    schema: (schema, { pointer, inConditional }) => {
      if (typeof schema.$ref !== 'string') out.schemas.push({ pointer, schema, inConditional });
    },
    ref: (ref, pointer) => out.refs.push({ pointer, ref }),
    operation: (node, pointer, method, path) => out.operations.push({ pointer, method, path, node }),
    holder: (node, pointer, kind, label) => out.holders.push({ pointer, node, kind, label }),
    response: (node, pointer, status) => out.responses.push({ pointer, status, node }),
    example: (node, pointer) => out.exampleObjects.push({ pointer, node }),
  });
  return out;
}

/** Follow `$ref`s (local only) from a node; undefined if one dangles. */
export const deref = (doc: unknown, node: unknown): { node: unknown; pointer?: string } => followRefs(doc, node);

export { isObj, ptr, HTTP_METHODS };
