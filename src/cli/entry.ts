/** The CLI process entry: run main, map errors to exit codes, never a stack trace for a user-caused condition. */
import { main } from './main.js';

// A reader that stops early (`specgate check | head`) closes the pipe. That is not an error of the
// run: later terminal output is dropped, and the run still finishes and writes its files.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

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
