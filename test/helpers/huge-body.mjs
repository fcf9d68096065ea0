// A response body of `mb` MiB of 'x' streamed with back-pressure (never held whole): for the body cap
// in test/robustness.test.ts and bench/fail-fast.mjs. Plain JavaScript so the bench can import it too.
const CHUNK = Buffer.alloc(1024 * 1024, 'x');

/** Write the head (200, JSON) and `mb` one-MiB chunks to `res`, waiting for 'drain' when the socket is full. */
export function pumpHugeBody(res, mb = 50) {
  res.writeHead(200, { 'content-type': 'application/json' });
  let sent = 0;
  const pump = () => {
    while (sent < mb && res.write(CHUNK)) sent++;
    if (sent < mb) res.once('drain', pump);
    else res.end();
  };
  // The client stops reading at its cap and closes the socket: that is the point, not an error.
  res.on('error', () => undefined);
  pump();
}
