/** Placeholders `{{Name}}` in contracts: fixed values, defaults, or provider-state expressions. */
import { MatchersV3 } from '@pact-foundation/pact';

/** `{{Name}}` in scenario templates (same syntax as scenarios/substitute.ts). */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

export class UnresolvableValue extends Error {}

/**
 * Where a placeholder's value comes from when the contract is replayed by a Pact verifier:
 * fixed values (the bindings' `vars`, the spec's parameter examples) are written into the
 * contract; values a provider state hands out (a new user's id) become `fromProviderState`
 * expressions, so the verifier substitutes what the provider's state setup answered.
 */
export interface ValueSources {
  /** The bindings' vars (e.g. ClientId): no state answers them. */
  fixed: Record<string, string>;
  /** The spec's parameter examples: used only when no provider state is involved. */
  defaults: Record<string, string>;
  /** The interaction has provider states: unknown names are theirs to answer. */
  fromStates: boolean;
  /** A realistic example for a state-provided value (the consumer test and the contract show it). */
  example(name: string): string;
}

export const hasPlaceholder = (s: string) => new RegExp(PLACEHOLDER.source).test(s);

/** `{{UserId}}` → `${UserId}` (Pact's provider-state expression syntax), fixed values filled in. */
export function toExpression(s: string, src: ValueSources): { expression: string; example: string; stateNames: string[] } {
  const stateNames: string[] = [];
  const fill = (forExample: boolean) =>
    s.replace(PLACEHOLDER, (_, name: string) => {
      if (name in src.fixed) return src.fixed[name];
      if (!src.fromStates && name in src.defaults) return src.defaults[name];
      if (!src.fromStates) throw new UnresolvableValue(`'{{${name}}}' has no value: no provider state hands it out and no fixed value is given`);
      if (!forExample) stateNames.push(name);
      return forExample ? src.example(name) : '${' + name + '}';
    });
  return { expression: fill(false), example: fill(true), stateNames };
}

/** A string of the template as the contract should carry it: literal, or a provider-state expression. */
export function resolveString(s: string, src: ValueSources): unknown {
  if (!hasPlaceholder(s)) return s;
  const { expression, example, stateNames } = toExpression(s, src);
  return stateNames.length ? MatchersV3.fromProviderState(expression, example) : expression;
}

/** Deep version of resolveString for headers and bodies. */
export function resolveDeep(v: unknown, src: ValueSources): unknown {
  if (typeof v === 'string') return resolveString(v, src);
  if (Array.isArray(v)) return v.map((x) => resolveDeep(x, src));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, resolveDeep(x, src)]));
  return v;
}

/** Same walk, but into Pact's `${Name}` syntax as plain strings (for state params the verifier does not touch). */
export function expressionDeep(v: unknown, src: ValueSources): unknown {
  if (typeof v === 'string') return hasPlaceholder(v) ? toExpression(v, src).expression : v;
  if (Array.isArray(v)) return v.map((x) => expressionDeep(x, src));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, expressionDeep(x, src)]));
  return v;
}
