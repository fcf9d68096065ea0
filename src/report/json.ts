/** The json reporter. */
import type { RunResult } from '../run/types.js';

/** The whole run as data: every scenario, every step, every failure. Exchanges keep status and body, not credentials. */
export function jsonReport(run: RunResult): string {
  const results = run.results.map((r) => ({
    ...r,
    steps: r.steps.map((s) => ({
      name: s.name,
      curl: s.curl,
      failures: s.failures,
      request: s.exchange && { method: s.exchange.request.method, url: s.exchange.request.url, body: s.exchange.request.body },
      response: s.exchange?.response && { status: s.exchange.response.status, contentType: s.exchange.response.headers['content-type'], body: s.exchange.response.body ?? s.exchange.response.bodyText },
      error: s.exchange?.error,
      durationMs: s.exchange?.durationMs,
    })),
  }));
  return JSON.stringify({ tool: 'specgate', ...run, results }, null, 2) + '\n';
}
