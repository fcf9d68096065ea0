/** The provider-state client: POST {state, params, action} to the state endpoint, read its answer like any response. */
import type { Dispatcher } from 'undici';
import type { StateRef } from '../openapi/bindings.js';
import { send } from './http.js';

/** A provider state could not be set up: the scenario is a setup error, not a conformance failure. */
export class StateError extends Error {
  override name = 'StateError';
}

export interface StateOptions {
  timeoutMs: number;
  /** The answer is read no further than this (as responses are): an endless body is an error, not a memory leak. */
  maxBodyBytes: number;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
}

/** send()'s words are about "the target"; here the other end is the state endpoint. */
const inWords = (message: string) =>
  message
    .replace(/^body larger than (\d+) bytes; stopped reading$/, 'the answer is larger than $1 bytes; stopped reading')
    .replace(/^connection closed by the target mid-exchange after (\d+) bytes of the body$/, 'connection closed by the state endpoint mid-answer after $1 bytes')
    .replace(/^timed out reading the body after (\d+) bytes of the body$/, 'timed out reading the answer after $1 bytes')
    .replace(/^connection closed by the target mid-exchange$/, 'connection closed by the state endpoint before it answered');

/**
 * The Pact provider-state protocol: POST {state, params, action} to the state URL.
 * The answer to `setup` is an object of values for the scenario's placeholders. It is read with
 * the run's caps and timeouts, never followed to another place; whatever goes wrong is a
 * StateError that says what happened.
 */
export async function callState(stateUrl: string, state: StateRef, action: 'setup' | 'teardown', opts: StateOptions): Promise<Record<string, string>> {
  const failed = (why: string) => new StateError(`state '${state.name}' ${action} failed: ${why}`);
  const ex = await send(
    { method: 'POST', url: stateUrl, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ state: state.name, params: state.params ?? {}, action }) },
    { timeoutMs: opts.timeoutMs, maxBodyBytes: opts.maxBodyBytes, dispatcher: opts.dispatcher, signal: opts.signal },
  );
  const status = ex.response?.status;
  // An error status says more than whatever went wrong with its body.
  if (status !== undefined && status >= 400) {
    throw new StateError(`state '${state.name}' ${action} answered ${status}${status < 500 ? ' (the target does not know this state)' : ''}`);
  }
  if (ex.error) {
    if (ex.error.kind === 'timeout' && !ex.response) throw failed(`no answer within ${opts.timeoutMs} ms`);
    throw failed(inWords(ex.error.message));
  }
  const text = ex.response!.bodyText;
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
