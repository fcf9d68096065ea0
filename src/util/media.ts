/** Media types: the one parser of a Content-Type, range matching, and the one "is this JSON" test. */

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  return contentType.split(';')[0].trim().toLowerCase() || undefined;
}

/** Does an actual media type satisfy a documented media range (`application/json`, `application/*`, `*\/*`)? */
export function mediaMatches(documented: string, actual: string): boolean {
  if (documented === actual || documented === '*/*') return true;
  const [dt, ds] = documented.split('/');
  const [at, as] = actual.split('/');
  if (ds === '*') return dt === at;
  // application/problem+json answers where application/json is documented? No: the spec must say so.
  return dt === at && ds === as;
}

/** Is a media type or Content-Type JSON: `application/json` or a `+json` suffix (RFC 6839), any parameters, any case. */
export function isJsonMedia(contentType: string | undefined): boolean {
  const m = mediaType(contentType);
  return !!m && (m === 'application/json' || m.endsWith('+json'));
}

/** A form body (`application/x-www-form-urlencoded`, `multipart/form-data`): an object sent field by field. */
export function isFormMedia(contentType: string | undefined): boolean {
  const m = mediaType(contentType);
  return m === 'application/x-www-form-urlencoded' || m === 'multipart/form-data';
}
