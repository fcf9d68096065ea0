/** Compiling validators at run time for schemas without a prebuilt standalone one. */
import type { ErrorObject } from 'ajv';
import type { JsonSchema } from '../model/types.js';
import { createAjv, registerExtensions, type AjvInstance } from './ajv.js';
import { SharedDefs } from './shared-defs.js';

/** A fresh Ajv for a schema compiled whole (its own `$defs`), with its extensions registered. */
function createAjvFor(schema: JsonSchema): AjvInstance {
  const ajv = createAjv();
  registerExtensions(ajv, schema);
  return ajv;
}

export type ValidateFn = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * Validators of one API, by key. Precompiled (standalone, generated at build time) where
 * available; otherwise compiled on first use and kept, so each schema is compiled once.
 */
export class ValidatorSet {
  private readonly compiled = new Map<string, ValidateFn>();
  private ajv: AjvInstance | undefined;
  private shared: SharedDefs | undefined;
  /** Generated documents repeat the same schema across operations: compile each distinct one once. */
  private readonly byContent = new Map<string, ValidateFn>();

  constructor(
    private readonly schemas: Map<string, JsonSchema>,
    precompiled?: Record<string, ValidateFn>,
    readonly origin: 'standalone' | 'runtime' = precompiled ? 'standalone' : 'runtime',
  ) {
    if (precompiled) for (const [k, v] of Object.entries(precompiled)) this.compiled.set(k, v);
  }

  get precompiled(): boolean {
    return this.origin === 'standalone';
  }

  has(key: string): boolean {
    return this.schemas.has(key);
  }

  get(key: string): ValidateFn | undefined {
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const schema = this.schemas.get(key);
    if (schema === undefined) return undefined;
    this.ajv ??= createAjv({ inlineRefs: 8 });
    this.shared ??= new SharedDefs(this.ajv);
    let prepared: JsonSchema;
    let whole = false;
    try {
      prepared = this.shared.prepare(schema);
    } catch {
      [prepared, whole] = [schema, true]; // a component with an id of its own clashed: compile this one whole
    }
    const content = JSON.stringify(prepared);
    let fn = this.byContent.get(content);
    if (!fn) {
      registerExtensions(this.ajv, prepared);
      fn = (whole ? createAjvFor(schema) : this.ajv).compile(prepared as object) as ValidateFn;
      this.byContent.set(content, fn);
    }
    this.compiled.set(key, fn);
    return fn;
  }

  /** Compile everything now (lint, build): surfaces schema errors up front. */
  compileAll(): void {
    for (const key of this.schemas.keys()) this.get(key);
  }

  keys(): string[] {
    return [...this.schemas.keys()];
  }
}
