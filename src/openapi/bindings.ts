import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readSource, type SourceFile } from './source.js';
import { SpecError } from './errors.js';

export interface StateRef {
  name: string;
  params?: Record<string, unknown>;
}

export interface RequestOverrides {
  path?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  bodyPatch?: Record<string, unknown>;
  omitAuth?: boolean;
}

export interface Expectation {
  status: number;
  /** Name of a documented example under that status. */
  example?: string;
  /** Error identity to require when no example carries one (e.g. Qonto 404 `not_found`). */
  errorCode?: string;
  /** A partial body the response must contain (deep subset). */
  bodyMatches?: unknown;
}

export interface StepBinding {
  name?: string;
  operationId?: string;
  request?: RequestOverrides;
  expect: Expectation;
}

export interface ScenarioBinding {
  name: string;
  operationId: string;
  /** One provider state, or several set up in order (Pact allows many). */
  state?: StateRef | StateRef[];
  request?: RequestOverrides;
  expect: Expectation;
  steps?: StepBinding[];
}

/** What specgate adds to an API's OpenAPI document (`specs/<api>/specgate.yaml`). */
export interface Bindings {
  api: string;
  spec: string;
  destructive: string[];
  productionServers: string[];
  vars: Record<string, string>;
  secretVars: string[];
  scenarios: ScenarioBinding[];
  /** Where each scenario was written, for lint messages. */
  source?: SourceFile;
}

export function bindingsFileFor(specFile: string): string | undefined {
  const f = join(dirname(specFile), 'specgate.yaml');
  return existsSync(f) ? f : undefined;
}

export function loadBindings(file: string): Bindings {
  const src = readSource(file);
  const raw = src.data as Partial<Bindings> | null;
  if (!raw || typeof raw !== 'object') throw new SpecError(file, 1, 1, 'bindings must be a mapping');
  if (typeof raw.api !== 'string') throw new SpecError(file, 1, 1, "bindings need an 'api' name");
  const scenarios = raw.scenarios ?? [];
  scenarios.forEach((s, i) => {
    if (!s || typeof s.name !== 'string' || typeof s.operationId !== 'string' || !s.expect || typeof s.expect.status !== 'number') {
      const at = src.locate(`/scenarios/${i}`);
      throw new SpecError(file, at.line, at.column, 'a scenario needs name, operationId and expect.status (a number)');
    }
  });
  return {
    api: raw.api,
    spec: raw.spec ?? 'openapi.yaml',
    destructive: raw.destructive ?? [],
    productionServers: raw.productionServers ?? [],
    vars: Object.fromEntries(Object.entries(raw.vars ?? {}).map(([k, v]) => [k, String(v)])),
    secretVars: raw.secretVars ?? [],
    scenarios,
    source: src,
  };
}
