/** `specgate verify`: replay the Pact contracts against a target with the Pact verifier. */
import { parseCommandArgs, parseIntFlag, parsePairs, parseUrlFlag } from '../args.js';
import { SetupError, UsageError } from '../errors.js';
import { Redactor } from '../../redact/redactor.js';
import { probe } from '../../execute/probe.js';

// Kept here (not imported from report/) so that a dead target is reported before any heavy module loads.
const REPORTERS = ['console', 'json', 'junit', 'github', 'html'] as const;

const HELP = `Usage: specgate verify --base-url URL [--api NAME]... [--state-url URL] [--header "K: V"]...
       [--reporter console|json|junit|github|html] [--output FILE] [--timeout-ms N] [--allow-destructive] [--strict]

Verifies the target against the committed Pact contracts (contracts/<api>.json, every API by
default) with the Pact verifier. Provider states go to --state-url with the same protocol as
specgate check (POST {"state", "params", "action"}); the values a setup answers fill the
interaction's provider-state expressions (e.g. the UserId in the path).

The contracts carry a stand-in credential (Authorization: Bearer specgate-reference-token, which
the reference provider accepts); --header "Authorization: Bearer ..." replaces it for a real
target. Interactions that test missing or invalid credentials keep theirs.

The contracts pin nothing that only an assumption backs (an assumed error Type, an assumed-
required key): those parts are matched loosely, and an answer that departs from the assumed
reading is a warning, as in specgate check. --strict makes warnings fail (exit 1).

Exit codes: 0 every interaction verified (warnings allowed unless --strict), 1 a mismatch, 2 usage or setup error (target or state
endpoint unreachable, missing contracts, interactions whose provider state could not be set up).`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    'base-url': { type: 'string' },
    api: { type: 'string', multiple: true },
    'state-url': { type: 'string' },
    header: { type: 'string', multiple: true },
    reporter: { type: 'string', default: 'console' },
    output: { type: 'string' },
    'timeout-ms': { type: 'string' },
    'allow-destructive': { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const reporter = values.reporter!;
  if (!(REPORTERS as readonly string[]).includes(reporter)) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, got '${reporter}'`);
  const baseUrl = parseUrlFlag(values['base-url'], '--base-url');
  if (!baseUrl) throw new UsageError('--base-url is required (the target to verify, e.g. http://127.0.0.1:8080)');
  const stateUrl = parseUrlFlag(values['state-url'], '--state-url');
  const headers = parsePairs(values.header, ':', '--header');
  const timeoutMs = parseIntFlag(values['timeout-ms'], '--timeout-ms', 1) ?? 10_000;

  const redactor = new Redactor();
  redactor.addHeaders(headers, { all: true });
  redactor.addUrl(baseUrl);
  // Before loading the specs and the Pact tooling: a dead target must cost well under a second.
  const down = await probe(baseUrl);
  if (down) throw new SetupError(`target ${redactor.text(baseUrl.origin)} unreachable: ${down}`);
  const { verifyContracts, VerifySetupError } = await import('../../pact/verify.js');
  let result;
  try {
    result = await verifyContracts({ baseUrl, apis: values.api, stateUrl: stateUrl?.href, headers, timeoutMs, allowDestructive: values['allow-destructive'], redactor });
  } catch (e) {
    if (e instanceof VerifySetupError) throw new SetupError(e.message);
    throw e;
  }

  const { failed, errors, warned } = result.summary;
  if (!failed && errors) {
    const first = result.results.find((r) => r.outcome === 'error')!;
    console.error(`specgate verify: ${errors} interaction(s) could not be verified (first: ${redactor.text(`${first.name}: ${first.reason}`)})`);
  }
  let text: string;
  if (reporter === 'console') {
    const { verifyConsoleReport } = await import('../../pact/report.js');
    text = verifyConsoleReport(result);
  } else {
    const { formatReport } = await import('../../report/index.js');
    text = formatReport(result, reporter, { specFiles: {}, command: 'verify', redact: (s) => redactor.text(s) });
  }
  text = redactor.text(text);
  if (values.output) (await import('../../util/atomic-write.js')).writeFileAtomic(values.output, text);
  else process.stdout.write(text);
  if (failed || (values.strict && warned)) return 1;
  return errors ? 2 : 0;
}
