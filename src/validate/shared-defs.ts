/** Compiling many self-contained schemas of one document in one Ajv: each `$defs` entry becomes its own schema, registered and compiled once. */
import type { JsonSchema } from '../model/types.js';
import { fragmentToPath, pathToFragment } from '../util/pointer.js';
import { mapSchema, isObj, type Obj } from '../openapi/walk.js';
import { registerExtensions, type AjvInstance } from './ajv.js';
import { isAnnotation } from './annotations.js';
import { SchemaCheck } from './schema-check.js';
import { canQuiet, quiet, quietPath } from './quiet.js';

export interface SharedDefsOptions {
  /**
   * For validators that only give a verdict: annotations are left out of what is compiled
   * (annotations.ts), alike entries are shared, and schemas are checked node by node
   * (schema-check.ts; the Ajv is then made with `checkedSchemas`).
   */
  verdictOnly?: boolean;
  /**
   * Verdict-only: a reference to a whole entry becomes a call that compiles the entry on its
   * first use (CALL_KEYWORD). Only where no schema of the set asks which properties or items
   * another evaluated (`unevaluated*`, dynamic references): a call does not tell its caller.
   */
  lazy?: boolean;
}

/** The keyword a lazily linked reference becomes: its value is the registered entry's id. */
export const CALL_KEYWORD = 'specgate:call';

const ID_PREFIX = 'specgate:def:';
const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * A document's self-contained schemas (model/self-contained.ts) each carry a copy of every
 * component they reach under `$defs`, and those copies are the same objects across the document.
 * Compiled as they are, a 3 MB document whose operations all reach a deep model graph compiles
 * that graph once per operation (61 s, 960 MB for 987 validators). Here each `$defs` entry is
 * added to the Ajv once, under its own id, with `#/$defs/X` references turned into that id:
 * Ajv then compiles it once and every validator that reaches it calls the same function.
 */
export class SharedDefs {
  private readonly ids = new WeakMap<object, string>();
  private next = 0;
  /** Verdict-only: registered entries by their content, so components alike but for their annotations compile once. */
  private readonly byContent = new Map<string, string>();
  /** Entries whose bodies are being linked, and those of them a body reached again (a cycle: not shared by content). */
  private readonly open = new Set<string>();
  private readonly cyclic = new Set<string>();
  private readonly checker: SchemaCheck | undefined;
  /** Verdict-only: entries registered under the quiet keyword (quiet.ts), so pointers into them go through it. */
  private readonly quiet = new Set<string>();

  constructor(
    private readonly ajv: AjvInstance,
    private readonly options: SharedDefsOptions = {},
  ) {
    this.checker = options.verdictOnly ? new SchemaCheck(ajv) : undefined;
    if (options.verdictOnly && options.lazy) {
      // A large document's models are mostly reached through optional properties that a given
      // answer leaves out: compiled only once data reaches them, most never are.
      const fns = new Map<string, (data: unknown) => boolean>();
      ajv.addKeyword({
        keyword: CALL_KEYWORD,
        schemaType: 'string',
        errors: false,
        validate: (id: string, data: unknown) => {
          let fn = fns.get(id);
          if (!fn) {
            fn = ajv.getSchema(id) as ((data: unknown) => boolean) | undefined;
            if (!fn) throw new Error(`no schema registered as ${id}`);
            fns.set(id, fn);
          }
          return fn(data);
        },
      });
    }
  }

  /** Verdict-only: throws where a schema about to be compiled is not a valid 2020-12 schema (Ajv does not check it). */
  check(schema: JsonSchema): void {
    this.checker?.check(schema);
  }

  /** The id under which a `$defs` entry (by identity) is registered, registering it on first sight. */
  private idOf(def: Obj, defs: Record<string, unknown>): string {
    let id = this.ids.get(def);
    if (id !== undefined) {
      if (this.open.has(id)) for (const o of this.open) this.cyclic.add(o);
      return id;
    }
    id = `${ID_PREFIX}${this.next++}`;
    this.ids.set(def, id); // before its body: a recursive component refers to itself
    if (this.options.verdictOnly && canQuiet(def)) this.quiet.add(id);
    this.open.add(id);
    let body: Obj;
    try {
      body = this.relink(def, defs) as Obj;
    } finally {
      this.open.delete(id);
    }
    // Without annotations, two components are often the same schema (requests that differ only in
    // their descriptions, one shape under two names): a verdict needs it compiled once. A component
    // on a cycle refers to its own id, so it is never taken for another.
    const content = this.options.verdictOnly && !this.cyclic.has(id) ? JSON.stringify(body) : undefined;
    const same = content === undefined ? undefined : this.byContent.get(content);
    if (same !== undefined) {
      this.ids.set(def, same);
      return same;
    }
    registerExtensions(this.ajv, body);
    this.check(body);
    this.ajv.addSchema({ ...(this.quiet.has(id) ? quiet(body) : body), $id: id });
    if (content !== undefined) this.byContent.set(content, id);
    return id;
  }

  /** A copy of a schema whose `#/$defs/X...` references point at X's registered id. */
  private relink(schema: unknown, defs: Record<string, unknown>): unknown {
    return mapSchema(schema, (node) => {
      if (typeof node.$ref !== 'string' || !node.$ref.startsWith('#/$defs/')) return node;
      const [, name, ...rest] = fragmentToPath(node.$ref);
      const def = defs[String(name)];
      if (!isObj(def)) return node;
      const id = this.idOf(def, defs);
      const path = rest.map(String);
      if (this.options.lazy && path.length === 0) {
        const { $ref: _, ...siblings } = node;
        return { ...siblings, [CALL_KEYWORD]: id };
      }
      return { ...node, $ref: `${id}${pathToFragment(path.length > 0 && this.quiet.has(id) ? quietPath(path) : path)}` };
    }, this.options.verdictOnly ? isAnnotation : undefined);
  }

  /**
   * The schema to compile in place of a self-contained one: its root, `$defs` left out, referring
   * to the registered entries. (A component with an `$id` of its own may clash when registered:
   * the caller then compiles the schema as it is.)
   */
  prepare(schema: JsonSchema): JsonSchema {
    if (!isObj(schema) || !isObj(schema.$defs)) return schema;
    const defs = schema.$defs as Record<string, unknown>;
    const { $defs: _, ...root } = schema;
    // Any pointer into the root's own $defs still resolves: they are linked, not copied.
    return this.relink(root, defs) as JsonSchema;
  }

  /**
   * The registered entry a prepared schema is no more than a reference to (`{$ref: id}`, and at
   * most the default `$schema`), else undefined. Generated documents' body schemas are all this
   * shape (`$ref: '#/$defs/X'` plus X's `$defs`): the entry's own validator is the schema's, one
   * compile instead of a wrapper's compile around a call to it.
   */
  entryOf(prepared: JsonSchema): string | undefined {
    if (isObj(prepared) && typeof prepared[CALL_KEYWORD] === 'string' && Object.keys(prepared).every((k) => k === CALL_KEYWORD || (k === '$schema' && prepared.$schema === DIALECT))) return prepared[CALL_KEYWORD];
    if (!isObj(prepared) || typeof prepared.$ref !== 'string' || !prepared.$ref.startsWith(ID_PREFIX)) return undefined;
    const id = prepared.$ref.endsWith('#') ? prepared.$ref.slice(0, -1) : prepared.$ref;
    if (id.includes('#')) return undefined; // a place inside the entry
    for (const k of Object.keys(prepared)) if (k !== '$ref' && !(k === '$schema' && prepared.$schema === DIALECT)) return undefined;
    return id;
  }
}
