/** The github lint format: GitHub Actions annotations, one per finding. */
import { displayPath, type Formatter } from './types.js';
import { workflowCommand } from '../../report/workflow-command.js';

/** GitHub Actions annotations: each finding shows on its line in the pull request's diff. */
export const github: Formatter = ({ result, cwd }) => {
  const lines = result.findings.map((f) =>
    workflowCommand(f.severity === 'error' ? 'error' : 'warning', { file: displayPath(f.file, cwd), line: f.line, col: f.column, title: `specgate lint: ${f.ruleId}` }, f.message),
  );
  lines.push(`specgate lint: ${result.errors} error(s), ${result.warnings} warning(s) in ${result.files.length} file(s)`);
  return lines.join('\n') + '\n';
};
