/** What a check is given and what it returns. */
import type { Exchange } from '../execute/types.js';
import type { Scenario, ScenarioStep } from '../scenarios/types.js';
import type { LoadedApi } from '../validate/load.js';
import type { ExpectedOutcome } from '../openapi/bindings.js';

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
  /**
   * `failure` (the default) when a source sentence backs the rule; `warning` when only an
   * assumption does (`x-assumption`), whose text is then in `assumption`.
   */
  severity?: 'failure' | 'warning';
  assumption?: string;
}

export interface CheckContext {
  api: LoadedApi;
  scenario: Scenario;
  step: ScenarioStep;
  exchange: Exchange;
  /** Variables in force (state answers, --var), for expectations with placeholders. */
  vars: Record<string, string>;
  /** The outcome being judged: one alternative of the step's `anyOf` (runChecks tries each), else the step's expectation. */
  outcome?: ExpectedOutcome;
}

export type Check = (ctx: CheckContext) => CheckFailure[];
