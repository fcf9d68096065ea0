/** The json lint format. */
import { displayPath, type Formatter } from './types.js';

/** Machine-readable: stable keys, paths relative to cwd, one object. */
export const json: Formatter = ({ result, cwd, tool }) =>
  JSON.stringify(
    {
      tool: tool.name,
      version: tool.version,
      summary: { files: result.files.length, errors: result.errors, warnings: result.warnings },
      files: result.files.map((f) => displayPath(f, cwd)),
      findings: result.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        file: displayPath(f.file, cwd),
        line: f.line,
        column: f.column,
        message: f.message,
        ...(f.pointer !== undefined ? { pointer: f.pointer } : {}),
      })),
    },
    null,
    2,
  ) + '\n';
