/** Reading contracts/<api>.json: interactions, their requests and operations, headers applied. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedApi } from '../validate/load.js';
import type { OperationModel } from '../model/types.js';
import { CONTRACT_CREDENTIAL, EARLIER_REQUESTS_STATE } from './interactions.js';
import { headerKey } from '../util/headers.js';
import { pathOnly } from '../util/url.js';

type Json = Record<string, unknown>;

export interface ContractFile {
  api: string;
  file: string;
  pact: Json;
}

export class ContractError extends Error {}

/** contracts/<api>.json for the chosen APIs (every file there by default). */
export function readContracts(dir: string, apis?: string[]): ContractFile[] {
  if (!existsSync(dir)) throw new ContractError(`no contracts directory at ${dir} (run specgate contracts)`);
  const names = apis?.length ? apis : readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  if (!names.length) throw new ContractError(`no contracts in ${dir} (run specgate contracts)`);
  return names.map((api) => {
    const file = join(dir, `${api}.json`);
    if (!existsSync(file)) throw new ContractError(`no contract for API '${api}' (${file}); run specgate contracts`);
    let pact: Json;
    try {
      pact = JSON.parse(readFileSync(file, 'utf8')) as Json;
    } catch (e) {
      throw new ContractError(`${file} is not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(pact.interactions)) throw new ContractError(`${file} is not a Pact file (no interactions)`);
    return { api, file, pact };
  });
}

export const interactionsOf = (pact: Json) => pact.interactions as Json[];
export const requestOf = (i: Json) => (i.request ?? {}) as { method?: string; path?: string; headers?: Record<string, string[] | string> };

/** The operation an interaction calls, by method and path template. */
export function operationFor(api: LoadedApi, interaction: Json): OperationModel | undefined {
  const { method, path } = requestOf(interaction);
  return api.model.operations.find((op) => {
    if (op.method.toUpperCase() !== String(method).toUpperCase()) return false;
    const re = new RegExp('^' + pathOnly(op.path).split(/\{[^}]+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+') + '/?$');
    return re.test(String(path).split('?')[0]);
  });
}

/** Negative cases accept any 4xx: their status carries Pact's status-class matcher. */
export const isNegative = (i: Json) => JSON.stringify(((i.response as Json)?.matchingRules as Json)?.status ?? '').includes('clientError');

/**
 * Give the target its own credentials and headers. A header the contract never mentions (a
 * sandbox's X-Qonto-Staging-Token) is added to every request. A header it does mention keeps the
 * contract's values, except the stand-in credential (CONTRACT_CREDENTIAL), which the user's
 * value replaces: an interaction without Authorization tests the missing-credential answer, and
 * one with another value (an invalid token, a state-provided one) tests that value.
 */
export function withHeaders(pact: Json, headers: Record<string, string>): Json {
  if (!Object.keys(headers).length) return pact;
  const known = new Set(interactionsOf(pact).flatMap((i) => Object.keys((requestOf(i).headers ?? {}) as Json).map((k) => k.toLowerCase())));
  // Pact files hold header values as arrays; the earlier-requests params hold plain strings.
  const apply = (h: Record<string, unknown>, arrays: boolean) => {
    const out = { ...h };
    for (const [name, value] of Object.entries(headers)) {
      const key = headerKey(out, name);
      if (key === undefined) {
        if (!known.has(name.toLowerCase())) out[name] = arrays ? [value] : value;
        continue;
      }
      const current = out[key];
      if ((Array.isArray(current) ? current[0] : current) === CONTRACT_CREDENTIAL) out[key] = arrays ? [value] : value;
    }
    return out;
  };
  const interactions = interactionsOf(pact).map((i) => {
    const req = i.request as Json;
    const providerStates = ((i.providerStates as Json[]) ?? []).map((s) => {
      if (s.name !== EARLIER_REQUESTS_STATE) return s;
      const params = (s.params ?? {}) as { requests?: Json[] };
      return { ...s, params: { ...params, requests: (params.requests ?? []).map((r) => ({ ...r, headers: apply((r.headers ?? {}) as Json, false) })) } };
    });
    return { ...i, ...(i.providerStates ? { providerStates } : {}), request: { ...req, headers: apply((req.headers ?? {}) as Json, true) } };
  });
  return { ...pact, interactions };
}
