/** `{{Name}}` placeholders, filled from state answers, --var values and binding defaults. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

export class UnresolvedVariable extends Error {
  constructor(readonly variable: string) {
    super(`unresolved variable '${variable}' (give it with --var ${variable}=... or have the provider state return it)`);
  }
}

/**
 * Fill `{{Name}}` placeholders. Strict (the default): an unknown name is an error, for what
 * specgate itself wrote (parameters, states). Lenient: an unknown name stays as written, for the
 * document's own text, where `{{credentials}}` may be a vendor's template, not ours.
 */
export function substitute<T>(value: T, vars: Record<string, string>, strict = true): T {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (whole: string, name: string) => {
      if (name in vars) return vars[name];
      if (strict) throw new UnresolvedVariable(name);
      return whole;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars, strict)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, substitute(v, vars, strict)])) as T;
  }
  return value;
}

/** A request's placeholders: its parameters strictly (specgate wrote them), its body leniently (the document's example may hold a vendor's own `{{...}}`). */
export function substituteRequest<T extends { body?: unknown }>(request: T, vars: Record<string, string>): T {
  const { body, ...rest } = request;
  return { ...substitute(rest, vars), ...(body !== undefined ? { body: substitute(body, vars, false) } : {}) } as T;
}

/** RFC 7386 JSON merge patch: objects merge, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
