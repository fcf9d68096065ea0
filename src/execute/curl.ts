/** A curl command line that replays a request, credentials shown as ***. */
import type { ExchangeRequest } from './types.js';
import type { Redactor } from './redact.js';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A shell command that replays a request; credentials show as *** so it can be pasted into a ticket. */
export function curlCommand(req: ExchangeRequest, redactor: Redactor): string {
  const parts = ['curl', '-sS', '-i', '-X', req.method.toUpperCase(), quote(redactor.text(req.url))];
  for (const [k, v] of Object.entries(redactor.headers(req.headers))) parts.push('-H', quote(`${k}: ${v}`));
  if (req.body !== undefined && req.body !== '') parts.push('--data-raw', quote(redactor.text(req.body)));
  return parts.join(' ');
}
