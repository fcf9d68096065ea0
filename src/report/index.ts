/** The reporters by name: a run in, its report out (whole, or in pieces for writing). */
import type { RunResult } from '../run/types.js';
import { consoleReport } from './console.js';
import { jsonReport, jsonReportChunks } from './json.js';
import { junitReport } from './junit.js';
import { githubReport } from './github.js';
import { htmlReport } from './html.js';

export const REPORTERS = ['console', 'json', 'junit', 'github', 'html'] as const;
export type ReporterName = (typeof REPORTERS)[number];

export interface ReportOptions {
  /** API name → spec file (relative to the working directory), for annotations. */
  specFiles?: Record<string, string>;
  /** The command that produced the run (console heading): check, validate or verify. */
  command?: string;
  /** The HTML verdict follows the exit code, which --strict changes. */
  strict?: boolean;
  /** Scrubs each string before a reporter escapes it (HTML), where scrubbing the finished text would miss an escaped secret. */
  redact?: (s: string) => string;
}

/** Formatters only present a run; pass or fail was decided by the checks. */
export function formatReport(result: RunResult, reporter: string, opts: ReportOptions = {}): string {
  switch (reporter) {
    case 'console':
      return consoleReport(result, opts.command);
    case 'json':
      return jsonReport(result);
    case 'junit':
      return junitReport(result);
    case 'github':
      return githubReport(result, opts.specFiles);
    case 'html':
      return htmlReport(result, opts);
    default:
      throw new Error(`unknown reporter '${reporter}' (${REPORTERS.join(', ')})`);
  }
}

/**
 * The report in pieces, to be written one after the other (the JSON report of a long run is never
 * one string), each scrubbed by `redact` once more on its way out.
 */
export function* reportChunks(result: RunResult, reporter: string, opts: ReportOptions = {}): Generator<string> {
  const scrub = opts.redact ?? ((s: string) => s);
  for (const piece of reporter === 'json' ? jsonReportChunks(result) : [formatReport(result, reporter, opts)]) yield scrub(piece);
}

export { progressMark } from './console.js';
