/**
 * specgate's library API. The CLI is a thin layer over these: load specs, validate traffic,
 * build and run scenarios, start the reference provider, lint, and work with Pact contracts.
 */
export { loadApi, loadBundledApis, loadTargets, validateRequest, validateResponse, type LoadedApi, type ValidationIssue, type RequestInput, type ResponseInput, type HeaderBag } from './validate/index.js';
export { SpecError } from './openapi/errors.js';
export { bundledApiNames } from './openapi/registry.js';
export type { Bindings, ScenarioBinding, StateRef, Expectation } from './openapi/bindings.js';
export type { ApiModel, OperationModel, ResponseModel, ParameterModel, JsonSchema } from './model/types.js';

export { scenariosFor, type Scenario, type ScenarioStep, type RequestTemplate } from './scenarios/index.js';
export { runCheck, type CheckOptions, type CheckRun } from './run/check.js';
export { exitCodeOf, summarize, outcomeOf } from './run/summary.js';
export { runScenarios, type RunOptions } from './run/runner.js';
export { ResultSpill, detailOf } from './run/keep.js';
export { Redactor, MASK, type Redact, type RedactContext } from './redact/redactor.js';
export { createAgent } from './execute/http.js';
export type { Exchange, ExchangeRequest, ExchangeResponse } from './execute/types.js';
export { CHECKS, runChecks, selectChecks } from './checks/registry.js';
export type { Check, CheckContext, CheckFailure } from './checks/types.js';
export type { RunResult, ScenarioResult, StepResult, RunSummary, Outcome } from './run/types.js';
export { formatReport, REPORTERS, type ReporterName } from './report/index.js';

export { startReferenceProvider, STATES, type ReferenceProvider, type ReferenceProviderOptions } from './provider/index.js';
export { readHarFile, parseHar, validateHar, buildHar, writeHar, HarWriter, type RecordedHar, type HarWriteOptions } from './har/index.js';
export { lint, lintExitCode, RULES, type LintOptions, type LintResult } from './lint/index.js';

// Pact's native core is large: loaded only when a contract function is called.
export const generateContract = async (...args: Parameters<typeof import('./pact/generate.js').generateContract>) =>
  (await import('./pact/generate.js')).generateContract(...args);
export const verifyContracts = async (...args: Parameters<typeof import('./pact/verify.js').verifyContracts>) =>
  (await import('./pact/verify.js')).verifyContracts(...args);
export const publishContracts = async (...args: Parameters<typeof import('./pact/publish.js').publishContracts>) =>
  (await import('./pact/publish.js')).publishContracts(...args);
