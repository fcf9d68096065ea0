/** specgate lint as a library: the CLI command is a thin layer over this. */
export { lint, lintTargets, lintExitCode, type LintOptions, type LintResult } from './run.js';
export { discoverTargets, targetFor } from './targets.js';
export { RULES } from './rules/index.js';
export { SEVERITIES, PROFILE_OVERRIDES, CONTRACTS_MODE } from './config.js';
export { FORMATTERS, type Formatter, type LintReport } from './format/index.js';
export type { Finding, Rule, RuleMeta, Severity, SeveritySetting, LintTarget } from './types.js';
