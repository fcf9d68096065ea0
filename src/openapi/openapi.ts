/** OpenAPI documents: loading one (3.1) with the file and line of any problem, and checking its `$ref`s. */
import type { OpenAPIV3_1 } from 'openapi-types';
import { SpecError } from './errors.js';
import { parseSource, readText, textHash, type SourceFile } from './source.js';
import { cacheKey, readCacheEntry, writeCacheEntry } from './cache.js';
import { resolvePointer } from '../util/pointer.js';
import { walkOpenApi } from './walk.js';
import { RefIndex, type BrokenRef } from './broken-refs.js';
import { dropMisshapenAnnotations } from './annotation-shapes.js';

export { resolvePointer };
import { upgradeDocument } from './upgrade.js';
import { mayReferOutside, mountExternal, type ExternalFile } from './external.js';
import { dropDialects, unreadDialects } from './dialect.js';

export interface OpenApiSource extends SourceFile {
  document: OpenAPIV3_1.Document;
  /** The version the file declared when it was upgraded to 3.1 on load (`3.0.3`, `2.0`). */
  upgradedFrom?: string;
  /**
   * With `loadOpenApi(file, { cache: true })`: store this load (the document as loaded and every
   * position asked for so far) so the next load of the same text skips parsing, upgrading and the
   * `$ref` checks. Called once the whole load went without error (validate/load.ts).
   */
  remember?(): void;
  /** This load came from the disk cache: the same text was loaded before (validate/load.ts then caches its validators too). */
  seenBefore?: boolean;
  /** The other files the document's `$ref`s read (external.ts), each as read: part of what it says. */
  files?: ExternalFile[];
  /** The `$ref`s that point to nothing, and every other one (to tell which operations reach them); absent when there are none. */
  brokenRefs?: RefIndex;
  /** What the load set aside without stopping (an annotation of the wrong shape), at a pointer. */
  notes?: { pointer: string; message: string }[];
}

/** Keywords that apply a subschema to the same value (no property or item is entered). */
const IN_PLACE = ['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else'];

/** The local `$ref`s a schema applies in place, each with the pointer of its `$ref` key. */
function inPlaceRefs(node: unknown, pointer: string, out: { ref: string; at: string }[] = []): { ref: string; at: string }[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return out;
  const o = node as Record<string, unknown>;
  if (typeof o.$ref === 'string' && o.$ref.startsWith('#')) out.push({ ref: o.$ref, at: `${pointer}/$ref` });
  for (const k of IN_PLACE) {
    const v = o[k];
    if (Array.isArray(v)) v.forEach((x, i) => inPlaceRefs(x, `${pointer}/${k}/${i}`, out));
    else inPlaceRefs(v, `${pointer}/${k}`, out);
  }
  return out;
}

/**
 * A `$ref` chain that comes back to where it started without entering a property or an item
 * (`A: {$ref: B}`, `B: {allOf: [{$ref: A}]}`) describes no value at all, and every tool that
 * expands it recurses forever. Recursion through properties or items is fine and left alone.
 */
function checkCycles(src: SourceFile, doc: unknown, refs: { ref: string; at: string }[]): void {
  const done = new Set<string>();
  const visit = (ref: string, path: string[], from: string): void => {
    if (done.has(ref)) return;
    const i = path.indexOf(ref);
    if (i >= 0) {
      const here = src.locate(from);
      const chain = [...path.slice(i), ref].map((r) => r.replace(/^#\/components\/schemas\//, '')).join(' → ');
      throw new SpecError(here.file ?? src.file, here.line, here.column, `$ref cycle: ${chain} (each applies the next to the same value, so the schema describes nothing)`);
    }
    const target = resolvePointer(doc, ref);
    for (const next of inPlaceRefs(target, ref.replace(/^#/, ''))) visit(next.ref, [...path, ref], next.at);
    done.add(ref);
  };
  for (const r of refs) visit(r.ref, [], r.at);
}

/** The first `$ref` cycle of a document as a SpecError at the ref that closes it (lint reports it as a finding). */
export function refCycle(src: SourceFile, doc: unknown): SpecError | undefined {
  const refs: { ref: string; at: string }[] = [];
  walkOpenApi(doc, { ref: (ref, at) => void (ref.startsWith('#') && resolvePointer(doc, ref) !== undefined && refs.push({ ref, at })) });
  try {
    checkCycles(src, doc, refs);
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  return undefined;
}

/**
 * Every `$ref` should point at something: a dangling one is kept, at its own line, for the
 * operations that reach it to be set aside (broken-refs.ts); a cycle stops the load at the ref
 * that closes it.
 */
function checkRefs(src: SourceFile, doc: unknown): RefIndex | undefined {
  const refs: { ref: string; at: string }[] = [];
  const broken: BrokenRef[] = [];
  walkOpenApi(doc, {
    ref(ref, pointer) {
      // Positions only on failure: locating re-parses the YAML, which the build-time parse cache avoids.
      const fail = (message: string) => {
        const here = src.locate(pointer);
        broken.push({ at: pointer, ref, message: `${here.file ?? src.file}:${here.line}:${here.column}: ${message}` });
      };
      // Other files' references were read before this (external.ts): what is left is an empty reference, the whole document.
      if (!ref.startsWith('#')) {
        return fail(`$ref '${ref}' names no part of the document: specgate reads '#/...' pointers into it and YAML or JSON files beside it ('./schemas.yaml#/Pet')`);
      }
      if (resolvePointer(src.data, ref) === undefined) return fail(`$ref '${ref}' points to nothing`);
      refs.push({ ref, at: pointer });
    },
  });
  checkCycles(src, doc, refs);
  return broken.length ? new RefIndex(refs, broken) : undefined;
}

/**
 * Load an OpenAPI document: 3.1 as it is, 3.0.x and Swagger 2.0 upgraded to 3.1 on the way in.
 * Anything else is refused with the file and line of the problem; after an upgrade, every
 * position still points into the user's own file.
 */
export function loadOpenApi(file: string, options: { cache?: boolean } = {}): OpenApiSource {
  const text = readText(file);
  return options.cache ? loadCached(file, text) : loadText(file, text);
}

interface CachedDocument {
  data: Record<string, unknown>;
  upgradedFrom?: string;
  /** pointer → [line, column]: the positions the load that wrote the entry asked for (warnings). */
  at: Record<string, [number, number]>;
}

/**
 * A large document's YAML parse and 3.0 upgrade cost seconds: an entry keyed by the text (and
 * specgate's code) holds the result. Positions not in the entry (an error found later) come from
 * a full load of the same text, made only then.
 */
function loadCached(file: string, text: string): OpenApiSource {
  const name = `${cacheKey('document', textHash(text))}.json`;
  const entry = readCacheEntry('documents', name);
  if (entry !== undefined) {
    try {
      const e = JSON.parse(entry) as CachedDocument;
      let full: OpenApiSource | undefined;
      const locate = (p: string) => {
        const hit = Object.hasOwn(e.at, p) ? e.at[p] : undefined;
        return hit ? { line: hit[0], column: hit[1] } : (full ??= loadText(file, text, false)).locate(p);
      };
      return { file, text, data: e.data, document: e.data as unknown as OpenAPIV3_1.Document, upgradedFrom: e.upgradedFrom, locate, seenBefore: true };
    } catch {
      // a damaged entry: load as if there were none, and write it again
    }
  }
  // This entry holds the upgraded data: the raw parse's own entry (source.ts) would go unread.
  const src = loadText(file, text, false);
  // The entry is keyed by this file's text: a document that reads other files is not stored,
  // nor one with broken references or notes (a hit skips the walks that find them).
  if (src.files || src.brokenRefs || src.notes) return src;
  const at: CachedDocument['at'] = {};
  const locate = (p: string) => {
    const r = src.locate(p);
    at[p] = [r.line, r.column];
    return r;
  };
  const remember = () => {
    let exact = true;
    // JSON has no Infinity or NaN (YAML's .inf, .nan): such a document is not cached.
    const json = JSON.stringify({ data: src.data as CachedDocument['data'], upgradedFrom: src.upgradedFrom, at } satisfies CachedDocument, (_, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) exact = false;
      return v;
    });
    if (exact) writeCacheEntry('documents', name, json);
  };
  return { ...src, locate, remember };
}

function loadText(file: string, text: string, storeParse = true): OpenApiSource {
  let src = parseSource(file, text, { store: storeParse });
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
  }
  // Other files first, so what they hold is upgraded with the rest.
  let files: ExternalFile[] | undefined;
  if (mayReferOutside(text)) {
    const ext = mountExternal(src);
    if (ext) [src, files] = [{ ...src, data: ext.data, locate: ext.locate }, ext.files];
  }
  if (!/^3\.1\.\d+$/.test(version)) {
    const up = upgradeDocument(src.data as Record<string, unknown>);
    const original = src.locate;
    src = { ...src, data: up.data, locate: (p) => original(up.origin(p)) };
    upgradedFrom = up.from;
  }
  const data = src.data as Record<string, unknown>;
  if (data.paths !== undefined && (data.paths === null || typeof data.paths !== 'object')) {
    const at = src.locate('/paths');
    throw new SpecError(file, at.line, at.column, `'paths' must be a mapping`);
  }
  if (upgradedFrom) dropDialects(data);
  const dialect = unreadDialects(data)[0];
  if (dialect) {
    const at = src.locate(dialect.pointer);
    throw new SpecError(at.file ?? file, at.line, at.column, dialect.message);
  }
  const notes = dropMisshapenAnnotations(data);
  const brokenRefs = checkRefs(src, data);
  return {
    ...src,
    document: data as unknown as OpenAPIV3_1.Document,
    upgradedFrom,
    ...(files ? { files } : {}),
    ...(brokenRefs ? { brokenRefs } : {}),
    ...(notes.length ? { notes } : {}),
  };
}
