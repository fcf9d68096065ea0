/** The JSON Schema 2020-12 schema check, node by node, each distinct node once (for verdict-only validators, compile.ts). */
import { appendKey } from '../util/pointer.js';
import { isObj, subschemas, type Obj } from '../openapi/walk.js';
import type { AjvInstance } from './ajv.js';
import { linearPattern } from './regex.js';

/**
 * Keywords whose value the 2020-12 meta-schema judges by its type alone once every subschema in it
 * is `true`: maps of names to subschemas (any name), `enum` (`items: true`) and `const` (any
 * value). Their content is left out of a node's form, so nodes that differ only in property
 * names or listed values are checked once (1,072 forms become ~800 for a 3 MB document).
 */
const NAMES_FREE = new Set(['properties', '$defs', 'definitions', 'dependentSchemas']);

function canonical(form: Obj): Obj {
  for (const k of Object.keys(form)) {
    const v = form[k];
    // Only where every value became `true`: a value that is no schema (`a: 5`) stays to be refused.
    if (NAMES_FREE.has(k) && isObj(v) && Object.values(v).every((x) => x === true)) form[k] = {};
    else if (k === 'enum' && Array.isArray(v)) form[k] = [];
    else if (k === 'const') form[k] = null;
  }
  return form;
}

/**
 * Ajv checks each schema it is given against the meta-schema as a whole tree: for a large
 * document that is ~13,000 nodes, a sixth of compiling it. The meta-schema judges every
 * subschema on its own (through `$dynamicRef`), so a node can be checked with its subschemas
 * replaced by `true`, and a node already found valid in that form never again: ~1,500 distinct
 * forms for a 3 MB document. A position the walker does not know as a subschema stays as it is
 * and is checked in full, so nothing is checked less than Ajv checks it.
 *
 * A failure only has to be noticed here: the caller then compiles the schema in Ajv's own way
 * (compile.ts), whose error, with Ajv's wording and path, is the one reported.
 */
export class SchemaCheck {
  private readonly valid = new Set<string>();
  private readonly patterns = new Set<string>();
  private readonly done = new WeakSet<object>();

  constructor(private readonly ajv: AjvInstance) {}

  /** Throws where the schema is not a valid 2020-12 schema. */
  check(schema: unknown): void {
    this.node(schema, '');
  }

  private node(node: unknown, pointer: string): void {
    if (!isObj(node) || this.done.has(node)) return;
    this.checkPatterns(node);
    const subs = subschemas(node);
    const form: Obj = { ...node };
    const copied = new Set<string>();
    for (const { path } of subs) {
      let holder = form;
      for (let i = 0; i < path.length - 1; i++) {
        const k = String(path[i]);
        if (!copied.has(k)) {
          copied.add(k);
          holder[k] = Array.isArray(holder[k]) ? [...(holder[k] as unknown[])] : { ...(holder[k] as Obj) };
        }
        holder = holder[k] as Obj;
      }
      holder[String(path[path.length - 1])] = true;
    }
    // Judged in its canonical form, which fails where the node's own form fails (the error shown is Ajv's, compile.ts).
    const key = JSON.stringify(canonical(form));
    if (!this.valid.has(key)) {
      if (!this.ajv.validateSchema(form)) {
        throw new Error(`schema is invalid: ${(this.ajv.errors ?? []).map((e) => `data${pointer}${e.instancePath} ${e.message ?? e.keyword}`).join(', ')}`);
      }
      this.valid.add(key);
    }
    this.done.add(node);
    for (const sub of subs) this.node(sub.schema, sub.path.reduce<string>(appendKey, pointer));
  }

  /**
   * A pattern that is not a regular expression fails where Ajv generates its code, which for a
   * component compiled on first use (shared-defs.ts) is mid-run: found here, with the schema.
   */
  private checkPatterns(node: Obj): void {
    const found = [...(typeof node.pattern === 'string' ? [node.pattern] : []), ...(isObj(node.patternProperties) ? Object.keys(node.patternProperties) : [])];
    for (const p of found) {
      if (this.patterns.has(p)) continue;
      linearPattern(p); // throws as the compile would
      this.patterns.add(p);
    }
  }
}
