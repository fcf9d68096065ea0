/** All scenarios of an API: examples, then the generated negative and boundary cases. */
import type { LoadedApi } from '../validate/load.js';
import { exampleScenarios } from './examples.js';
import { negativeScenarios } from './negative.js';
import type { Scenario } from './types.js';

export interface ScenarioOptions {
  /** Generated negative and boundary cases (default true). */
  negative?: boolean;
  /** `--var` values: parameters of these names are filled (path, query, header, cookie). */
  vars?: Record<string, string>;
}

/** All scenarios of an API: documented examples first, then the generated cases built on them. */
export function scenariosFor(api: LoadedApi, opts: ScenarioOptions = {}): Scenario[] {
  const examples = exampleScenarios(api, { vars: opts.vars });
  return opts.negative === false ? examples : [...examples, ...negativeScenarios(api, examples)];
}

export type { Scenario, ScenarioStep, RequestTemplate } from './types.js';
