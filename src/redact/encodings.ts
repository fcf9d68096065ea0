/**
 * Every spelling a secret can take in specgate's output, so that masking catches it in each:
 * URL-encoded (component, whole URL, form), JSON-escaped, shell-quoted (as curl lines quote),
 * HTML- and XML-escaped, GitHub workflow-command escaped, base64 (also inside `user:pass`), and any
 * two of these stacked (a curl line inside a JSON report, a JSON body inside a curl line...).
 */
import { githubData, githubProp, htmlEscape, shellQuote, xmlEscape } from '../util/escape.js';

const tryEncode = (f: (s: string) => string) => (s: string) => {
  try {
    return f(s);
  } catch {
    return s; // a lone surrogate cannot be percent-encoded: that spelling cannot occur either
  }
};

const ENCODERS: ((s: string) => string)[] = [
  tryEncode(encodeURIComponent),
  tryEncode(encodeURI),
  (s) => new URLSearchParams([['', s]]).toString().slice(1),
  (s) => JSON.stringify(s).slice(1, -1),
  (s) => shellQuote(s).slice(1, -1),
  htmlEscape,
  xmlEscape,
  (s) => xmlEscape(s).replace(/'/g, '&apos;'),
  githubData,
  githubProp,
];

/**
 * Base64 of the secret, whole, and the part of its encoding that does not depend on what comes
 * before or after it at each of the three byte alignments (`Basic base64(user:secret)`).
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const out = [bytes.toString('base64'), bytes.toString('base64url')];
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const first = Math.ceil(k / 3); // the first 3-byte group that holds secret bytes only
    const last = Math.floor((k + bytes.length) / 3); // groups before this one end inside the secret
    const core = enc.slice(4 * first, 4 * last);
    // A short core would mask ordinary base64 by chance.
    if (core.length >= 8) out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** The secret and every encoded spelling of it, distinct, longest first. */
export function encodedForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const once = [secret, ...base64Forms(secret)];
  for (const f of once) {
    forms.add(f);
    for (const e1 of ENCODERS) {
      const a = e1(f);
      forms.add(a);
      for (const e2 of ENCODERS) forms.add(e2(a));
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}
