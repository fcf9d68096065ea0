/** The junit lint format. */
import { displayPath, type Formatter } from './types.js';
import { xmlEscape as esc } from '../../util/escape.js';

/**
 * JUnit XML: a test suite per linted file, a failing test case per error, a passing one (with the
 * text in system-out) per warning, so CI test reports show warnings without failing on them, and a
 * single passing case for a clean file.
 */
export const junit: Formatter = ({ result, cwd }) => {
  const suites: string[] = [];
  const files = [...new Set([...result.files, ...result.findings.map((f) => f.file)])];
  for (const file of files) {
    const name = displayPath(file, cwd);
    const findings = result.findings.filter((f) => f.file === file);
    const cases = findings.map((f) => {
      const title = esc(`${f.ruleId} at ${f.line}:${f.column}`);
      const text = esc(`${name}:${f.line}:${f.column} ${f.message}`);
      return f.severity === 'error'
        ? `    <testcase classname="${esc(name)}" name="${title}"><failure type="${esc(f.ruleId)}" message="${esc(f.message)}">${text}</failure></testcase>`
        : `    <testcase classname="${esc(name)}" name="${title}"><system-out>warning: ${text}</system-out></testcase>`;
    });
    if (!cases.length) cases.push(`    <testcase classname="${esc(name)}" name="lint"/>`);
    const failures = findings.filter((f) => f.severity === 'error').length;
    suites.push(`  <testsuite name="${esc(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const tests = suites.length ? result.findings.length + files.filter((f) => !result.findings.some((x) => x.file === f)).length : 0;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="specgate lint" tests="${tests}" failures="${result.errors}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
};
