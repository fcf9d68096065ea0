/** Realistic example values for provider-state values in contracts. */
import type { LoadedApi } from '../validate/load.js';

/**
 * Example values for what provider states hand out. The contract shows them (and the consumer
 * test sends them to the mock server); the verifier replaces them with the real state answers.
 * They must be valid wherever they land (a Qonto `id` is echoed in a `format: uuid` field), so
 * the spec's own examples are preferred, then these, then a readable stand-in.
 */
const KNOWN: Record<string, string> = {
  UserId: 'user_m_01JF7FKVP51PS3TYKCN79VZZ8M',
  id: '7d8c2b56-3f5a-4f0e-9a8d-1c2b3a4d5e6f',
  accountNumber: '1100012345',
  token: 'specgate-read-only-token',
};

function findKey(value: unknown, name: string, depth = 0): string | undefined {
  if (depth > 4 || value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === name && (typeof v === 'string' || typeof v === 'number')) return String(v);
    const inner = findKey(v, name, depth + 1);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

export function stateValueExample(api: LoadedApi, name: string): string {
  for (const op of api.model.operations) {
    const p = op.parameters.find((x) => x.name === name && x.example !== undefined);
    if (p) return String(p.example);
    for (const m of op.requestBody?.content ?? []) {
      // The first documented example only: later ones may be the vendor's "string" placeholders.
      for (const e of m.examples) {
        const v = findKey(e.value, name);
        if (v !== undefined && v !== 'string') return v;
      }
    }
  }
  return KNOWN[name] ?? `specgate-example-${name}`;
}
