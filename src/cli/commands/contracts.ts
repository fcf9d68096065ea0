/** `specgate contracts`: write the Pact consumer contracts of the chosen APIs. */
import { relative, resolve } from 'node:path';
import { parseCommandArgs } from '../args.js';
import { SetupError, UsageError } from '../errors.js';
import { loadBundledApis } from '../../validate/load.js';
import { SpecError } from '../../openapi/errors.js';
import { contractsDir } from '../../openapi/paths.js';

const HELP = `Usage: specgate contracts [--out DIR] [--consumer NAME] [--api NAME]...

Regenerates the Pact V4 consumer contracts from the specs: one file per API (<DIR>/<api>.json,
contracts/ by default), one interaction per documented scenario of specgate.yaml (each step of a
multi-step scenario is its own interaction) plus the shared negative cases (a required field left
out, a field one character over its limit). Each interaction is a consumer test run through the
Pact mock server. Providers are named after the APIs (the folders of specs/); the consumer is
specgate-consumer unless --consumer is given.

Exit codes: 0 written, 2 usage or setup error (unreadable spec, a contract that breaks its spec).`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    out: { type: 'string' },
    consumer: { type: 'string' },
    api: { type: 'string', multiple: true },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.consumer !== undefined && !/^[A-Za-z0-9][\w.-]*$/.test(values.consumer)) {
    throw new UsageError(`--consumer '${values.consumer}' must be a plain name (letters, digits, . _ -)`);
  }
  const outDir = resolve(values.out ?? contractsDir());
  let apis;
  try {
    apis = await loadBundledApis(values.api);
  } catch (e) {
    if (e instanceof SpecError) throw new SetupError(e.message);
    throw e;
  }
  // Loaded only here: the Pact core is a native library that other commands do not need.
  const { generateContract, ConsumerTestError } = await import('../../pact/generate.js');
  for (const api of apis) {
    try {
      const { file, interactions } = await generateContract(api, { outDir, consumer: values.consumer });
      console.log(`specgate contracts: ${relative(process.cwd(), file) || file} (${interactions} interactions)`);
    } catch (e) {
      if (e instanceof ConsumerTestError) throw new SetupError(e.message);
      // pact-js puts the reasons (mock server mismatches, the test's own error) on the lines after the first.
      const why = (e as Error).message.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 6).join(' | ');
      throw new SetupError(`${api.name}: ${why}`);
    }
  }
  return 0;
}
