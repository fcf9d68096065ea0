/** Publishing contracts to a Pact Broker, credentials redacted, retries bounded. */
import { Redactor } from '../redact/redactor.js';
import { contractsDir } from '../openapi/paths.js';
import { runPact } from './binary.js';
import { readContracts } from './contracts.js';
import { probe } from '../execute/probe.js';

export interface PublishOptions {
  brokerUrl: URL;
  token?: string;
  username?: string;
  password?: string;
  consumerVersion: string;
  branch?: string;
  tags?: string[];
  buildUrl?: string;
  /** The broker client's retries of 5xx answers (its own default, 8, waits about two minutes). */
  retries?: number;
  apis?: string[];
  contractsDir?: string;
  redactor?: Redactor;
}

export type PublishOutcome =
  | { ok: true; output: string; files: string[] }
  /** `rejected`: the broker refused the contracts (exit 1); `setup`: credentials, broker failure, nothing to publish (exit 2). */
  | { ok: false; kind: 'rejected' | 'setup'; reason: string; output: string; files: string[] };

/** Secrets of a publication, as they may appear in any output: the values and the Basic header form. */
export function publishRedactor(opts: Pick<PublishOptions, 'token' | 'username' | 'password'>, redactor = new Redactor()): Redactor {
  redactor.add(opts.token);
  redactor.add(opts.password);
  if (opts.username !== undefined && opts.password !== undefined) redactor.add(Buffer.from(`${opts.username}:${opts.password}`).toString('base64'));
  return redactor;
}

function classify(output: string): { kind: 'rejected' | 'setup'; reason: string } {
  const status = /failed: (\d{3})\b[^.]*/.exec(output);
  const code = status ? Number(status[1]) : undefined;
  if (code === 401 || code === 403) return { kind: 'setup', reason: `the broker refused the credentials (${status![0].replace(/^failed: /, '')})` };
  if (code === 409) return { kind: 'rejected', reason: `the broker refused the contracts: 409 Conflict (this consumer version already has a different pact for a provider; publish under a new --consumer-version)` };
  if (code !== undefined && code >= 400 && code < 500) return { kind: 'rejected', reason: `the broker refused the contracts (${status![0].replace(/^failed: /, '')})` };
  if (code !== undefined) return { kind: 'setup', reason: `the broker failed (${status![0].replace(/^failed: /, '')})` };
  const line = output.split('\n').map((l) => l.replace(/^[^\w]*❌\s*/u, '').trim()).find((l) => l) ?? 'the broker client failed';
  return { kind: 'setup', reason: line };
}

/**
 * Publish contracts/ with the official broker client (`pact broker publish`). Credentials go
 * to the child through its environment (PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and
 * PACT_BROKER_PASSWORD), never its arguments, and everything it prints is scrubbed.
 */
export async function publishContracts(opts: PublishOptions): Promise<PublishOutcome> {
  const redactor = publishRedactor(opts, opts.redactor);
  const files = readContracts(opts.contractsDir ?? contractsDir(), opts.apis).map((c) => c.file);
  const down = await probe(opts.brokerUrl);
  if (down) return { ok: false, kind: 'setup', reason: `broker ${redactor.text(opts.brokerUrl.origin)} unreachable: ${down}`, output: '', files };

  const args = ['broker', 'publish', ...files, '--consumer-app-version', opts.consumerVersion];
  if (opts.branch) args.push('--branch', opts.branch);
  // The client takes one --tag with a comma-separated list (repeating the flag is an error).
  if (opts.tags?.length) args.push('--tag', opts.tags.join(','));
  if (opts.buildUrl) args.push('--build-url', opts.buildUrl);
  if (opts.retries !== undefined) args.push('--retries', String(opts.retries));
  // Only the chosen credentials reach the child: a token left in the environment must not win over --broker-username.
  const env = {
    PACT_BROKER_BASE_URL: opts.brokerUrl.href.replace(/\/+$/, ''),
    PACT_BROKER_TOKEN: opts.token,
    PACT_BROKER_USERNAME: opts.token === undefined ? opts.username : undefined,
    PACT_BROKER_PASSWORD: opts.token === undefined ? opts.password : undefined,
  };
  const run = await runPact(args, env);
  const output = redactor.text([run.stdout, run.stderr].filter((s) => s.trim()).join('\n'));
  if (run.code === 0) return { ok: true, output, files };
  return { ok: false, ...classify(output), output, files };
}
