import type { Exchange } from '../execute/types.js';
import type { Scenario, ScenarioStep } from '../scenarios/types.js';
import type { LoadedApi } from '../validate/load.js';

/** One way a response failed a check. */
export interface CheckFailure {
  /** Name of the check in the registry, e.g. `status_code_conformance`. */
  check: string;
  message: string;
  pointer?: string;
  expected?: unknown;
  actual?: unknown;
  /** The x-source sentence of the rule, when known. */
  source?: string;
}

export interface CheckContext {
  api: LoadedApi;
  scenario: Scenario;
  step: ScenarioStep;
  exchange: Exchange;
  /** Variables in force (state answers, --var), for expectations with placeholders. */
  vars: Record<string, string>;
}

export type Check = (ctx: CheckContext) => CheckFailure[];

export type Outcome = 'passed' | 'failed' | 'error' | 'skipped';

export interface StepResult {
  name: string;
  exchange?: Exchange;
  failures: CheckFailure[];
  /** A reproducible curl command, secrets redacted. */
  curl?: string;
}

export interface ScenarioResult {
  id: string;
  name: string;
  api: string;
  operationId: string;
  kind: Scenario['kind'];
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
}
