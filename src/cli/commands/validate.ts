/** `specgate validate`: check recorded traffic (HAR) against the specs, reported like check. */
import { relative } from 'node:path';
import { parseCommandArgs } from '../args.js';
import { SetupError, UsageError } from '../errors.js';
import { loadTargets, type LoadedApi } from '../../validate/load.js';
import { SpecError } from '../../openapi/errors.js';
import { HarFileError, readHarFile } from '../../har/read.js';
import { validateHar } from '../../har/validate.js';
import { reportChunks, REPORTERS } from '../../report/index.js';
import { Redactor } from '../../redact/redactor.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { countLine } from '../../report/text.js';
import { exit2Reason, exitCodeOf } from '../../run/summary.js';
import { setRefRoot } from '../../openapi/external.js';

const HELP = `Usage: specgate validate FILE.har [--api NAME]... [--spec FILE]...
       [--reporter console|json|junit|github|html] [--output FILE] [--ref-root DIR]

Checks recorded traffic (HAR 1.2, as browsers, Playwright and proxies write it) against the specs
(all bundled APIs by default): the request and the response of every entry that calls a known
operation. Entries of unknown operations are listed as skipped.

  --ref-root DIR          a document's $refs may read YAML/JSON files below DIR too (default:
                         the document's own folder only; a shared ../common needs --ref-root ..)

Exit codes: 0 every checked entry conforms, 1 nonconformance found, 2 usage or setup error
(bad flag, unreadable spec, missing file or not a HAR).`;

/** Same rule as check (validate/load.ts loadTargets); a spec that cannot be used is a setup error. */
async function loadApis(names: string[] | undefined, specs: string[] | undefined): Promise<LoadedApi[]> {
  try {
    return await loadTargets(names, specs);
  } catch (e) {
    if (e instanceof SpecError) throw new SetupError(e.message);
    throw e;
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      api: { type: 'string', multiple: true },
      spec: { type: 'string', multiple: true },
      'ref-root': { type: 'string' },
      reporter: { type: 'string', default: 'console' },
      output: { type: 'string' },
    },
    true,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  setRefRoot(values['ref-root']);
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length ? `expected one HAR file, got ${positionals.length}: ${positionals.join(' ')}` : 'missing the HAR file (specgate validate FILE.har)');
  }
  const reporter = values.reporter!;
  if (!(REPORTERS as readonly string[]).includes(reporter)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, got '${reporter}'`);

  // Read the HAR before loading specs: a wrong file name is the likelier mistake and the cheaper check.
  let har;
  try {
    har = readHarFile(positionals[0]);
  } catch (e) {
    if (e instanceof HarFileError) throw new SetupError(e.message);
    throw e;
  }
  const apis = await loadApis(values.api, values.spec);
  const redactor = new Redactor();
  const result = validateHar(har, apis, { redactor });

  const specFiles = Object.fromEntries(apis.map((a) => [a.name, relative(process.cwd(), a.model.file)]));
  const pieces = reportChunks(result, reporter, { specFiles, command: 'validate', redact: (s) => redactor.text(s) });
  if (values.output) writeFileAtomic(values.output, pieces);
  else for (const piece of pieces) process.stdout.write(piece);

  const { summary } = result;
  const code = exitCodeOf(result);
  const why = code === 2 ? exit2Reason(result, 'validate') : undefined;
  if (why) console.error(`specgate validate: ${redactor.text(why)}`);
  else if (summary.errors) {
    const first = result.results.find((r) => r.outcome === 'error')!;
    console.error(`specgate validate: ${summary.errors} entr${summary.errors === 1 ? 'y' : 'ies'} could not be fully checked (first, ${first.id}: ${redactor.text(first.reason ?? '')})`);
  }
  for (const w of new Set(apis.flatMap((a) => a.warnings))) console.error(`specgate validate: warning: ${w}`);
  if (values.output) console.error(`specgate validate: ${countLine(result)}; report written to ${values.output}`);
  // Entries that could not be judged (body truncated, no response) are reported and make it exit 2:
  // a clean 0 must mean every entry was checked and conforms.
  return code;
}
