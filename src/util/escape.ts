/** The escapes output channels apply (shell, HTML, XML, GitHub workflow commands): one definition each, shared by writers and redaction. */

/** A single-quoted shell word: `it's` → `'it'\''s'`. */
export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Text that lands in HTML: control characters (but tab and newline) are shown as U+FFFD, markup is escaped. */
export const htmlEscape = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Text or attribute content for XML 1.0, which cannot carry most control characters even escaped. */
export const xmlEscape = (s: string) =>
  s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** GitHub workflow command data: commands end at a newline and treat % specially. */
export const githubData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** GitHub workflow command property values: also `:` and `,`. */
export const githubProp = (s: string) => githubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
