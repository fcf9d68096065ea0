/** Reading a spec file: text, hash, parse (cached at build time) and positions for file:line. */
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Node, Document } from 'yaml';
import { SpecError } from './errors.js';
import { parseCacheDir, userCacheDir } from './paths.js';
import { CACHE_FROM, cacheKey, readCacheEntry, writeCacheEntry } from './cache.js';
import { pointerToPath } from '../util/pointer.js';
import type { Event } from 'js-yaml';
import { eventLocator, jsYaml, type Locate } from './positions.js';

// The YAML parsers are loaded only when a file has no build-time parse cache, or a position is needed.
const require = createRequire(import.meta.url);
const yamlLib = () => require('yaml') as typeof import('yaml');

let lastHashed: { text: string; hash: string } | undefined;
/** The hash a text's cache entries are named by; the last one is kept, since one load asks for it several times (~10 ms for 3 MB). */
export function textHash(text: string): string {
  if (lastHashed?.text !== text) lastHashed = { text, hash: createHash('sha256').update(text).digest('hex').slice(0, 24) };
  return lastHashed.hash;
}

/** A parsed YAML/JSON file that still knows where each value came from. */
export interface SourceFile {
  file: string;
  text: string;
  data: unknown;
  /** 1-based line and column of the value at a JSON pointer (or of its nearest existing parent). */
  locate: Locate;
}

/** yaml's own guard against exponential alias expansion (its default). */
const MAX_ALIAS_COUNT = 100;

function parseYaml(file: string, text: string): { data: unknown; locate: SourceFile['locate'] } {
  const { LineCounter, parseDocument, isMap, isSeq, isScalar } = yamlLib();
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, uniqueKeys: true, strict: true, prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0] ?? lineCounter.linePos(err.pos[0]);
    const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new SpecError(file, pos?.line, pos?.col, `invalid YAML: ${reason}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (e) {
    if (!/alias/i.test((e as Error).message)) throw e;
    // The parser does not say which alias; the first one that makes it nest (an alias of
    // something holding aliases), else the first one at all, is where a reader starts.
    const aliases: Node[] = [];
    yamlLib().visit(doc, { Alias: (_, node) => void aliases.push(node as unknown as Node) });
    const nesting = aliases.find((a) => {
      let inner = false;
      const source = (a as unknown as { resolve(d: Document): Node | undefined }).resolve(doc);
      if (source) yamlLib().visit(source, { Alias: () => ((inner = true), yamlLib().visit.BREAK) });
      return inner;
    });
    const at = (nesting ?? aliases[0])?.range?.[0];
    const pos = at === undefined ? undefined : lineCounter.linePos(at);
    throw new SpecError(file, pos?.line, pos?.col, `too many YAML aliases: expanding them goes past ${MAX_ALIAS_COUNT} copies (an alias bomb would exhaust memory); this is the first alias of the expansion`);
  }
  const locate = (pointer: string) => {
    let node: Node | null | undefined = doc.contents as Node | null;
    let best: Node | null | undefined = node;
    for (const key of pointerToPath(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === key);
        if (!pair) break;
        // Point at the key, which is where a reader looks for "this field".
        best = (pair.key as Node) ?? best;
        node = pair.value as Node;
      } else if (isSeq(node)) {
        node = node.items[Number(key)] as Node;
        best = node ?? best;
      } else break;
    }
    const offset = best?.range?.[0] ?? 0;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return { data, locate };
}

/** Does a parsed value reach one object twice (a YAML alias: js-yaml shares the aliased value)? */
function sharesObjects(root: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (seen.has(v)) return true;
    seen.add(v);
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (x !== null && typeof x === 'object') stack.push(x);
  }
  return false;
}

/**
 * The data of a plain document, fast: js-yaml with YAML 1.2's core schema (the `yaml` parser's
 * default: no timestamps, no merge keys) reads a 3 MB document in ~0.16 s where `yaml`'s
 * position-keeping parse takes ~1 s. Anything unusual (an error, aliases, an empty document)
 * returns undefined and takes the careful path, whose errors name file and line and whose alias
 * limit stops an alias bomb. Positions are computed only when one is asked for (positions.ts).
 */
export function fastData(text: string): unknown {
  return fastParse(text)?.data;
}

/** fastData and the parser's events, which the positions asked for during the same load reuse. */
function fastParse(text: string): { data: unknown; events: Event[] } | undefined {
  try {
    const y = jsYaml();
    // What js-yaml's `load` does (events, then values from them), keeping the events.
    const events = y.parseEvents(text, {});
    const docs = y.constructFromEvents(events, { schema: y.CORE_SCHEMA, json: false, source: text });
    const data = docs.length === 1 ? docs[0] : undefined;
    return data === undefined || sharesObjects(data) ? undefined : { data, events };
  } catch {
    return undefined;
  }
}

/**
 * Positions computed on first use: from js-yaml's events, else from `yaml`'s full parse. The
 * events of the parse that read the data are held weakly: a load's own warnings (asked for in
 * the same synchronous job, which keeps them alive) skip a second parse of the text (~70 ms for
 * 3 MB), and a run that never asks for a position does not keep ~165,000 events in memory.
 */
function lazyLocate(file: string, text: string, events?: Event[]): Locate {
  const kept = events && new WeakRef(events);
  let locate: Locate | undefined;
  return (p) => (locate ??= eventLocator(text, kept?.deref()) ?? parseYaml(file, text).locate)(p);
}

/** YAML is a superset of JSON, so one parser serves both and gives positions for either. */
export function parseSource(file: string, text: string, options: { store?: boolean } = {}): SourceFile {
  // Bundled specs were parsed at build time; positions are only computed if something asks for one.
  const cached = join(parseCacheDir(), `${textHash(text)}.json`);
  if (existsSync(cached)) {
    return { file, text, data: JSON.parse(readFileSync(cached, 'utf8')), locate: lazyLocate(file, text) };
  }
  // A large file outside the build (a --spec document, lint's target) is cached the same way on disk.
  // (`store: false`: the caller caches what it derives from the data, so this entry would go unread.)
  const big = text.length >= CACHE_FROM && userCacheDir() !== undefined;
  const name = big ? `${cacheKey('parsed', textHash(text))}.json` : '';
  const hit = big ? readCacheEntry('parsed', name) : undefined;
  if (hit !== undefined) {
    try {
      const data = JSON.parse(hit) as unknown;
      return { file, text, data, locate: lazyLocate(file, text) };
    } catch {
      // a damaged entry: parse, and write it again
    }
  }
  const fast = fastParse(text);
  const { data, locate } = fast !== undefined ? { data: fast.data, locate: lazyLocate(file, text, fast.events) } : parseYaml(file, text);
  if (big && options.store !== false) {
    let exact = true;
    // JSON has no Infinity or NaN (YAML's .inf, .nan): such a file is not cached.
    const json = JSON.stringify(data, (_, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) exact = false;
      return v;
    });
    if (exact && json !== undefined) writeCacheEntry('parsed', name, json);
  }
  return { file, text, data, locate };
}

/** A spec file's text; one that cannot be read is a SpecError naming it. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SpecError(file, undefined, undefined, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`);
  }
}

export function readSource(file: string): SourceFile {
  return parseSource(file, readText(file));
}
