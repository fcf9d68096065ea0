/** The github reporter: GitHub Actions annotations for a run. */
import type { RunResult } from '../run/types.js';
import { countLine, problemsOf, problemText, warningsOf } from './text.js';
import { workflowCommand } from './workflow-command.js';

/** GitHub Actions annotations: one ::error per failing scenario, pointing at the spec file when known. */
export function githubReport(run: RunResult, specFiles: Record<string, string> = {}): string {
  const lines: string[] = [];
  for (const r of run.results) {
    const props = { file: specFiles[r.api], title: `${r.api} ${r.operationId}: ${r.name}` };
    if (r.outcome === 'failed' || r.outcome === 'error') lines.push(workflowCommand('error', props, problemText(problemsOf(r))));
    const warnings = warningsOf(r);
    if (warnings.length) lines.push(workflowCommand('warning', props, problemText(warnings)));
  }
  lines.push(workflowCommand('notice', { title: 'specgate' }, countLine(run)));
  return lines.join('\n') + '\n';
}
