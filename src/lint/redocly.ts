/** Redocly's structural rules over one document, with a resolver that reads only the files the loader would (openapi/external.ts). */
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { readableFolders, refusedRef } from '../openapi/external.js';
import { pointerToPath } from '../util/pointer.js';

export { refusedRef };
import type { NormalizedProblem, Config, BaseResolver } from '@redocly/openapi-core';

type Redocly = typeof import('@redocly/openapi-core');

export interface StructProblem {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: 'error' | 'warning';
  message: string;
  pointer?: string;
}

let engine: Promise<{ redocly: Redocly; config: Config }> | undefined;

/**
 * Redocly's structural rules, loaded on first use: the import costs a few hundred milliseconds
 * that `check`, `serve` and the others should not pay. Telemetry is switched off before the
 * import because the library reads the variable when it loads.
 */
function load(): Promise<{ redocly: Redocly; config: Config }> {
  engine ??= (async () => {
    process.env.REDOCLY_TELEMETRY = 'off';
    const redocly = await import('@redocly/openapi-core');
    // `spec` is Redocly's ruleset of what the OpenAPI specification itself requires: `struct`
    // (the shape of every object), `no-unresolved-refs` and the like. No style rules.
    // `nullable` beside `$ref`/`allOf` without `type` is common in 3.0 documents and specgate reads
    // it (null is allowed): a warning, as in Redocly's `recommended`, not an error.
    const config = await redocly.createConfig({ extends: ['spec'], rules: { 'nullable-type-sibling': 'warn' } });
    return { redocly, config };
  })();
  return engine;
}

const REFUSED = 'specgate does not load';

/** Redocly's resolver, confined: a refused target is an unresolved ref (reported by local-refs), never a fetch or a read. */
function confinedResolver(redocly: Redocly, config: Config, folders: string[]): BaseResolver {
  class Confined extends redocly.BaseResolver {
    override async loadExternalRef(absoluteRef: string) {
      const why = refusedRef(absoluteRef, folders);
      if (why) throw new redocly.ResolveError(new Error(`${REFUSED} ${absoluteRef}: ${why}`));
      return super.loadExternalRef(absoluteRef);
    }
  }
  return new Confined(config.resolve);
}

/** Structural problems of one OpenAPI document (text already read), with file:line:col. */
/**
 * A discriminator mapping's value may be a schema's name, not only a reference (OpenAPI 3.x:
 * "mapping values MAY be schema names or references"); Redocly reads every value as a reference,
 * so `cat: Cat` beside a components/schemas/Cat is no unresolved reference.
 */
function nameMapping(p: NormalizedProblem, doc: () => unknown): boolean {
  const pointer = p.location[0]?.pointer?.replace(/^#/, '') ?? '';
  if (p.ruleId !== 'no-unresolved-refs' || !/\/discriminator\/mapping\/[^/]+$/.test(pointer)) return false;
  let node: unknown = doc();
  for (const k of pointerToPath(pointer)) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined;
  const schemas = (doc() as { components?: { schemas?: Record<string, unknown> } } | undefined)?.components?.schemas;
  return typeof node === 'string' && !/[/#]/.test(node) && schemas !== undefined && Object.hasOwn(schemas, node);
}

export async function structuralProblems(file: string, text: string): Promise<StructProblem[]> {
  const { redocly, config } = await load();
  let problems: NormalizedProblem[];
  try {
    const externalRefResolver = confinedResolver(redocly, config, readableFolders(file));
    let parsed: unknown;
    const doc = () => (parsed ??= parse(text, { uniqueKeys: false }) as unknown);
    problems = (await redocly.lintFromString({ source: text, absoluteRef: file, config, externalRefResolver })).filter((p) => !p.message.includes(REFUSED) && !nameMapping(p, doc));
  } catch (err) {
    // The YAML parser of specgate runs first and reports syntax itself; this is a backstop so a
    // document Redocly cannot read is still a finding, never a stack trace.
    const e = err as Error & { line?: number; col?: number };
    return [{ file, line: Number.isFinite(e.line) ? e.line! : 1, column: Number.isFinite(e.col) ? e.col! : 1, ruleId: 'struct', severity: 'error', message: `Redocly cannot read the document: ${e.message.split('\n')[0]}` }];
  }
  return problems.map((p) => {
    const loc = p.location[0];
    const at = loc ? redocly.getLineColLocation(loc) : undefined;
    return {
      file: loc?.source.absoluteRef ?? file,
      line: at?.start.line ?? 1,
      column: at?.start.col ?? 1,
      ruleId: p.ruleId,
      severity: p.severity === 'error' ? 'error' : 'warning',
      message: p.message,
      pointer: loc?.pointer?.replace(/^#/, ''),
    };
  });
}

/**
 * A document split over files, as one: Redocly's bundler pulls every `$ref`ed file into the
 * document (into `components`), with the same confined resolver as lint (files inside the
 * document's folder only; no URL is fetched). Unresolved references come back as problems.
 */
export async function bundleFile(file: string): Promise<{ document: unknown; problems: StructProblem[] }> {
  const { redocly, config } = await load();
  const absolute = resolve(file);
  const externalRefResolver = confinedResolver(redocly, config, readableFolders(absolute));
  const result = await redocly.bundle({ ref: absolute, config, externalRefResolver, dereference: false });
  // The bundler's warnings (two files' components of one name, renamed error-2) leave a sound bundle: said, not fatal.
  const problems = result.problems.filter((p) => p.ruleId === 'bundler' || p.severity === 'error' || p.message.includes(REFUSED));
  return {
    document: result.bundle.parsed,
    problems: problems.map((p) => {
      const loc = p.location[0];
      const at = loc ? redocly.getLineColLocation(loc) : undefined;
      const severity = p.severity === 'error' || p.message.includes(REFUSED) ? ('error' as const) : ('warning' as const);
      return { file: loc?.source.absoluteRef ?? absolute, line: at?.start.line ?? 1, column: at?.start.col ?? 1, ruleId: p.ruleId, severity, message: p.message, pointer: loc?.pointer?.replace(/^#/, '') };
    }),
  };
}
