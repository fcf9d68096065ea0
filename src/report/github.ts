import type { RunResult } from '../run/types.js';
import { countLine, problemsOf, problemText, warningsOf } from './text.js';

// Workflow commands end at a newline and treat % specially: escape as the runner expects.
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions annotations: one ::error per failing scenario, pointing at the spec file when known. */
export function githubReport(run: RunResult, specFiles: Record<string, string> = {}): string {
  const lines: string[] = [];
  for (const r of run.results) {
    const title = `${r.api} ${r.operationId}: ${r.name}`;
    const file = specFiles[r.api] ? `file=${prop(specFiles[r.api])},` : '';
    if (r.outcome === 'failed' || r.outcome === 'error') lines.push(`::error ${file}title=${prop(title)}::${data(problemText(problemsOf(r)))}`);
    const warnings = warningsOf(r);
    if (warnings.length) lines.push(`::warning ${file}title=${prop(title)}::${data(problemText(warnings))}`);
  }
  lines.push(`::notice title=specgate::${data(countLine(run))}`);
  return lines.join('\n') + '\n';
}
