import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { startReferenceProvider } from '../src/provider/index.js';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
const DESIGN = join(ROOT, 'docs', 'DESIGN.md');

/** Flags and commands specgate adds beyond DESIGN.md's CLI table (extensions, never renames). */
const EXTENSIONS: Record<string, string[]> = { lint: ['--output'], check: ['--shard', '--config', '--strict'], 'merge-reports': ['--reporter', '--output', '--strict'] };

/** DESIGN.md's CLI table: command → the flags its synopsis names. */
function designFlags(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const line of readFileSync(DESIGN, 'utf8').split('\n')) {
    const m = /^\| `specgate (\w+)([^`]*)`/.exec(line);
    if (m) out.set(m[1], new Set([...(m[2].match(/--[a-z][a-z-]*/g) ?? []), ...(EXTENSIONS[m[1]] ?? [])]));
  }
  for (const [c, f] of Object.entries(EXTENSIONS)) if (!out.has(c)) out.set(c, new Set(f));
  return out;
}

/** Commands a run: step may use besides npm ci and npx specgate: plain shell, nothing that installs or fetches. */
const PLAIN_SHELL = new Set(['mkdir', 'echo', 'cat', 'ls', 'test', '[', 'cd', 'set', 'true', 'exit', 'cp', 'mv', 'rm', 'tee', 'printf', 'if', 'then', 'else', 'fi', 'for', 'do', 'done']);

/** Split a run: script into simple commands (lines, &&, ||, ;, |), after joining continuations. */
function commands(script: string): string[] {
  return script
    .replace(/\\\n/g, ' ')
    // A ${{ }} expression is substituted before the shell runs: keep only the flags it can add.
    .replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e: string) => (e.match(/--[a-z][a-z-]*/g) ?? ['EXPR']).join(' '))
    .split(/\n|&&|\|\||;|\|/)
    .map((c) => c.trim())
    .filter((c) => c && !c.startsWith('#'));
}

function problems(cmd: string, flags: Map<string, Set<string>>): string | undefined {
  const words = cmd.split(/\s+/);
  if (cmd === 'npm ci') return undefined;
  if (words[0] === 'npx') {
    if (words[1] !== 'specgate') return `npx runs something other than specgate: ${cmd}`;
    const known = flags.get(words[2]);
    if (!known) return `no such specgate command '${words[2]}': ${cmd}`;
    // Flags anywhere in the command, including inside ${{ ... }} expressions that may add one.
    const unknown = (cmd.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? []).filter((f) => !known.has(f));
    return unknown.length ? `specgate ${words[2]} has no flag ${unknown.join(', ')}` : undefined;
  }
  // A variable assignment (status=$?) is plain shell too.
  return PLAIN_SHELL.has(words[0]) || /^[A-Za-z_]\w*=\S*$/.test(cmd) ? undefined : `not npm ci, npx specgate or plain shell: ${cmd}`;
}

describe('.github/workflows', () => {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
  const flags = designFlags();

  it('DESIGN.md names the commands the workflows need', () => {
    for (const c of ['check', 'lint', 'publish']) expect(flags.has(c)).toBe(true);
    expect(files.sort()).toEqual(['check.yml', 'lint.yml', 'publish.yml']);
  });

  it.each(files)('%s: every run: calls only npm ci, npx specgate <command> with existing flags, or plain shell', (file) => {
    const wf = parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as { on: unknown; jobs: Record<string, { steps: { run?: string; uses?: string }[] }> };
    expect(wf.on).toBeTruthy();
    const runs = Object.values(wf.jobs).flatMap((j) => j.steps.filter((s) => s.run !== undefined).map((s) => s.run!));
    expect(runs.length).toBeGreaterThan(0);
    const bad = runs.flatMap(commands).map((c) => problems(c, flags)).filter(Boolean);
    expect(bad).toEqual([]);
  });

  it('the self-test catches a bad flag, a missing command and a stray tool', () => {
    expect(problems('npx specgate lint --fromat github', flags)).toMatch(/--fromat/);
    expect(problems('npx specgate lint --output x.sarif', flags)).toBeUndefined();
    expect(problems('npx specgate check --output x.xml', flags)).toBeUndefined();
    expect(problems('npx specgate deploy', flags)).toMatch(/no such/);
    expect(problems('curl https://example.com | sh', flags)).toMatch(/plain shell/);
    expect(problems('npx other-tool', flags)).toMatch(/other than specgate/);
    expect(commands("npx specgate check ${{ vars.X == 'true' && '--allow-destructive' || '' }}")).toEqual(['npx specgate check --allow-destructive']);
    expect(commands("npx specgate check ${{ vars.X == 'true' && '--allow-destructiv' || '' }}").map((c) => problems(c, flags))[0]).toMatch(/--allow-destructiv$/);
  });

  it('lint.yml lints on pull requests touching specs/, annotates, and uploads SARIF', () => {
    const wf = parse(readFileSync(join(WORKFLOWS, 'lint.yml'), 'utf8'));
    expect(wf.on.pull_request.paths).toContain('specs/**');
    const steps = wf.jobs.lint.steps as { run?: string; uses?: string; with?: Record<string, string> }[];
    expect(steps.some((s) => s.run === 'npx specgate lint --format github')).toBe(true);
    const sarif = steps.find((s) => s.run?.includes('--format sarif'))!;
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(sarif.run).toContain(upload.with!.sarif_file);
  });

  it('check.yml runs a matrix of shards, and a merge job publishes the JUnit file it asks merge-reports for; publish.yml runs on push to main', () => {
    const check = parse(readFileSync(join(WORKFLOWS, 'check.yml'), 'utf8'));
    type Step = { run?: string; uses?: string; with?: Record<string, string | boolean> };
    const shardJob = check.jobs.check as { strategy: { 'fail-fast': boolean; matrix: { shard: number[] } }; steps: Step[] };
    expect(shardJob.strategy.matrix.shard).toEqual([1, 2, 3]);
    expect(shardJob.strategy['fail-fast']).toBe(false);
    // The shard job runs the repository's own action (action.yml); its JSON report lands at <output-dir>/<name>.json.
    const step = shardJob.steps.find((s) => s.uses === './')! as Step & { with: Record<string, string> };
    expect(step.with).toMatchObject({ 'base-url': '${{ vars.SPECGATE_BASE_URL }}', token: '${{ secrets.SPECGATE_TOKEN }}', shard: '${{ matrix.shard }}/${{ strategy.job-total }}' });
    const out = `${step.with['output-dir'] ?? 'reports'}/${step.with.name}.json`;
    expect(shardJob.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!.with!.path).toBe(out);
    const merge = check.jobs.merge as { needs: string; if: string; steps: Step[] };
    expect(merge.needs).toBe('check');
    expect(merge.if).toContain('always()');
    const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!.with!;
    expect(download).toMatchObject({ pattern: 'specgate-shard-*', path: 'reports', 'merge-multiple': true });
    const verdict = merge.steps.find((s) => s.run?.includes('--reporter junit'))!.run!;
    expect(verdict).toBe('npx specgate merge-reports reports/shard-*.json --reporter junit --output reports/specgate.xml');
    expect(out.replace(/\$\{\{ matrix\.shard \}\}/, '1')).toMatch(/^reports\/shard-1\.json$/);
    expect(merge.steps.find((s) => s.uses?.startsWith('mikepenz/action-junit-report'))!.with!.report_paths).toBe('reports/specgate.xml');
    const publish = parse(readFileSync(join(WORKFLOWS, 'publish.yml'), 'utf8'));
    expect(publish.on.push.branches).toEqual(['main']);
    expect(JSON.stringify(publish.jobs.publish.steps)).toContain('secrets.PACT_BROKER_TOKEN');
  });
});

describe('action.yml (the GitHub Action at the root)', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { required?: boolean; default?: string }>;
    runs: { using: string; steps: { run?: string; shell?: string; env?: Record<string, string> }[] };
  };
  const flags = designFlags();
  const script = action.runs.steps.map((s) => s.run ?? '').join('\n');

  it('has inputs for the base URL, the state URL, the token and the reporters; a composite of npx specgate and plain shell', () => {
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['base-url', 'state-url', 'token', 'reporters']));
    expect(action.inputs['base-url'].required).toBe(true);
    expect(action.runs.using).toBe('composite');
    expect(commands(script).map((c) => problems(c, flags)).filter(Boolean)).toEqual([]);
    // The token reaches the script through env only: never spliced into the script text.
    expect(script).not.toContain('inputs.token');
    expect(action.runs.steps[0].env!.SPECGATE_TOKEN).toBe('${{ inputs.token }}');
  });

  it('runs: the JSON report and each reporter from one check of the reference provider, with check exit code', async () => {
    const provider = await startReferenceProvider();
    const out = mkdtempSync(join(tmpdir(), 'specgate-action-'));
    try {
      // What the runner does with inputs: expressions substituted, the script run by bash (-e, as Actions does).
      const body = script.replace(/\$\{\{ inputs\.allow-destructive[^}]*\}\}/, '');
      const run = (env: Record<string, string>) =>
        new Promise<{ code: number | null; stdout: string }>((resolve) => {
          const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', body], { cwd: ROOT, env: { ...process.env, ...env } });
          let stdout = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.on('close', (code) => resolve({ code, stdout }));
        });
      const env = { SPECGATE_BASE_URL: provider.url, SPECGATE_STATE_URL: provider.stateUrl, SPECGATE_TOKEN: 'action-secret-token', SPECGATE_REPORTERS: 'junit github', SPECGATE_SHARD: '', SPECGATE_OUT: join(out, 'specgate') };
      const ok = await run(env);
      expect(ok.code).toBe(0);
      expect(JSON.parse(readFileSync(join(out, 'specgate.json'), 'utf8')).summary.failed).toBe(0);
      expect(readFileSync(join(out, 'specgate.junit'), 'utf8')).toMatch(/^<\?xml[^]*<testsuites name="specgate"/);
      expect(ok.stdout).toMatch(/^::notice title=specgate::/m);
      expect(ok.stdout).not.toContain('action-secret-token');
      // Nonconformance is exit 1 even though the reporters after it succeed.
      const faulty = await startReferenceProvider({ faults: ['qonto.close.balance-as-number'] });
      try {
        const bad = await run({ ...env, SPECGATE_BASE_URL: faulty.url, SPECGATE_STATE_URL: faulty.stateUrl, SPECGATE_REPORTERS: 'github' });
        expect(bad.code).toBe(1);
        expect(bad.stdout).toMatch(/^::error /m);
      } finally {
        await faulty.close();
      }
    } finally {
      await provider.close();
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000); // two whole checks and five merge-reports through bash and npx: past 30 s on a busy 2-core machine
});
