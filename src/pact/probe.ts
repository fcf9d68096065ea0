import { connect } from 'node:net';

/**
 * One TCP connect to the target before anything else: the Pact verifier (and the pact-js one
 * even more) takes its time to give up on a dead target, and `verify` must say "unreachable"
 * within a second. Resolves to undefined when the port accepts, else to a short reason.
 */
export function probe(url: URL, timeoutMs = 800): Promise<string | undefined> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reason?: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => done(`no answer to a TCP connect within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => done());
    socket.once('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ECONNREFUSED' ? 'connection refused' : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? `host not found (${e.code})` : e.code ?? e.message;
      done(why);
    });
  });
}
