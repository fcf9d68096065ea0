/** How deep JSON nests, measured without recursion, and the depth up to which specgate recurses over response data. */

/**
 * Bodies nested deeper than this are not parsed into values: a hostile answer of 10,000 nested
 * arrays would overflow the stack of every recursive reader (Ajv, the issue describer, redaction,
 * JSON.stringify). Real API documents nest a few dozen levels at most.
 */
export const MAX_JSON_DEPTH = 256;

/** The deepest nesting of `[` and `{` in JSON text (strings skipped); stops counting past `limit`. */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return max;
}

/** Why a JSON text is not parsed into a value, or undefined when it nests within the limit. */
export function tooDeep(text: string, limit = MAX_JSON_DEPTH): string | undefined {
  return jsonDepth(text, limit) > limit ? `the JSON body nests more than ${limit} levels deep: not parsed, not checked` : undefined;
}
