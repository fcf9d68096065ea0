/** A contract in canonical form: stable keys and content, for committing and comparing. */
type Json = Record<string, unknown>;

const byDescription = (a: Json, b: Json) => {
  const x = String(a.description);
  const y = String(b.description);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * A contract in a stable form: interactions sorted by description, every key sorted. The Pact
 * core decides the rest (it writes no timestamps); `metadata` names the library versions that
 * wrote the file, so drift checks compare everything but it.
 */
export function normalizeContract(pact: Json): Json {
  const interactions = ((pact.interactions as Json[]) ?? []).slice().sort(byDescription);
  return { ...pact, interactions };
}

/** Compare contracts as JSON, without `metadata` (pact-js and Pact core versions). */
export function contractContent(pact: Json): Json {
  const { metadata: _metadata, ...rest } = pact;
  return normalizeContract(rest);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as Json)
        .sort()
        .map((k) => [k, sortKeys((v as Json)[k])]),
    );
  }
  return v;
}

/** Two-space JSON with sorted keys and a final newline: byte-stable across runs and platforms. */
export const canonicalJson = (v: unknown) => JSON.stringify(sortKeys(v), null, 2) + '\n';
