// specgate bundle: a document split over files, written as one file (to publish; --spec reads split documents itself).
import { stringify } from 'yaml';
import { parseCommandArgs } from '../args.js';
import { SetupError, UsageError } from '../errors.js';
import { bundleFile } from '../../lint/redocly.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { setRefRoot } from '../../openapi/external.js';

const HELP = `Usage: specgate bundle FILE [--output FILE] [--ref-root DIR]

Writes an OpenAPI document whose $refs point into other files of its folder as one document
(Redocly's bundler: the referenced parts go into components), to stdout or --output (YAML, or JSON
for a .json output). check, validate and lint read a split document themselves (OpenAPI 3.x or
Swagger 2.0): bundle one to publish it as a single file. Files outside the
document's folder (and --ref-root) and URLs are not read. An unresolved reference is an error
(exit 2), nothing is written.

  --ref-root DIR          a document's $refs may read YAML/JSON files below DIR too (default:
                         the document's own folder only; a shared ../common needs --ref-root ..)`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { output: { type: 'string', short: 'o' }, 'ref-root': { type: 'string' } }, true);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  setRefRoot(values['ref-root']);
  if (positionals.length !== 1) throw new UsageError('bundle takes one FILE');
  const { document, problems } = await bundleFile(positionals[0]!);
  const say = (ps: typeof problems) => ps.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n');
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new SetupError(say(errors));
  const warnings = problems.filter((p) => p.severity !== 'error');
  if (warnings.length) console.error(say(warnings).replace(/^/gm, 'specgate bundle: warning: '));
  const out = values.output;
  const text = out?.endsWith('.json') ? `${JSON.stringify(document, null, 2)}\n` : stringify(document, { lineWidth: 0 });
  if (out) writeFileAtomic(out, text);
  else process.stdout.write(text);
  return 0;
}
