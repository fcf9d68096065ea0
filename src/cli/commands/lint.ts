// specgate lint: the CLI over src/lint (config file's `lint` key, the project's own documents by default, formats, exit codes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandArgs, parseIntFlag } from '../args.js';
import { SetupError, UsageError } from '../errors.js';
import { SpecError } from '../../openapi/errors.js';
import { packageRoot } from '../../openapi/paths.js';
import { lint, lintExitCode } from '../../lint/run.js';
import { RULES } from '../../lint/rules/index.js';
import { profileLevel } from '../../lint/severity.js';
import { PROFILE_NAMES, DEFAULT_PROFILE } from '../../lint/config.js';
import { loadLintSettings } from '../../lint/settings.js';
import { defaultPaths } from '../../lint/targets.js';
import { FORMATTERS } from '../../lint/format/index.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { CONFIG_FILES, findConfig } from '../config.js';
import { setRefRoot } from '../../openapi/external.js';

const short = (l: string) => (l === 'warning' ? 'warn' : l);

const HELP = `Usage: specgate lint [PATH...] [--format stylish|json|github|sarif|junit] [--max-warnings N] [--output FILE] [--config FILE] [--ref-root DIR]

Lints OpenAPI documents (3.1, 3.0, Swagger 2.0) and their specgate.yaml. PATH is a spec file, a
specgate.yaml or a folder; with none, the project's specs/ folder, else its openapi.yaml|yml|json
(or the config's specs). Errors exit 1; warnings exit 0 unless there are more than --max-warnings.
--output writes the report to FILE (atomically) instead of stdout.
  --ref-root DIR          a document's $refs may read YAML/JSON files below DIR too (default:
                         the document's own folder only; a shared ../common needs --ref-root ..)

Levels come from a profile: 'reconstructed' for a spec whose specgate.yaml says
'reconstructed: true', 'vendor-capture' for one with 'verbatim: { seed }', else '${DEFAULT_PROFILE}'.
The config file (${CONFIG_FILES[0]}, or package.json "specgate"; --config FILE) may set them
as Redocly does:
  lint:
    extends: [recommended]        # the profile of unmarked documents
    rules: { example-valid: error, no-nullable: off }   # error | warn | off, over every profile

Rules and their level per profile (${PROFILE_NAMES.join(' / ')}):
${RULES.map((r) => `  ${r.id.padEnd(24)} ${PROFILE_NAMES.map((p) => short(profileLevel(p, r.id)).padEnd(6)).join(' ')} ${r.description}`).join('\n')}`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { format: { type: 'string', short: 'f' }, 'max-warnings': { type: 'string' }, output: { type: 'string', short: 'o' }, config: { type: 'string' }, 'ref-root': { type: 'string' } },
    true,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  setRefRoot(values['ref-root']);
  const format = values.format ?? 'stylish';
  const formatter = FORMATTERS[format];
  if (!formatter) throw new UsageError(`--format must be one of ${Object.keys(FORMATTERS).join(', ')}, got '${format}'`);
  const maxWarnings = parseIntFlag(values['max-warnings'], '--max-warnings');

  const cwd = process.cwd();
  let result;
  let paths = positionals;
  try {
    const where = findConfig(cwd, values.config);
    const settings = where ? loadLintSettings(where) : { config: {} };
    if (!paths.length && settings.specs?.length) paths = settings.specs;
    if (!paths.length && !defaultPaths(cwd).length) {
      throw new SetupError(`nothing to lint in ${cwd}: no specs/ folder and no openapi.yaml, openapi.yml or openapi.json (give a PATH)`);
    }
    result = await lint(paths, { config: settings.config, cwd });
  } catch (e) {
    if (e instanceof SpecError) throw new SetupError(e.message);
    throw e;
  }
  if (!result.files.length) throw new SetupError(`no OpenAPI documents found in ${paths.join(', ') || 'specs/'}`);

  const version = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  const text = formatter({
    result,
    rules: RULES.map((r) => ({ id: r.id, description: r.description, level: profileLevel(DEFAULT_PROFILE, r.id) })),
    cwd: process.cwd(),
    tool: { name: 'specgate', version },
  });
  if (values.output) writeFileAtomic(values.output, text);
  else process.stdout.write(text);

  const code = lintExitCode(result, maxWarnings);
  if (code === 1 && result.errors === 0) console.error(`specgate lint: ${result.warnings} warnings, more than --max-warnings ${maxWarnings}`);
  return code;
}
