/** `specgate publish`: send the contracts to a Pact Broker. */
import { parseCommandArgs, parseIntFlag, parseUrlFlag } from '../args.js';
import { SetupError, UsageError } from '../errors.js';

const HELP = `Usage: specgate publish --broker-url URL [--broker-token T | --broker-username U --broker-password P]
       --consumer-version V [--branch B] [--tag T]... [--build-url URL] [--retries N] [--api NAME]...

Publishes contracts/ (every API by default) to a Pact Broker or PactFlow with the official broker
client (pact-broker publish). Each flag falls back to the environment: PACT_BROKER_BASE_URL,
PACT_BROKER_TOKEN, PACT_BROKER_USERNAME, PACT_BROKER_PASSWORD. Credentials are handed to the
client through its environment and never printed. --retries N is how often the client retries a
5xx answer (its default, 8, backs off for about two minutes).

Exit codes: 0 published, 1 the broker refused the contracts (e.g. 409: this consumer version
already has other content), 2 usage or setup error (missing flag, broker unreachable, credentials
refused, broker error).`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    'broker-url': { type: 'string' },
    'broker-token': { type: 'string' },
    'broker-username': { type: 'string' },
    'broker-password': { type: 'string' },
    'consumer-version': { type: 'string' },
    branch: { type: 'string' },
    tag: { type: 'string', multiple: true },
    'build-url': { type: 'string' },
    retries: { type: 'string' },
    api: { type: 'string', multiple: true },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const env = process.env;
  const brokerUrl = parseUrlFlag(values['broker-url'] ?? (env.PACT_BROKER_BASE_URL || undefined), values['broker-url'] ? '--broker-url' : 'PACT_BROKER_BASE_URL');
  if (!brokerUrl) throw new UsageError('--broker-url (or PACT_BROKER_BASE_URL) is required');
  const version = values['consumer-version'];
  if (!version?.trim()) throw new UsageError('--consumer-version is required (e.g. the git commit of the contracts)');
  // Flags win over the environment as a whole: a --broker-token is not mixed with a username from the environment.
  const flagAuth = values['broker-token'] !== undefined || values['broker-username'] !== undefined || values['broker-password'] !== undefined;
  const token = flagAuth ? values['broker-token'] : env.PACT_BROKER_TOKEN || undefined;
  const username = flagAuth ? values['broker-username'] : env.PACT_BROKER_USERNAME || undefined;
  const password = flagAuth ? values['broker-password'] : env.PACT_BROKER_PASSWORD || undefined;
  if (token !== undefined && (username !== undefined || password !== undefined)) throw new UsageError('give either --broker-token or --broker-username with --broker-password, not both');
  if ((username === undefined) !== (password === undefined)) throw new UsageError('--broker-username and --broker-password go together');
  for (const t of values.tag ?? []) if (!t.trim() || t.includes(',')) throw new UsageError(`--tag '${t}' must be a non-empty name without commas`);
  if (values['build-url'] !== undefined) parseUrlFlag(values['build-url'], '--build-url');
  const retries = parseIntFlag(values.retries, '--retries', 0);

  // A dead broker is reported before the Pact tooling loads (the client itself needs ~0.1 s more).
  const { probe } = await import('../../execute/probe.js');
  const down = await probe(brokerUrl);
  if (down) throw new SetupError(`broker ${brokerUrl.origin} unreachable: ${down}`);
  const { publishContracts } = await import('../../pact/publish.js');
  const { ContractError } = await import('../../pact/contracts.js');
  let outcome;
  try {
    outcome = await publishContracts({ brokerUrl, token, username, password, consumerVersion: version, branch: values.branch, tags: values.tag, buildUrl: values['build-url'], retries, apis: values.api });
  } catch (e) {
    if (e instanceof ContractError) throw new SetupError(e.message);
    throw e;
  }
  if (outcome.ok) {
    if (outcome.output.trim()) console.log(outcome.output.trim());
    console.log(`specgate publish: published ${outcome.files.length} contract(s) as version ${version}`);
    return 0;
  }
  console.error(`specgate publish: ${outcome.reason}`);
  if (outcome.output.trim()) console.error(outcome.output.trim());
  return outcome.kind === 'rejected' ? 1 : 2;
}
