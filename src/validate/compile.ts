/** Compiling validators at run time for schemas without a prebuilt standalone one. */
import type { ErrorObject } from 'ajv';
import type { JsonSchema } from '../model/types.js';
import { createAjv, registerExtensions, type AjvInstance, type AjvSetup } from './ajv.js';
import { SharedDefs } from './shared-defs.js';
import { canQuiet, quiet } from './quiet.js';
import { discriminatorReading } from './discriminator.js';
import standaloneModule from 'ajv/dist/standalone/index.js';

type StandaloneFn = typeof standaloneModule.default;
const standaloneCode: StandaloneFn = (standaloneModule as unknown as { default: StandaloneFn }).default ?? (standaloneModule as unknown as StandaloneFn);

/** A fresh Ajv for a schema compiled whole (its own `$defs`), with its extensions registered. */
function createAjvFor(schema: JsonSchema, setup: AjvSetup = {}): AjvInstance {
  const ajv = createAjv(setup);
  registerExtensions(ajv, schema);
  return ajv;
}

/** Exports per call of Ajv's standalone code generator (see standaloneOf). */
const STANDALONE_CHUNK = 1000;

/**
 * Validators compiled in one Ajv (created with `keepSource`) as one standalone CommonJS module:
 * `exports[key]`. Ajv joins the exports one by one, each time copying every code item so far
 * (quadratic, and past some 5000 exports a spread overflows the stack): so at most
 * STANDALONE_CHUNK exports per call, each chunk in a function scope of its own, since two
 * chunks may each emit a component they both reference.
 */
export function standaloneOf(ajv: AjvInstance, fns: Map<string, ValidateFn>): string {
  // Ajv's standalone code reaches each export through getSchema(ref): here the ref is the key.
  const byKey = Object.create(ajv, { getSchema: { value: (key: string) => fns.get(key) } }) as AjvInstance;
  const keys = [...fns.keys()];
  const chunk = (part: string[]) => standaloneCode(byKey, Object.fromEntries(part.map((k) => [k, k])));
  if (keys.length <= STANDALONE_CHUNK) return chunk(keys);
  const parts: string[] = [];
  for (let i = 0; i < keys.length; i += STANDALONE_CHUNK) parts.push(`(function () {${chunk(keys.slice(i, i + STANDALONE_CHUNK))}\n})();`);
  return parts.join('\n');
}

export type ValidateFn = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * The validators of one Ajv: each `$defs` entry registered once (shared-defs.ts), and each
 * distinct schema compiled once (generated documents repeat the same schema across operations).
 */
class Compiler {
  readonly ajv: AjvInstance;
  private readonly shared: SharedDefs;
  private readonly byContent = new Map<string, ValidateFn>();
  /** False once a schema had to be compiled in an Ajv of its own: the set is then not one standalone module. */
  oneAjv = true;

  get size(): number {
    return this.byContent.size;
  }

  constructor(private readonly setup: AjvSetup & { lazy?: boolean }) {
    // Verdict code inlines no component: Ajv need not size each one at every reference (2-4% fewer
    // instructions for a cold validate of 3 MB, valgrind), and a verdict is the same either way.
    // Its schemas are checked by SharedDefs, node by node, not by the Ajv.
    this.ajv = createAjv({ inlineRefs: setup.verdictOnly ? false : 8, ...setup, checkedSchemas: setup.verdictOnly });
    this.shared = new SharedDefs(this.ajv, { verdictOnly: setup.verdictOnly, lazy: setup.lazy });
  }

  compile(schema: JsonSchema): ValidateFn {
    let prepared: JsonSchema;
    let whole = false;
    try {
      prepared = this.shared.prepare(schema);
    } catch {
      [prepared, whole] = [schema, true]; // a component with an id of its own clashed, or failed the schema check: compile this one whole, in Ajv's own way
    }
    // A verdict needs no particular wrapper: a schema that only refers to an entry is that entry.
    const entry = !whole && this.setup.verdictOnly ? this.shared.entryOf(prepared) : undefined;
    const content = entry ?? JSON.stringify(prepared);
    let fn = this.byContent.get(content);
    if (!fn) {
      if (whole) this.oneAjv = false;
      fn = whole ? this.compileWhole(schema) : this.compileShared(schema, prepared, entry);
      this.byContent.set(content, fn);
    }
    return fn;
  }

  private compileShared(schema: JsonSchema, prepared: JsonSchema, entry: string | undefined): ValidateFn {
    try {
      if (entry !== undefined) return this.ajv.getSchema(entry) as ValidateFn;
      registerExtensions(this.ajv, prepared);
      this.shared.check(prepared);
      const root = this.setup.verdictOnly && canQuiet(prepared) ? quiet(prepared) : prepared;
      return this.ajv.compile(root as object) as ValidateFn;
    } catch {
      // Linked in one Ajv, a schema may not compile where it does on its own (a reference to a
      // component's `$id` or `$anchor`, which the linked copy no longer resolves): compiled whole,
      // it either works or fails with Ajv's own error, pointing into its own `$defs`.
      this.oneAjv = false;
      return this.compileWhole(schema);
    }
  }

  private compileWhole(schema: JsonSchema): ValidateFn {
    return createAjvFor(schema, { verdictOnly: this.setup.verdictOnly }).compile(schema as object) as ValidateFn;
  }
}

/**
 * A verdict-only validator backed by a full one, compiled only when some data fails: a run of
 * conforming traffic never generates error-reporting code (the larger part of a cold load of a
 * 3 MB document), while a failure still carries every error, its data and its x-source.
 */
function verdictFirst(verdict: ValidateFn, full: () => ValidateFn): ValidateFn {
  const fn = ((data: unknown) => {
    let passed = false;
    try {
      passed = verdict(data);
    } catch {
      // A component compiled on first use (shared-defs.ts) that does not compile: the full
      // validator compiles the same schema and throws Ajv's own error, or judges the data.
    }
    if (passed) {
      fn.errors = null;
      return true;
    }
    const f = full();
    const ok = f(data);
    fn.errors = f.errors;
    return ok;
  }) as ValidateFn;
  return fn;
}

const EVALUATION = new Set(['unevaluatedProperties', 'unevaluatedItems', '$dynamicRef', '$recursiveRef']);

/** Does any schema (any object in them, once each) use a keyword that depends on what its subschemas evaluated? */
function asksEvaluated(schemas: Iterable<JsonSchema>): boolean {
  const seen = new WeakSet<object>();
  const visit = (v: unknown): boolean => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return false;
    seen.add(v);
    if (Array.isArray(v)) return v.some(visit);
    for (const [k, x] of Object.entries(v)) if (EVALUATION.has(k) || visit(x)) return true;
    return false;
  };
  for (const s of schemas) if (visit(s)) return true;
  return false;
}

/**
 * Validators of one API, by key. Precompiled (standalone, generated at build time or cached by an
 * earlier run) where available; otherwise compiled on first use and kept, so each schema is compiled once.
 */
export class ValidatorSet {
  private readonly compiled = new Map<string, ValidateFn>();
  /** Full validators (every error, verbose): all of them where the source is kept, else those some data failed. */
  private full: Compiler | undefined;
  /** Verdict-only validators, where the source is not kept. */
  private verdicts: Compiler | undefined;

  constructor(
    private readonly schemas: Map<string, JsonSchema>,
    precompiled?: Record<string, ValidateFn>,
    /** standalone: generated at build time; cache: standalone code an earlier run of the same document wrote (validate/cache.ts). */
    readonly origin: 'standalone' | 'cache' | 'runtime' = precompiled ? 'standalone' : 'runtime',
    /** Keep the generated source, so `standalone()` can write the set out (validate/cache.ts). */
    private readonly keepSource = false,
  ) {
    if (precompiled) for (const [k, v] of Object.entries(precompiled)) this.compiled.set(k, v);
  }

  get precompiled(): boolean {
    return this.origin !== 'runtime';
  }

  has(key: string): boolean {
    return this.schemas.has(key);
  }

  /** How many distinct schemas have a full (error-reporting) validator so far. */
  get fullCount(): number {
    return this.full?.size ?? 0;
  }

  private fullOf(schema: JsonSchema): ValidateFn {
    return (this.full ??= new Compiler({ keepSource: this.keepSource })).compile(schema);
  }

  get(key: string): ValidateFn | undefined {
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const schema = this.schemas.get(key);
    if (schema === undefined) return undefined;
    let fn: ValidateFn;
    if (this.keepSource) fn = this.fullOf(schema);
    else {
      try {
        const verdict = (this.verdicts ??= new Compiler({ verdictOnly: true, lazy: !asksEvaluated(this.schemas.values()) })).compile(schema);
        let full: ValidateFn | undefined;
        fn = verdictFirst(verdict, () => (full ??= this.fullOf(schema)));
      } catch {
        // A broken schema: the full compiler's error is the one to show (the same checks, its messages).
        fn = this.fullOf(schema);
      }
    }
    this.compiled.set(key, fn);
    return fn;
  }

  /**
   * Every validator of the set as one standalone CommonJS module (`exports[key]`), for the cache;
   * undefined unless all were compiled here with their source kept.
   */
  standalone(): string | undefined {
    const full = this.full;
    if (!this.keepSource || !full?.oneAjv || this.precompiled) return undefined;
    const keys = [...this.schemas.keys()];
    if (!keys.every((k) => this.compiled.has(k))) return undefined;
    try {
      return standaloneOf(full.ajv, this.compiled);
    } catch {
      return undefined; // the cache is an optimisation: a set Ajv cannot write out is compiled again next run
    }
  }

  private readonly readings = new Map<string, ValidateFn | null>();

  /**
   * The full validator of a schema's discriminator reading (discriminator.ts), compiled the first
   * time some data fails the schema itself; undefined where the schema has no discriminated oneOf.
   */
  discriminated(key: string): ValidateFn | undefined {
    let hit = this.readings.get(key);
    if (hit === undefined) {
      const schema = this.schemas.get(key);
      const reading = schema === undefined ? undefined : discriminatorReading(schema);
      try {
        hit = reading === undefined ? null : this.fullOf(reading);
      } catch {
        hit = null; // the schema's own validator has already judged the data; this reading only softens it
      }
      this.readings.set(key, hit);
    }
    return hit ?? undefined;
  }

  /** Compile everything now (lint, build): surfaces schema errors up front. */
  compileAll(): void {
    for (const key of this.schemas.keys()) this.get(key);
  }

  keys(): string[] {
    return [...this.schemas.keys()];
  }
}
