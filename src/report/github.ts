import type { RunResult } from '../checks/types.js';
import { countLine, failureLines, problemsOf } from './text.js';

// Workflow commands end at a newline and treat % specially: escape as the runner expects.
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions annotations: one ::error per failing scenario, pointing at the spec file when known. */
export function githubReport(run: RunResult, specFiles: Record<string, string> = {}): string {
  const lines: string[] = [];
  for (const r of run.results) {
    if (r.outcome !== 'failed' && r.outcome !== 'error') continue;
    const title = `${r.api} ${r.operationId}: ${r.name}`;
    const body = problemsOf(r)
      .flatMap((p) => [...(p.reason ? [p.reason] : []), ...(p.failure ? failureLines(p.failure) : []), ...(p.curl ? [`reproduce: ${p.curl}`] : [])])
      .join('\n');
    const file = specFiles[r.api] ? `file=${prop(specFiles[r.api])},` : '';
    lines.push(`::error ${file}title=${prop(title)}::${data(body)}`);
  }
  lines.push(`::notice title=specgate::${data(countLine(run))}`);
  return lines.join('\n') + '\n';
}
