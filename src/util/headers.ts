/** HTTP header lookup by name, case-insensitively, in a plain record or a fetch `Headers`: the one copy. */

/** Headers as callers hold them: a record (values may be lists, as Node gives them) or a fetch `Headers`. */
export type HeaderBag = Record<string, string | string[] | undefined> | Headers;

const isHeaders = (h: unknown): h is Headers => typeof (h as Headers | undefined)?.get === 'function';

/** The key under which a record holds a header, whatever its case, or undefined. */
export function headerKey(headers: Record<string, unknown>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(headers, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(headers).find((k) => k.toLowerCase() === lower);
}

/** A header's value (a list joined with `, `, as HTTP folds repeated fields), or undefined when absent. */
export function headerValue(headers: HeaderBag | Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (isHeaders(headers)) return headers.get(name) ?? undefined;
  const key = headerKey(headers, name);
  const v = key === undefined ? undefined : headers[key];
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** Is a header present (any case)? */
export const hasHeader = (headers: HeaderBag | Record<string, unknown> | undefined, name: string): boolean => headerValue(headers, name) !== undefined;
