/** Command-line parsing helpers: strict parseArgs, K=V pairs, integer and URL flags, as one-line usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs in strict mode, with its errors turned into one-line usage errors. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
  } catch (err) {
    const e = err as Error & { code?: string };
    // `--header X-Api-Key: $KEY` unquoted: the shell split the value off, so the "argument" is the credential.
    const stray = e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' ? argv.findIndex((a, i) => i > 0 && /:$/.test(argv[i - 1]) && !a.startsWith('-')) : -1;
    if (stray > 0) throw new UsageError(`unexpected argument after '${argv[stray - 1]}' (not shown: it may be a header's value); quote the header: --header "Name: value"`);
    // parseArgs messages are long and suggest '--' tricks; keep the part that names the flag.
    throw new UsageError(e.message.split('. ')[0].replace(/^Unknown option/, 'unknown option'));
  }
}

/** `--var K=V` / `--header "K: V"` lists into a record. */
export function parsePairs(values: string[] | undefined, sep: '=' | ':', flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [n, raw] of (values ?? []).entries()) {
    const i = raw.indexOf(sep);
    // A header without its colon cannot be told apart from its value ("Authorization Bearer <token>"): say which one, never what.
    if (i <= 0 && sep === ':') throw new UsageError(`${flag} #${n + 1} must look like "Name: value" (its text is not shown: it may hold a credential)`);
    // A `--var $TOKEN` typo would otherwise print part of the token: name the position, never the text.
    if (i <= 0) throw new UsageError(`${flag} #${n + 1} must look like K=V (its text is not shown: it may hold a secret)`);
    out[raw.slice(0, i).trim()] = raw.slice(i + 1).trim();
  }
  return out;
}

export function parseIntFlag(value: string | undefined, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${flag} must be an integer ≥ ${min}, got '${value}'`);
  return Number(value);
}

export function parseUrlFlag(value: string | undefined, flag: string): URL | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} '${value}' is not a URL (expected e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag} '${value}' must be an http or https URL`);
  return url;
}
