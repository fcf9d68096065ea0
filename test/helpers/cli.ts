import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'specgate.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run the built CLI as a user would (node bin/specgate.js ...), never through a shell. */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string>; dropEnv?: RegExp; onSpawn?: (kill: (s: NodeJS.Signals) => void, out: () => string) => void; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    // dropEnv: variables of the developer's own environment that must not leak into the run (e.g. PACT_BROKER_*).
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !opts.dropEnv?.test(k)));
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { ...inherited, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    opts.onSpawn?.((s) => child.kill(s), () => stdout + stderr);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}
