/** `specgate serve`: run the reference provider of the bundled APIs until Ctrl+C. */
import { parseCommandArgs, parseIntFlag } from '../args.js';
import { SetupError, UsageError } from '../errors.js';

const USAGE = `Usage: specgate serve [--api NAME]... [--port N] [--host H]

Runs the stateful in-memory reference provider of the bundled APIs, with the
provider-state endpoint at POST /_specgate/state. Stops on Ctrl+C (SIGINT) or SIGTERM.

Options:
  --api NAME       serve only this API (repeatable; default: every API it implements)
  --port N         port to listen on (default 0: a free port, printed at start)
  --host H         address to listen on (default 127.0.0.1)
  --quiet          do not log each request
  --fault NAME     switch on a deliberate bug (mutation self-test; repeatable)
  --variant NAME   switch on a correct-but-unusual behaviour (repeatable)
  -h, --help       show this help`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    api: { type: 'string', multiple: true },
    port: { type: 'string' },
    host: { type: 'string' },
    quiet: { type: 'boolean' },
    fault: { type: 'string', multiple: true },
    variant: { type: 'string', multiple: true },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = parseIntFlag(values.port, '--port') ?? 0;
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got '${values.port}'`);
  const host = values.host ?? '127.0.0.1';
  const { startReferenceProvider } = await import('../../provider/index.js');
  const { FAULTS, VARIANTS } = await import('../../testing/faults.js');
  for (const f of values.fault ?? []) if (!FAULTS.some((x) => x.name === f)) throw new UsageError(`unknown --fault '${f}'`);
  for (const v of values.variant ?? []) if (!VARIANTS.some((x) => x.name === v)) throw new UsageError(`unknown --variant '${v}' (known: ${VARIANTS.map((x) => x.name).join(', ')})`);

  let provider: Awaited<ReturnType<typeof startReferenceProvider>>;
  try {
    provider = await startReferenceProvider({
      apis: values.api,
      port,
      host,
      faults: values.fault as never,
      variants: values.variant as never,
      log: values.quiet ? undefined : (line) => console.log(line),
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new SetupError(`port ${port} on ${host} is already in use`);
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') throw new SetupError(`cannot listen on ${host}: ${e.code}`);
    if (e.code === 'EACCES') throw new SetupError(`not allowed to listen on ${host}:${port}`);
    if (/does not implement/.test(e.message ?? '')) throw new UsageError(e.message);
    throw new SetupError(e.message);
  }

  console.log(`specgate reference provider listening on ${provider.url}`);
  console.log(`  APIs: ${provider.apis.join(', ')}`);
  console.log(`  provider states: POST ${provider.stateUrl}`);
  if (values.fault?.length) console.log(`  faults on: ${values.fault.join(', ')}`);
  if (values.variant?.length) console.log(`  variants on: ${values.variant.join(', ')}`);
  if (!/^(127\.|::1$|localhost$|\[::1\]$)/.test(host)) console.log(`  warning: listening on ${host}; the reference provider accepts any bearer token, keep it off shared networks`);
  console.log('Press Ctrl+C to stop.');

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      console.log(`specgate reference provider: ${signal}, stopping`);
      void provider.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
