/**
 * Positions of JSON pointers in YAML/JSON text, from js-yaml's event stream: a 3 MB document is
 * located in ~0.1 s where `yaml`'s position-keeping parse takes ~0.9 s. It points where `yaml`
 * does (a mapping entry at its key, a sequence item at its value, a quoted scalar at its quote),
 * so file:line is the same whichever parser read the data.
 */
import { createRequire } from 'node:module';
import type { Event, ScalarEvent } from 'js-yaml';
import { pointerToPath } from '../util/pointer.js';

const require = createRequire(import.meta.url);
/** js-yaml, loaded on first use (bundled specs come parsed from the build and never need it). */
export const jsYaml = () => require('js-yaml') as typeof import('js-yaml');

/** A pointer's line and column; `file` where the value was written in another file than the document's (openapi/external.ts). */
export type Locate = (pointer: string) => { line: number; column: number; file?: string };

/** js-yaml's events of `text`, or undefined where it cannot read it. */
export function yamlEvents(text: string): Event[] | undefined {
  try {
    return jsYaml().parseEvents(text, {});
  } catch {
    return undefined;
  }
}

/**
 * A locator over the events of `text` (`events`: those of an earlier parse of the same text), or
 * undefined where js-yaml cannot read it (then `yaml` does).
 */
export function eventLocator(text: string, events: Event[] | undefined = yamlEvents(text)): Locate | undefined {
  const y = jsYaml();
  const { MAPPING, SEQUENCE, SCALAR, POP } = y.EVENT_ID;
  const { SINGLE_QUOTED, DOUBLE_QUOTED } = y.SCALAR_STYLE;
  if (!events) return undefined;
  if (events.length < 2 || events[1].type === POP) return undefined;

  /** The index just past the node that starts at `i`. */
  const after = (i: number): number => {
    const t = events[i].type;
    if (t !== MAPPING && t !== SEQUENCE) return i + 1;
    for (let depth = 0; ; i++) {
      const u = events[i].type;
      if (u === MAPPING || u === SEQUENCE) depth++;
      else if (u === POP && --depth === 0) return i + 1;
    }
  };
  const offsetOf = (e: Event): number => {
    if (e.type === SCALAR) return e.valueStart - (e.style === SINGLE_QUOTED || e.style === DOUBLE_QUOTED ? 1 : 0);
    if (e.type === MAPPING || e.type === SEQUENCE) return e.start;
    return 'anchorStart' in e && e.anchorStart > 0 ? e.anchorStart - 1 : 0;
  };
  let lineStarts: number[] | undefined;
  const position = (offset: number) => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    }
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };

  return (pointer) => {
    let i = 1; // events[0] opens the document
    let best = offsetOf(events[1]);
    for (const key of pointerToPath(pointer)) {
      const node = events[i];
      let next = -1;
      if (node.type === MAPPING) {
        for (let j = i + 1; events[j].type !== POP; ) {
          const k = events[j];
          const value = after(j);
          if (k.type === SCALAR && y.getScalarValue(text, k as ScalarEvent) === key) {
            // Point at the key, which is where a reader looks for "this field".
            best = offsetOf(k);
            next = value;
            break;
          }
          j = after(value);
        }
      } else if (node.type === SEQUENCE && /^(0|[1-9]\d*)$/.test(key)) {
        let j = i + 1;
        for (let n = Number(key); n > 0 && events[j].type !== POP; n--) j = after(j);
        if (events[j].type !== POP) {
          best = offsetOf(events[j]);
          next = j;
        }
      }
      if (next < 0) break;
      i = next;
    }
    return position(best);
  };
}
