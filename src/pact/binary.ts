/** Running the pact-cli binaries (verifier, broker client) as child processes. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * The Rust `pact` binary that @pact-foundation/pact-cli ships (verifier, broker client).
 * Called directly rather than through the package's node wrappers: those inherit stdio, and
 * specgate must read (and scrub secrets from) everything the child prints.
 */
export function pactBinary(): string {
  if (process.env.SPECGATE_PACT_BIN) return process.env.SPECGATE_PACT_BIN;
  const require = createRequire(import.meta.url);
  try {
    const standalone = require('@pact-foundation/pact-cli/src/pact-standalone.js') as { standalone: () => { pactFullPath: string } };
    return standalone.standalone().pactFullPath;
  } catch (e) {
    throw new Error(`the Pact CLI binary is not installed for ${process.platform}-${process.arch} (@pact-foundation/pact-cli): ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
}

export interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Run `pact <args>` with extra environment, capturing output; secrets go through `env`, never argv (visible in `ps`). */
export function runPact(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 300_000): Promise<ChildResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(pactBinary(), args, {
      // Usage statistics are opt-out in the Pact core; a conformance run never phones home.
      env: { ...process.env, PACT_DO_NOT_TRACK: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, durationMs: Date.now() - started }));
  });
}
