/** `specgate merge-reports`: the JSON reports of `check --shard I/N` runs, joined into any reporter with the merged run's exit code. */
import { parseCommandArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { readJsonReport } from '../../report/read-json.js';
import { mergeRuns } from '../../run/merge.js';
import { exit2Reason, exitCodeOf } from '../../run/summary.js';
import { formatReport, REPORTERS } from '../../report/index.js';
import { countLine } from '../../report/text.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { relative } from 'node:path';

const HELP = `Usage: specgate merge-reports FILE.json... [--reporter console|json|junit|github|html] [--output FILE] [--strict]

Joins the JSON reports of the shards of one run (specgate check --shard I/N --reporter json) into
one report, as if the run had not been sharded: every scenario once, sorted by id, the counts
recomputed. Every shard 1..N must be there, each once.

Exit codes: those of the merged run: 0 all is well (warnings allowed unless --strict),
1 nonconformance found, 2 a shard could not judge its target, or a report is missing, unreadable,
not a shard of the same run, or given twice.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      reporter: { type: 'string', default: 'console' },
      output: { type: 'string' },
      strict: { type: 'boolean', default: false },
    },
    true,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const reporter = values.reporter!;
  if (!(REPORTERS as readonly string[]).includes(reporter)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, got '${reporter}'`);
  if (!positionals.length) throw new UsageError('missing the JSON reports to merge (specgate merge-reports shard-1.json shard-2.json ...)');
  const merged = mergeRuns(positionals.map((file) => ({ file, run: readJsonReport(file) })));
  const code = exitCodeOf(merged, { strict: values.strict });
  const why = code === 2 ? exit2Reason(merged, 'check') : undefined;
  if (why) console.error(`specgate merge-reports: ${why}`);
  const specFiles = Object.fromEntries(Object.entries(merged.specFiles ?? {}).map(([k, f]) => [k, relative(process.cwd(), f)]));
  const text = formatReport(merged, reporter, { specFiles, strict: values.strict });
  if (values.output) {
    writeFileAtomic(values.output, text);
    console.error(`specgate merge-reports: ${countLine(merged)}; report written to ${values.output}`);
  } else process.stdout.write(text);
  return code;
}
