/** The curl command that replays a request, every secret masked before it is shell-quoted. */
import type { ExchangeRequest } from './types.js';
import type { Redactor } from '../redact/redactor.js';
import { shellQuote as quote } from '../util/escape.js';

/** A shell command that replays a request; credentials show as *** so it can be pasted into a ticket. */
export function curlCommand(request: ExchangeRequest, redactor: Redactor): string {
  const req = redactor.request(request);
  // curl reads [..] and {..} in a URL as its own globs: a deepObject key (filter[min]=5) would be a "bad range".
  const glob = /[[\]{}]/.test(req.url) ? ['--globoff'] : [];
  const parts = ['curl', '-sS', '-i', ...glob, '-X', req.method.toUpperCase(), quote(req.url)];
  for (const [k, v] of Object.entries(req.headers)) parts.push('-H', quote(`${k}: ${v}`));
  if (req.body !== undefined && req.body !== '') parts.push('--data-raw', quote(req.body));
  return parts.join(' ');
}
