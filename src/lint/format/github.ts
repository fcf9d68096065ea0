import { displayPath, type Formatter } from './types.js';

// Workflow commands: data escapes %, CR, LF; property values also escape ':' and ','.
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions annotations: each finding shows on its line in the pull request's diff. */
export const github: Formatter = ({ result, cwd }) => {
  const lines = result.findings.map((f) => {
    const level = f.severity === 'error' ? 'error' : 'warning';
    return `::${level} file=${prop(displayPath(f.file, cwd))},line=${f.line},col=${f.column},title=${prop(`specgate lint: ${f.ruleId}`)}::${data(f.message)}`;
  });
  lines.push(`specgate lint: ${result.errors} error(s), ${result.warnings} warning(s) in ${result.files.length} file(s)`);
  return lines.join('\n') + '\n';
};
