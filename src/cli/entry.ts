/** The CLI process entry: run main, map errors to exit codes, never a stack trace for a user-caused condition. */
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Unexpected: still one clear line first, the stack only on request.
    const e = err as Error;
    console.error(`specgate: internal error: ${e?.message ?? String(err)}`);
    if (process.env.SPECGATE_DEBUG) console.error(e?.stack);
    process.exitCode = 2;
  },
);
