/** The JSON reporter: the whole run as data, produced piece by piece so a long run never needs one giant string. */
import type { RunResult, ScenarioResult } from '../run/types.js';
import { detailOf } from '../run/keep.js';

/** One scenario as the report shows it: every step, every failure; exchanges keep status and body, not credentials. */
const shape = (r: ScenarioResult) => ({
  ...r,
  steps: r.steps.map((s) => ({
    name: s.name,
    curl: s.curl,
    failures: s.failures,
    request: s.exchange && { method: s.exchange.request.method, url: s.exchange.request.url, body: s.exchange.request.body, bodyNote: s.exchange.request.bodyNote },
    response: s.exchange?.response && {
      status: s.exchange.response.status,
      contentType: s.exchange.response.headers['content-type'],
      body: s.exchange.response.body ?? s.exchange.response.bodyText,
      bodyNote: s.exchange.response.bodyNote,
    },
    error: s.exchange?.error,
    durationMs: s.exchange?.durationMs,
  })),
});

/** The report as consecutive pieces of one JSON document (the same text as `JSON.stringify(…, null, 2)` of it). */
export function* jsonReportChunks(run: RunResult): Generator<string> {
  const { results, ...rest } = run;
  const head = JSON.stringify({ tool: 'specgate', ...rest, results: [] }, null, 2);
  // `"results": []` is the last member: open it, then one scenario per piece.
  yield head.slice(0, head.lastIndexOf('[]')) + '[';
  // A passed result of a long run holds its exchanges in the run's spill file: read back one at a time.
  for (let i = 0; i < results.length; i++) yield `${i ? ',' : ''}\n    ${JSON.stringify(shape(detailOf(results[i])), null, 2).replace(/\n/g, '\n    ')}`;
  yield `${results.length ? '\n  ' : ''}]\n}\n`;
}

export function jsonReport(run: RunResult): string {
  return [...jsonReportChunks(run)].join('');
}
