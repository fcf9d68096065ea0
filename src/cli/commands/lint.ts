import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseCommandArgs, parseIntFlag } from '../args.js';
import { SetupError, UsageError } from '../errors.js';
import { SpecError } from '../../openapi/errors.js';
import { packageRoot } from '../../openapi/paths.js';
import { lint, lintExitCode } from '../../lint/run.js';
import { RULES } from '../../lint/rules/index.js';
import { baseLevel } from '../../lint/severity.js';
import { FORMATTERS } from '../../lint/format/index.js';

const HELP = `Usage: specgate lint [PATH...] [--format stylish|json|github|sarif|junit] [--max-warnings N] [--output FILE]

Lints OpenAPI documents and their specgate.yaml (all of specs/ by default). PATH is a spec file,
a specgate.yaml or a folder. Errors exit 1; warnings exit 0 unless there are more than
--max-warnings. --output writes the report to FILE (atomically) instead of stdout.

Rules:
${RULES.map((r) => `  ${r.id.padEnd(24)} ${baseLevel(r.id).padEnd(7)} ${r.description}`).join('\n')}`;

/** Write-then-rename, so a reader (a CI upload step) never sees half a report. */
function writeAtomically(file: string, text: string): void {
  const target = resolve(file);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, target);
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { format: { type: 'string', short: 'f' }, 'max-warnings': { type: 'string' }, output: { type: 'string', short: 'o' } },
    true,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = values.format ?? 'stylish';
  const formatter = FORMATTERS[format];
  if (!formatter) throw new UsageError(`--format must be one of ${Object.keys(FORMATTERS).join(', ')}, got '${format}'`);
  const maxWarnings = parseIntFlag(values['max-warnings'], '--max-warnings');

  let result;
  try {
    result = await lint(positionals);
  } catch (e) {
    if (e instanceof SpecError) throw new SetupError(e.message);
    throw e;
  }
  if (!result.files.length) throw new SetupError(`no OpenAPI documents found in ${positionals.join(', ') || 'specs/'}`);

  const version = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  const text = formatter({
    result,
    rules: RULES.map((r) => ({ id: r.id, description: r.description, level: baseLevel(r.id) })),
    cwd: process.cwd(),
    tool: { name: 'specgate', version },
  });
  if (values.output) writeAtomically(values.output, text);
  else process.stdout.write(text);

  const code = lintExitCode(result, maxWarnings);
  if (code === 1 && result.errors === 0) console.error(`specgate lint: ${result.warnings} warnings, more than --max-warnings ${maxWarnings}`);
  return code;
}
