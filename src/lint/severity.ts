/** The level of each rule for one document: its profile (from specgate.yaml's mark, else the config's `extends`), then the config's `rules`. */
import { DEFAULT_PROFILE, PROFILES, type ProfileName } from './config.js';
import type { LintConfig, LintTarget, Severity, SeveritySetting } from './types.js';

/** The profiles in force for a document: a mark in its specgate.yaml wins; else the config's `extends`; else `recommended`. */
export function profilesOf(target: LintTarget, config: LintConfig = {}): ProfileName[] {
  if (target.profile) return [target.profile];
  return config.extends?.length ? config.extends : [DEFAULT_PROFILE];
}

/** Every rule's level for a document (a rule no profile names is an error). Later `extends` win, `rules` win over all. */
export function levelsFor(target: LintTarget, config: LintConfig = {}): (ruleId: string) => SeveritySetting {
  const table: Record<string, SeveritySetting> = Object.assign({}, ...profilesOf(target, config).map((p) => PROFILES[p]), config.rules);
  return (ruleId) => table[ruleId] ?? 'error';
}

/** A rule's level in a profile (the CLI's help table). */
export const profileLevel = (profile: ProfileName, ruleId: string): SeveritySetting => (PROFILES[profile] as Record<string, SeveritySetting>)[ruleId] ?? 'error';

/** A rule may lower its own finding (e.g. "could not check" is only a warning), never raise it. */
export const lower = (a: Severity, b: Severity | undefined): Severity => (a === 'warning' || b === 'warning' ? 'warning' : 'error');
