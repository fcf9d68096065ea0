/** The sarif lint format (SARIF 2.1.0, for code scanning). */
import { pathToFileURL } from 'node:url';
import { displayPath, type Formatter } from './types.js';

/** Repository-relative under %SRCROOT%; a file outside the repository keeps its absolute file: URI. */
function artifact(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const shown = displayPath(file, cwd);
  return shown.startsWith('/') || /^[A-Za-z]:/.test(shown) ? { uri: pathToFileURL(file).href } : { uri: encodeURI(shown), uriBaseId: '%SRCROOT%' };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, every rule in tool.driver.rules (so results can
 * point at them by index), locations relative to the repository root (%SRCROOT%).
 */
export const sarif: Formatter = ({ result, rules, cwd, tool }) => {
  const ids = [...new Set([...rules.map((r) => r.id), ...result.findings.map((f) => f.ruleId)])];
  const meta = new Map(rules.map((r) => [r.id, r]));
  const level = (l: string | undefined) => (l === 'warning' ? 'warning' : l === 'off' ? 'none' : 'error');
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            rules: ids.map((id) => ({
              id,
              name: id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: meta.get(id)?.description ?? id },
              defaultConfiguration: { level: level(meta.get(id)?.level) },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd).href.replace(/\/?$/, '/') } },
        results: result.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ids.indexOf(f.ruleId),
          level: f.severity === 'error' ? 'error' : 'warning',
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifact(f.file, cwd),
                region: { startLine: f.line, startColumn: f.column },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
