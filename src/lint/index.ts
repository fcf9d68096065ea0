/** specgate lint as a library: the CLI command is a thin layer over this. */
export { lint, lintTargets, lintExitCode, type LintOptions, type LintResult } from './run.js';
export { discoverTargets, defaultPaths, targetFor } from './targets.js';
export { loadLintSettings, LINT_CONFIG_SCHEMA, type LintSettings } from './settings.js';
export { RULES } from './rules/index.js';
export { PROFILES, PROFILE_NAMES, DEFAULT_PROFILE, CONTRACTS_MODE, type ProfileName } from './config.js';
export { levelsFor, profilesOf } from './severity.js';
export { FORMATTERS, type Formatter, type LintReport } from './format/index.js';
export type { Finding, Rule, RuleMeta, Severity, SeveritySetting, LintTarget, LintConfig } from './types.js';
