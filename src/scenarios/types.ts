/** The scenario types: requests to make, steps, expectations. */
import type { Expectation, StateRef } from '../openapi/bindings.js';

/** A credential an operation's security uses: where it goes and its name. */
export interface Credential {
  in: 'header' | 'query' | 'cookie';
  name: string;
  /** For the Authorization header: the auth-scheme its value starts with (RFC 9110 11.4), lower case. */
  authScheme?: string;
}

/** A concrete request to make, still holding `{{Name}}` placeholders until execution. */
export interface RequestTemplate {
  operationId: string;
  path: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: unknown;
  /** The documented media type the body is sent as (encoded for it when sent); absent: JSON, a string as it is. */
  contentType?: string;
  /** A form body's per-property encoding (OpenAPI `encoding`). */
  encoding?: Record<string, { contentType?: string; style?: string; explode?: boolean }>;
  /** The Accept header: the media types the operation documents for its answers. */
  accept?: string;
  /** Send no credentials (scenarios that test missing credentials). */
  omitAuth?: boolean;
  /** Exactly which credentials to leave out: those the operation's security names (absent: credential-looking headers). */
  omit?: Credential[];
}

export interface ScenarioStep {
  name: string;
  request: RequestTemplate;
  expect: Expectation;
  /** Variables taken from this step's response body (name → JSON pointer) for the steps after it. */
  capture?: Record<string, string>;
}

export type ScenarioKind = 'example' | 'negative' | 'boundary';

export interface Scenario {
  /** Stable id: `<api>.<operationId>.<slug>`. */
  id: string;
  name: string;
  api: string;
  operationId: string;
  kind: ScenarioKind;
  /** Provider states to set up, in order (torn down in reverse). */
  states: StateRef[];
  /** Earlier steps, then the scenario's own request as the last step. */
  steps: ScenarioStep[];
  destructive: boolean;
  /** Lowest-priority variable values (the spec's parameter examples). */
  defaults?: Record<string, string>;
  /** Provider-wide states this scenario sets up: scenarios sharing one never overlap. */
  locks?: string[];
  /** Why it cannot run (e.g. needs a provider state but the spec has no bindings). */
  skip?: string;
  /** The rule a generated negative scenario breaks, with its x-source sentence. */
  rule?: NegativeRule;
}

/** What a generated negative case breaks: the schema pointer and keyword, its sentence of the sources, or the assumption alone that makes the input invalid. */
export interface NegativeRule {
  pointer: string;
  keyword: string;
  description: string;
  source?: string;
  assumption?: string;
}
