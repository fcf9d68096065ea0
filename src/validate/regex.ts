/** Spec patterns in a linear-time engine (RE2, pure-JS re2js): no pattern and no value can block the process. */
import { RE2JS } from 're2js';

/** What Ajv (and the other users of a spec pattern) need of a compiled pattern. */
export interface RegExpLike {
  test(s: string): boolean;
}

/** Compiled patterns by their source (undefined: RE2 cannot run it). */
const compiled = new Map<string, RegExpLike | undefined>();

/**
 * A spec pattern (ECMA-262 syntax, as JSON Schema says) compiled for RE2, or undefined when RE2
 * cannot express it (lookaround, backreferences): those are the features that make a
 * backtracking engine take exponential time, and a linear-time one cannot run them at all.
 * A pattern that is not even a valid JavaScript regular expression throws, as RegExp would.
 */
export function linearPattern(pattern: string): RegExpLike | undefined {
  // Each pattern is compiled once per process: the schema check (schema-check.ts) and the
  // generated code of every Ajv that meets it ask for the same one.
  if (compiled.has(pattern)) return compiled.get(pattern);
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (e) {
    new RegExp(pattern, 'u'); // invalid JavaScript: this throws the error a user can read
    compiled.set(pattern, undefined);
    return undefined;
  }
  const like = { test: (s: string) => re.matcher(s).find() };
  compiled.set(pattern, like);
  return like;
}

const warned = new Set<string>();
let warnSink: (message: string) => void = (message) => void process.stderr.write(`specgate: warning: ${message}\n`);

/** Where the one warning per unsupported pattern goes (stderr by default). */
export function setPatternWarning(sink: (message: string) => void): void {
  warnSink = sink;
}

/**
 * Ajv's `code.regExp`: every `pattern` and `patternProperties` key goes through it, in runtime
 * and in standalone validators. A pattern RE2 cannot run is not checked (every value passes)
 * and warned about once: a value is never failed on our engine's limits, and never hangs.
 */
export function specRegExp(pattern: string): RegExpLike & { toString(): string } {
  const re = linearPattern(pattern);
  if (!re && !warned.has(pattern)) {
    warned.add(pattern);
    warnSink(`pattern ${JSON.stringify(pattern)} uses lookaround or a backreference, which the linear-time regex engine cannot run; values are not checked against it`);
  }
  // Ajv deduplicates compiled patterns by their string form.
  return { test: re ? (s) => re.test(s) : () => true, toString: () => `/${pattern}/` };
}

/** specRegExp as Ajv's RegExpEngine; `code` is how generated (standalone) code reaches it. */
export function regExpEngine(code: string): typeof specRegExp & { code: string } {
  return Object.assign((pattern: string) => specRegExp(pattern), { code });
}
