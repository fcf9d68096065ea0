/** Lint rule example-valid: every example validates against its schema. */
import type { Rule, RuleContext } from '../types.js';
import type { JsonSchema } from '../../model/types.js';
import { selfContained } from '../../model/self-contained.js';
import { createAjv, registerExtensions, type AjvInstance } from '../../validate/ajv.js';
import { SharedDefs } from '../../validate/shared-defs.js';
import { standaloneOf } from '../../validate/compile.js';
import { cachedValidators, storeValidators } from '../../validate/cache.js';
import { CACHE_FROM, cacheKey } from '../../openapi/cache.js';
import { textHash } from '../../openapi/source.js';
import { userCacheDir } from '../../openapi/paths.js';
import { toIssues, type ValidationIssue } from '../../validate/issues.js';
import { deref, isObj, ptr } from '../walk.js';
import { pointerToPath } from '../../util/pointer.js';

type ValidateFn = ((data: unknown) => boolean) & { errors?: import('ajv').ErrorObject[] | null };

/** One Ajv per document: compiled schemas (and the components they share) are reused across that document's examples. */
class Compiler {
  private ajv: AjvInstance;
  private shared: SharedDefs;
  private cache = new Map<string, ValidateFn | Error>();
  /** Every compile went through the one Ajv without an error: its validators can be written out as one standalone module. */
  clean = true;
  constructor(private readonly keepSource: boolean) {
    this.ajv = createAjv({ inlineRefs: 8, keepSource });
    this.shared = new SharedDefs(this.ajv);
  }
  compile(schema: JsonSchema): ValidateFn | Error {
    let prepared: JsonSchema;
    try {
      prepared = this.shared.prepare(schema);
    } catch (e) {
      return this.restart(e as Error);
    }
    const key = JSON.stringify(prepared);
    let hit = this.cache.get(key);
    if (!hit) {
      try {
        registerExtensions(this.ajv, prepared);
        hit = this.ajv.compile(prepared as object) as ValidateFn;
      } catch (e) {
        hit = this.restart(e as Error);
      }
      this.cache.set(key, hit);
    }
    return hit;
  }
  /** A failed compile can leave a half-registered schema behind; start clean for the next one. */
  private restart(e: Error): Error {
    this.clean = false;
    this.ajv = createAjv({ inlineRefs: 8, keepSource: this.keepSource });
    this.shared = new SharedDefs(this.ajv);
    this.cache.clear();
    return e;
  }
  standalone(fns: Map<string, ValidateFn>): string | undefined {
    return this.keepSource && this.clean ? standaloneOf(this.ajv, fns) : undefined;
  }
}

/** `/components/schemas/BankAccount/properties/iban` → `schema BankAccount.iban`, for messages. */
function schemaName(pointer: string): string {
  const parts = pointerToPath(pointer);
  const named = parts[0] === 'components' && parts[1] === 'schemas' ? parts.slice(2) : parts;
  return `schema ${named.filter((p, i) => !(p === 'properties' && i > 0)).join('.')}`;
}

function detail(i: ValidationIssue): string {
  switch (i.keyword) {
    case 'type':
      return `, got ${String(i.actual)}`;
    case 'enum':
    case 'const':
    case 'format':
    case 'pattern':
      return `, got ${JSON.stringify(i.actual)}`;
    case 'minLength':
    case 'maxLength':
      return `, got ${String(i.actual)}`;
    case 'additionalProperties':
      return `: '${pointerToPath(i.pointer).at(-1)}'`;
    default:
      return '';
  }
}

interface ExampleUse {
  /** Pointer of the example value: every error is reported inside it. */
  valuePointer: string;
  value: unknown;
  label: string;
}

interface ExampleSite {
  schemaPointer: string;
  schema: JsonSchema;
  uses: ExampleUse[];
}

/**
 * The validators of a document's example sites, by index. A 3 MB document's response schemas
 * reach its whole model graph: compiled once (components shared), and cached on disk like a
 * --spec document's validators (keyed by the text and the sites), so linting it again is fast.
 */
function validatorsOf(ctx: RuleContext, sites: ExampleSite[]): (ValidateFn | Error)[] {
  const useCache = userCacheDir() !== undefined && ctx.spec!.text.length >= CACHE_FROM;
  const key = useCache ? cacheKey('examples', textHash(ctx.spec!.text), ...sites.map((s) => s.schemaPointer)) : '';
  const hit = useCache ? cachedValidators(key) : undefined;
  if (hit && sites.every((_, i) => typeof hit[String(i)] === 'function')) return sites.map((_, i) => hit[String(i)]);
  const compiler = new Compiler(useCache);
  const out = sites.map((s) => compiler.compile(s.schema));
  if (useCache && out.every((v) => !(v instanceof Error))) {
    const code = compiler.standalone(new Map(out.map((v, i) => [String(i), v as ValidateFn])));
    if (code !== undefined) storeValidators(key, code);
  }
  return out;
}

function check(ctx: RuleContext, site: ExampleSite, validate: ValidateFn | Error): void {
  const { schemaPointer, uses } = site;
  if (validate instanceof Error) {
    ctx.report({ pointer: schemaPointer, message: `the examples of this schema cannot be checked: the schema does not compile (${validate.message.split('\n')[0]})` });
    return;
  }
  for (const use of uses) {
    if (validate(use.value)) continue;
    // Every error, not only the first: Ajv runs with allErrors, and each is its own finding.
    for (const issue of toIssues(validate.errors, 'body')) {
      // A missing or extra property is a fault of the object that holds it: name that object.
      const at = issue.keyword === 'required' || issue.keyword === 'additionalProperties' ? issue.pointer.replace(/\/[^/]*$/, '') : issue.pointer;
      ctx.report({ pointer: use.valuePointer + issue.pointer, message: `${use.label} does not match its schema: at ${at || '(root)'}: ${issue.message}${detail(issue)}` });
    }
  }
}

/** A schema with examples to check, self-contained; none when there is nothing to check. */
function site(ctx: RuleContext, schemaPointer: string, schema: unknown, uses: ExampleUse[]): ExampleSite[] {
  if (!uses.length || schema === undefined || (!isObj(schema) && typeof schema !== 'boolean')) return [];
  return [{ schemaPointer, schema: selfContained(ctx.spec!.data, schema as JsonSchema), uses }];
}

/**
 * Each example checked once against each schema as the user wrote them: the upgrade copies a
 * shared Swagger 2.0 body, or a shared response under an operation's own `produces`, into every
 * operation that uses it, and the same example at the same line is one finding, not one per
 * operation (whose labels would differ, so run.ts would not see the repeat).
 */
function once(ctx: RuleContext, sites: ExampleSite[]): ExampleSite[] {
  const origin = (p: string) => ctx.spec!.origin?.(p) ?? p;
  const seen = new Set<string>();
  return sites.flatMap((s) => {
    const schemaAt = origin(s.schemaPointer);
    const uses = s.uses.filter((u) => {
      const key = `${origin(u.valuePointer)}\0${schemaAt}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
    return uses.length ? [{ ...s, uses }] : [];
  });
}

/** Examples are what scenarios send and expect: one that its own schema rejects makes every check built on it wrong. */
export const exampleValid: Rule = {
  id: 'example-valid',
  description: 'Every example (media, named, parameter, header and schema examples; requests and responses) validates against its schema; every error is reported.',
  needs: ['spec'],
  check(ctx) {
    const doc = ctx.spec!.data;
    const sites = ctx.sites();
    const found: ExampleSite[] = [];
    for (const h of sites.holders) {
      const uses: ExampleUse[] = [];
      if ('example' in h.node) uses.push({ valuePointer: ptr(h.pointer, 'example'), value: h.node.example, label: `the example of ${h.label}` });
      if (isObj(h.node.examples)) {
        for (const [name, raw] of Object.entries(h.node.examples)) {
          const { node, pointer } = deref(doc, raw);
          if (!isObj(node) || !('value' in node)) continue; // externalValue, or a dangling $ref (struct reports it)
          const at = pointer ?? ptr(h.pointer, 'examples', name);
          uses.push({ valuePointer: ptr(at, 'value'), value: node.value, label: `example '${name}' of ${h.label}` });
        }
      }
      found.push(...site(ctx, ptr(h.pointer, 'schema'), h.node.schema, uses));
    }
    for (const s of sites.schemas) {
      const uses: ExampleUse[] = [];
      // Named where the user wrote it: the upgrade copies a shared Swagger 2.0 body into each
      // operation that uses it, and one example at one line is one finding (run.ts drops repeats).
      const name = schemaName(ctx.spec!.origin?.(s.pointer) ?? s.pointer);
      if ('example' in s.schema) uses.push({ valuePointer: ptr(s.pointer, 'example'), value: s.schema.example, label: `the example of ${name}` });
      if (Array.isArray(s.schema.examples)) s.schema.examples.forEach((v, i) => uses.push({ valuePointer: ptr(s.pointer, 'examples', i), value: v, label: `example #${i + 1} of ${name}` }));
      found.push(...site(ctx, s.pointer, s.schema, uses));
    }
    const checked = once(ctx, found);
    const validators = validatorsOf(ctx, checked);
    checked.forEach((s, i) => check(ctx, s, validators[i]));
  },
};
