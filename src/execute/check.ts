import { loadApi, loadBundledApis, type LoadedApi } from '../validate/load.js';
import { scenariosFor } from '../scenarios/index.js';
import type { RunResult } from '../checks/types.js';
import { runScenarios, type RunOptions } from './runner.js';

export interface CheckOptions extends Omit<RunOptions, 'baseUrl'> {
  baseUrl: string | URL;
  /** Bundled API names; all of them when neither apis nor specs is given. */
  apis?: string[];
  /** Further OpenAPI 3.1 documents. */
  specs?: string[];
  negative?: boolean;
}

export async function loadTargets(apis?: string[], specs?: string[]): Promise<LoadedApi[]> {
  const bundled = apis?.length || !specs?.length ? await loadBundledApis(apis) : [];
  const extra = await Promise.all((specs ?? []).map((f) => loadApi(f)));
  return [...bundled, ...extra];
}

/** The library form of `specgate check`: load, build scenarios, run them, return the result. */
export async function runCheck(options: CheckOptions): Promise<RunResult> {
  const apis = await loadTargets(options.apis, options.specs);
  const scenarios = apis.flatMap((a) => scenariosFor(a, { negative: options.negative }));
  return runScenarios(apis, scenarios, { ...options, baseUrl: new URL(String(options.baseUrl)) });
}
