/** The state proxy between the Pact verifier and the target's state endpoint (replays earlier requests, guarded). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callState, StateError } from '../execute/state.js';
import type { Redactor } from '../redact/redactor.js';
import { forward } from './target-proxy.js';
import { EARLIER_REQUESTS_STATE, type EarlierRequest } from './interactions.js';

/**
 * The state-change endpoint the Pact verifier talks to. It stands between the verifier and the
 * target's own state endpoint (the one `check` uses) for three reasons:
 * - the verifier posts a state-less `setup` even for interactions without provider states,
 *   which a target's endpoint rightly answers 4xx (unknown state);
 * - the earlier-requests state of multi-step scenarios is made here, by sending those requests
 *   to the target with the values the interaction's other states answered;
 * - a failed setup is remembered with its reason, so the report says why, not just "failed".
 */
export interface StateProxy {
  url: string;
  /** Why the last setup of each state failed (state name → reason; `guard` when the destructive guard refused an earlier request). */
  failures: Map<string, { kind: 'setup' | 'guard'; reason: string }>;
  close(): Promise<void>;
}

export interface StateProxyOptions {
  baseUrl: URL;
  stateUrl?: string;
  timeoutMs: number;
  /** Names whose values are secrets (bindings' secretVars): added to the redactor as they arrive. */
  secretVars: Set<string>;
  redactor: Redactor;
  /** The destructive guard for the earlier requests it replays (as for the verifier's own). */
  refusal(method: string, path: string): Promise<string | undefined>;
}

/** An earlier request the destructive guard refused: the interaction is a guard error, not a setup error. */
class GuardRefusal extends StateError {}

type Json = Record<string, unknown>;

/** A state's answer is a handful of values: a megabyte is plenty, and an endless one stops there. */
const STATE_ANSWER_BYTES = 1024 * 1024;

const EXPR = /\$\{([A-Za-z0-9_.-]+)\}/g;

function fill(v: unknown, values: Record<string, string>): unknown {
  if (typeof v === 'string') {
    return v.replace(EXPR, (m, name: string) => {
      if (!(name in values)) throw new StateError(`no provider state answered '${name}'`);
      return values[name];
    });
  }
  if (Array.isArray(v)) return v.map((x) => fill(x, values));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [k, fill(x, values)]));
  return v;
}

function readJson(req: IncomingMessage): Promise<Json> {
  return new Promise((resolve) => {
    let data = '';
    req.setEncoding('utf8').on('data', (d: string) => (data += d));
    req.on('end', () => {
      try {
        const v = JSON.parse(data || '{}') as unknown;
        resolve(v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
      } catch {
        resolve({});
      }
    });
  });
}

export async function startStateProxy(opts: StateProxyOptions): Promise<StateProxy> {
  const failures: StateProxy['failures'] = new Map();
  // Values answered by the states of the interaction being verified (the verifier runs them in
  // order, then the request, then the teardowns): what the earlier requests' `${Name}` refer to.
  let context: Record<string, string> = {};
  // What each state's setup answered, handed back on its teardown so the target can remove
  // exactly what it made (Pact itself sends teardown with the setup's params only).
  const answers = new Map<string, Record<string, string>>();

  async function earlier(params: Json): Promise<void> {
    const requests = (Array.isArray(params.requests) ? params.requests : []) as EarlierRequest[];
    for (const r of requests) {
      const filled = fill(r, context) as EarlierRequest;
      const body = filled.body === undefined ? undefined : JSON.stringify(filled.body);
      const { exchange: ex, refused } = await forward(
        { method: filled.method, url: filled.path, headers: filled.headers, body },
        { baseUrl: opts.baseUrl, timeoutMs: opts.timeoutMs, maxBodyBytes: 1024 * 1024, refusal: opts.refusal, scrub: (t) => opts.redactor.text(t) },
      );
      if (refused) throw new GuardRefusal(refused);
      // Any error (a redirect, a gateway page, a cut body too) means the earlier step did not happen as the contract says.
      if (ex!.error) throw new StateError(`earlier request ${filled.method} ${filled.path} failed: ${ex!.error.message}`);
      if (ex!.response?.status !== r.status) throw new StateError(`earlier request ${filled.method} ${filled.path} answered ${ex!.response?.status}, expected ${r.status}`);
    }
  }

  async function handle(body: Json): Promise<{ status: number; answer: Json }> {
    const state = typeof body.state === 'string' ? body.state : '';
    const action = body.action === 'teardown' ? 'teardown' : 'setup';
    const params = (body.params && typeof body.params === 'object' ? body.params : {}) as Json;
    if (action === 'teardown') context = {};
    if (!state) return { status: 200, answer: {} };
    try {
      if (state === EARLIER_REQUESTS_STATE) {
        if (action === 'setup') await earlier(params);
        return { status: 200, answer: {} };
      }
      if (!opts.stateUrl) throw new StateError(`state '${state}' needs a state endpoint: pass --state-url`);
      const sent = action === 'teardown' ? { ...params, ...(answers.get(state) ?? {}) } : params;
      if (action === 'teardown') answers.delete(state);
      const answer = await callState(opts.stateUrl, { name: state, params: sent }, action, { timeoutMs: opts.timeoutMs, maxBodyBytes: STATE_ANSWER_BYTES });
      for (const [k, v] of Object.entries(answer)) if (opts.secretVars.has(k)) opts.redactor.add(v);
      if (action === 'setup') {
        context = { ...context, ...answer };
        answers.set(state, answer);
      }
      return { status: 200, answer };
    } catch (e) {
      if (!(e instanceof StateError)) throw e;
      if (action === 'setup') failures.set(state, { kind: e instanceof GuardRefusal ? 'guard' : 'setup', reason: opts.redactor.text(e.message) });
      return { status: 400, answer: { error: opts.redactor.text(e.message) } };
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readJson(req)
      .then(handle)
      .then(
        ({ status, answer }) => {
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
        },
        (e: Error) => {
          res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: opts.redactor.text(e.message) }));
        },
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    failures,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
