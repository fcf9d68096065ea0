import { request as undiciRequest, type Dispatcher } from 'undici';
import type { StateRef } from '../openapi/bindings.js';

/** A provider state could not be set up: the scenario is a setup error, not a conformance failure. */
export class StateError extends Error {
  override name = 'StateError';
}

/**
 * The Pact provider-state protocol: POST {state, params, action} to the state URL.
 * The answer to `setup` is an object of values for the scenario's placeholders.
 */
export async function callState(
  stateUrl: string,
  state: StateRef,
  action: 'setup' | 'teardown',
  opts: { timeoutMs: number; dispatcher?: Dispatcher },
): Promise<Record<string, string>> {
  let res: Dispatcher.ResponseData;
  try {
    res = await undiciRequest(stateUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ state: state.name, params: state.params ?? {}, action }),
      dispatcher: opts.dispatcher,
      signal: AbortSignal.timeout(opts.timeoutMs),
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
    const code = e.code ?? e.cause?.code;
    const why = code === 'ECONNREFUSED' ? 'connection refused' : e.name === 'TimeoutError' || String(code).includes('TIMEOUT') ? `no answer within ${opts.timeoutMs} ms` : e.message;
    throw new StateError(`state '${state.name}' ${action} failed: ${why}`);
  }
  const text = await res.body.text().catch(() => '');
  if (res.statusCode >= 400) {
    throw new StateError(`state '${state.name}' ${action} answered ${res.statusCode}${res.statusCode < 500 ? ' (the target does not know this state)' : ''}`);
  }
  if (action === 'teardown' || !text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StateError(`state '${state.name}' setup answered something that is not JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new StateError(`state '${state.name}' setup must answer a JSON object of values`);
  return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter(([, v]) => v !== null && typeof v !== 'object').map(([k, v]) => [k, String(v)]));
}
