/** Which scenarios must not overlap: those that set up the same provider-wide (`scope: global`) state. */
import type { Bindings, StateRef } from '../openapi/bindings.js';

/**
 * One lock per global state a scenario sets up, by name whatever its params: a blocked country
 * blocks it for every request, so two scenarios blocking different ones still see each other's.
 * Entity states (a fresh user per setup) need none.
 */
export function locksFor(api: string, bindings: Bindings | undefined, states: StateRef[]): string[] | undefined {
  const global = new Set((bindings?.states ?? []).filter((s) => s.scope === 'global').map((s) => s.name));
  const locks = [...new Set(states.filter((s) => global.has(s.name)).map((s) => `${api} › ${s.name}`))];
  return locks.length ? locks : undefined;
}
