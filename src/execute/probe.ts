/** The reachability probe: one TCP connect before a run (check, verify, publish), its failure in words. */
import { connect } from 'node:net';

/**
 * Can a TCP connection to the target be opened at all? Checked once before a run so that an
 * unreachable target is named in one line first, instead of surfacing only as N scenario errors
 * (or, for the Pact verifier, after its own long retries). Resolves to undefined when the port
 * accepts, else to a short reason.
 */
export function probe(url: URL, timeoutMs = 800): Promise<string | undefined> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port });
    const done = (why?: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(why);
    };
    const timer = setTimeout(() => done(`no connection within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => done());
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done(e.code === 'ECONNREFUSED' ? 'connection refused' : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? `host not found (${e.code})` : (e.code ?? e.message)),
    );
  });
}
