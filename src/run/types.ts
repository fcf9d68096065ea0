/** The run-result model: what a run of scenarios (check), of recorded traffic (validate) or of contracts (verify) produces. */
import type { CheckFailure } from '../checks/types.js';
import type { Exchange } from '../execute/types.js';
import type { ScenarioKind } from '../scenarios/types.js';

/**
 * `passed`: every check held. `warned`: only checks backed by an assumption (x-assumption), not by a
 * source sentence, did not hold. `failed`: a source-backed check did not hold.
 */
export type Outcome = 'passed' | 'warned' | 'failed' | 'error' | 'skipped';

export interface StepResult {
  name: string;
  exchange?: Exchange;
  /** Failures and warnings (`severity`) of this step's checks. */
  failures: CheckFailure[];
  /** A reproducible curl command, secrets redacted. */
  curl?: string;
}

export interface ScenarioResult {
  id: string;
  name: string;
  api: string;
  operationId: string;
  kind: ScenarioKind | 'recorded' | 'interaction';
  outcome: Outcome;
  /** For `error` (setup or transport) and `skipped`: why. */
  reason?: string;
  /** 'setup' when the provider state failed, 'transport' when the target could not be reached properly. */
  errorKind?: 'setup' | 'transport' | 'guard';
  steps: StepResult[];
  durationMs: number;
}

export interface RunSummary {
  total: number;
  passed: number;
  /** Scenarios whose only mismatches are with assumptions: they pass unless --strict. */
  warned: number;
  failed: number;
  errors: number;
  skipped: number;
  durationMs: number;
}

export interface RunResult {
  target: string;
  startedAt: string;
  results: ScenarioResult[];
  summary: RunSummary;
  /** Set when the run was cut short (SIGINT/SIGTERM). */
  interrupted?: boolean;
  /** Set by `check --shard I/N`: which part of how many scenarios in all this run is (merge-reports joins them). */
  shard?: { index: number; total: number; scenarios: number };
  /** Documentation coverage, when asked for (`--coverage`). */
  coverage?: CoverageReport;
}

/**
 * Documentation coverage (`check --coverage`, and `coverage` in the JSON report): per API and
 * operation, which documented statuses, examples, error identities and rules a run exercised.
 * `unreachable` says why an item cannot be reached by any scenario (then it is left out of the ratio).
 */
export interface CoverageItem {
  /** A status ('400'), an example name, an error identity ('user_closure_failed'), or a rule's JSON pointer. */
  id: string;
  reached: boolean;
  unreachable?: string;
}

export interface RuleCoverage extends CoverageItem {
  /** The x-source sentence or x-assumption text. */
  text: string;
  state: 'passed' | 'failed' | 'warned' | 'not-exercised';
}

export interface OperationCoverage {
  api: string;
  operationId: string;
  statuses: CoverageItem[];
  examples: CoverageItem[];
  errorIdentities: CoverageItem[];
  sourceRules: RuleCoverage[];
  assumptions: RuleCoverage[];
}

export interface Ratio {
  reached: number;
  /** Reachable items only. */
  total: number;
}

export interface CoverageReport {
  operations: OperationCoverage[];
  totals: { statuses: Ratio; examples: Ratio; errorIdentities: Ratio; sourceRules: Ratio; assumptions: Ratio };
}
