/** The start of a long text as a string of its own: a plain slice would keep the whole text alive. */

/**
 * `text.slice(0, n)` as a new flat string. V8 makes a slice of a long string a view into it, so a
 * 64 KB excerpt kept in a result would hold the 10 MB body it came from until the report is written.
 * The copy goes through a Buffer in the narrowest encoding that keeps every code unit (a cut
 * surrogate pair stays what it was).
 */
export function excerpt(text: string, n: number): string {
  if (text.length <= n) return text;
  const head = text.slice(0, n);
  const encoding = /[^\u0000-\u00ff]/.test(head) ? 'utf16le' : 'latin1';
  return Buffer.from(head, encoding).toString(encoding);
}
