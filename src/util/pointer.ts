/** JSON Pointer (RFC 6901): the one encoder and decoder, plain pointers and `#...` URI fragments, and local `$ref` lookup. */

export type Path = (string | number)[];

const escape = (key: string | number) => String(key).replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** A pointer and one more key: `/a` + `b/c` → `/a/b~1c` (the hot path of whole-document walks). */
export const appendKey = (base: string, key: string | number): string => {
  const k = String(key);
  return `${base}/${k.includes('~') || k.includes('/') ? escape(k) : k}`;
};

/** `['paths', '/users', 0]` → `/paths/~1users/0`. The inverse of pointerToPath. */
export const pathToPointer = (path: Path): string => path.map((k) => '/' + escape(k)).join('');

/** `/paths/~1users/0` → `['paths', '/users', '0']`. A plain pointer is never URI-decoded: `%` is just a character. */
export function pointerToPath(pointer: string): string[] {
  if (pointer.startsWith('#')) return fragmentToPath(pointer);
  if (pointer === '') return [];
  return pointer.split('/').slice(1).map(unescape);
}

/** A pointer joined to more keys: `/a` + `b/c` → `/a/b~1c`. */
export const appendPointer = (base: string, ...keys: Path): string => base + pathToPointer(keys);

/**
 * `#/components/schemas/A%20B` → `['components', 'schemas', 'A B']`. A `$ref` is a URI, so its
 * fragment is percent-decoded first; a `%` that does not start an escape is kept as written
 * (as Redocly does), so no reference can make the decoder throw.
 */
export function fragmentToPath(fragment: string): string[] {
  const raw = fragment.replace(/^#/, '');
  if (raw === '') return [];
  return raw
    .split('/')
    .slice(1)
    .map((token) => {
      try {
        return unescape(decodeURIComponent(token));
      } catch {
        return unescape(token);
      }
    });
}

/** `['components', 'schemas', 'A B']` → `#/components/schemas/A%20B`. The inverse of fragmentToPath. */
export const pathToFragment = (path: Path): string => '#' + path.map((k) => '/' + encodeURIComponent(escape(k)).replace(/%24/g, '$')).join('');

/** The value at a pointer (plain or `#` fragment) inside a document, or undefined. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  for (const key of pointerToPath(pointer)) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * Follow local `$ref`s from a node to what they name (a chain of at most `hops`). `pointer` is
 * where the last one led; `node` is undefined when a reference is not local or dangles.
 */
export function followRefs(root: unknown, node: unknown, hops = 20): { node: unknown; pointer?: string } {
  let cur = node;
  let pointer: string | undefined;
  for (let i = 0; i < hops && isRefObject(cur); i++) {
    const ref = cur.$ref;
    if (!ref.startsWith('#')) return { node: undefined };
    pointer = pathToPointer(fragmentToPath(ref));
    cur = resolvePointer(root, ref);
  }
  return { node: cur, pointer };
}

export const isRefObject = (v: unknown): v is { $ref: string } =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { $ref?: unknown }).$ref === 'string';
