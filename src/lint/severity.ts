import { PROFILE_OVERRIDES, SEVERITIES } from './config.js';
import type { LintTarget, Severity, SeveritySetting } from './types.js';

export const baseLevel = (ruleId: string): SeveritySetting => SEVERITIES[ruleId] ?? 'error';

/**
 * The level of a rule's finding in one file: the table's, unless the file is a vendor capture,
 * whose profile overrides it. Only the capture itself is overridden: its specgate.yaml, captures
 * and contracts are specgate's own files and keep the table's levels.
 */
export function levelFor(ruleId: string, file: string, target: LintTarget): SeveritySetting {
  if (target.verbatim && file === target.specFile) return PROFILE_OVERRIDES['vendor-capture'][ruleId] ?? baseLevel(ruleId);
  return baseLevel(ruleId);
}

/** A rule runs unless it is off everywhere it could report. */
export function ruleEnabled(ruleId: string, target: LintTarget): boolean {
  return baseLevel(ruleId) !== 'off' || (target.verbatim !== undefined && (PROFILE_OVERRIDES['vendor-capture'][ruleId] ?? 'off') !== 'off');
}

/** A rule may lower its own finding (e.g. "could not check" is only a warning), never raise it. */
export const lower = (a: Severity, b: Severity | undefined): Severity => (a === 'warning' || b === 'warning' ? 'warning' : 'error');
