/** The stylish lint format (ESLint-like, for terminals). */
import { displayPath, type Formatter } from './types.js';

/** ESLint-like: findings grouped under their file, `line:col  level  message  rule`. */
export const stylish: Formatter = ({ result, cwd }) => {
  const lines: string[] = [];
  const byFile = new Map<string, typeof result.findings>();
  for (const f of result.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, findings] of byFile) {
    lines.push(displayPath(file, cwd));
    const place = (f: (typeof findings)[number]) => `${f.line}:${f.column}`;
    const w = Math.max(...findings.map((f) => place(f).length));
    for (const f of findings) lines.push(`  ${place(f).padEnd(w)}  ${f.severity.padEnd(7)}  ${f.message}  ${f.ruleId}`);
    lines.push('');
  }
  const total = result.errors + result.warnings;
  const files = `${result.files.length} file${result.files.length === 1 ? '' : 's'}`;
  lines.push(
    total === 0
      ? `✔ ${files} linted, no problems`
      : `${result.errors ? '✖' : '⚠'} ${total} problem${total === 1 ? '' : 's'} (${result.errors} error${result.errors === 1 ? '' : 's'}, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}) in ${files}`,
  );
  return lines.join('\n') + '\n';
};
