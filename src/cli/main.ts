/** The CLI dispatcher: the command list, the usage text, and lazy loading of each command. */
import { SpecgateError } from '../errors.js';

/** Each command lives in its own module, loaded only when used so start-up stays fast. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {
  check: { summary: 'run every scenario against a target (or the built-in reference provider)', load: () => import('./commands/check.js') },
  verify: { summary: 'verify a target against contracts/ with the Pact verifier', load: () => import('./commands/verify.js') },
  contracts: { summary: 'regenerate the Pact contracts from the specs', load: () => import('./commands/contracts.js') },
  publish: { summary: 'publish contracts/ to a Pact Broker', load: () => import('./commands/publish.js') },
  lint: { summary: 'lint specs (all of specs/ by default)', load: () => import('./commands/lint.js') },
  bundle: { summary: 'write a document split over files as one file (Swagger 2.0 ones, before --spec)', load: () => import('./commands/bundle.js') },
  serve: { summary: 'run the stateful reference provider', load: () => import('./commands/serve.js') },
  validate: { summary: 'check recorded traffic (HAR 1.2) against the specs', load: () => import('./commands/validate.js') },
  'merge-reports': { summary: 'join the JSON reports of check --shard runs into one report', load: () => import('./commands/merge-reports.js') },
};

export function usage(): string {
  const lines = ['Usage: specgate <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(13)} ${c.summary}`);
  lines.push('', 'Run `specgate <command> --help` for the options of a command.');
  lines.push('Exit codes: 0 all is well, 1 nonconformance or lint errors, 2 usage or setup error.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return 0;
  }
  if (!name) {
    // No command is a usage error: the help goes to stderr so a script sees exit 2 and why.
    console.error(`specgate: no command given\n\n${usage()}`);
    return 2;
  }
  if (name === '--version' || name === '-v') {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    console.log(pkg.version);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`specgate: unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
    return 2;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest);
  } catch (err) {
    // The one place an error becomes an exit code.
    if (err instanceof SpecgateError) {
      console.error(`specgate ${name}: ${err.message}`);
      return err.exitCode;
    }
    throw err;
  }
}
