/** Generating a Pact consumer contract: a consumer test per interaction against the Pact mock server. */
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { Agent, request } from 'undici';
import type { LoadedApi } from '../validate/load.js';
import { validateResponse } from '../validate/validator.js';
import { scenariosFor } from '../scenarios/index.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { planContract, type InteractionPlan } from './interactions.js';
import { canonicalJson, normalizeContract } from './normalize.js';
import { joinUrl } from '../util/url.js';

export const DEFAULT_CONSUMER = 'specgate-consumer';

export interface GenerateOptions {
  outDir: string;
  consumer?: string;
  /** Called once per interaction verified against the mock server. */
  onInteraction?: (api: string, description: string) => void;
}

export class ConsumerTestError extends Error {}

type Json = Record<string, unknown>;

/** The concrete request of a plan, as a consumer would send it (state values at their examples). */
function concrete(plan: InteractionPlan, base: string): { url: string; init: { method: string; headers: Record<string, string>; body?: string } } {
  const path = MatchersV3.reify(plan.path as never) as string;
  const query = Object.fromEntries(Object.entries(MatchersV3.reify(plan.query as never) as Json).map(([k, v]) => [k, String(v)]));
  const headers = MatchersV3.reify(plan.headers as never) as Record<string, string>;
  const body = plan.body === undefined ? undefined : JSON.stringify(MatchersV3.reify(plan.body as never));
  return { url: joinUrl(base, path, query), init: { method: plan.method, headers, body } };
}

/**
 * The consumer side of the test: make the real request against Pact's mock server, and check
 * that what the contract promises is a response the spec allows. A contract whose own example
 * breaks the spec would teach consumers something false, so generation stops on it (what only an
 * x-assumption backs, such as an assumed-required key the contract leaves out, is not that).
 */
async function consumerTest(api: LoadedApi, plan: InteractionPlan, mockUrl: string): Promise<void> {
  const { url, init } = concrete(plan, mockUrl);
  // A fresh connection per test: each interaction has its own mock server, and a pooled
  // keep-alive connection to a port the OS has just handed out again would reach the previous
  // one (which then answers for an interaction the new server never sees).
  const agent = new Agent({ pipelining: 0 });
  let status: number;
  let text: string;
  let headers: Record<string, string>;
  try {
    const res = await request(url, { method: init.method as never, headers: init.headers as Record<string, string>, body: init.body as string | undefined, dispatcher: agent });
    status = res.statusCode;
    text = await res.body.text();
    headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
  } finally {
    await agent.close();
  }
  if (status !== plan.status) throw new ConsumerTestError(`${api.name} '${plan.description}': the mock server answered ${status}, expected ${plan.status}`);
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  const dropped = new Set(plan.dropped);
  const issues = validateResponse(api, plan.operationId, { status, headers, body }).filter((i) => !(i.keyword === 'required' && dropped.has(i.pointer)) && !i.assumption);
  if (issues.length) {
    const first = issues[0];
    throw new ConsumerTestError(`${api.name} '${plan.description}': the contract's response breaks the spec at ${first.pointer || '/'}: ${first.message}`);
  }
}

async function runInteraction(pact: PactV4, api: LoadedApi, plan: InteractionPlan): Promise<void> {
  let b = pact.addInteraction();
  for (const s of plan.states) b = b.given(s.name, s.params as never);
  const status = plan.anyClientError ? MatchersV3.matchStatus(plan.status, 'clientError' as never) : plan.status;
  await b
    .uponReceiving(plan.description)
    .withRequest(plan.method, plan.path as never, (r) => {
      if (Object.keys(plan.query).length) r.query(plan.query as never);
      r.headers(plan.headers as never);
      if (plan.body !== undefined) r.jsonBody(plan.body);
    })
    .willRespondWith(status as never, (r) => {
      if (plan.responseBody !== undefined) {
        // Parameters (charset) are allowed: only the media type is part of the contract.
        r.headers({ 'Content-Type': MatchersV3.regex('^application/json(;.*)?$', 'application/json') });
        r.jsonBody(plan.responseBody);
      }
    })
    .executeTest((mock) => consumerTest(api, plan, mock.url));
}

/**
 * Write `<outDir>/<api>.json`: one Pact V4 contract per API, built by running a consumer test per
 * interaction through the real Pact mock server, then normalized (sorted, stable) so that a
 * regeneration that changes nothing changes no byte outside `metadata`.
 */
export async function generateContract(api: LoadedApi, opts: GenerateOptions): Promise<{ file: string; interactions: number }> {
  const consumer = opts.consumer ?? DEFAULT_CONSUMER;
  const plans = planContract(api, scenariosFor(api));
  const work = mkdtempSync(join(tmpdir(), `specgate-pact-${api.name}-`));
  try {
    const pact = new PactV4({ consumer, provider: api.name, dir: work, logLevel: 'error' });
    for (const plan of plans) {
      // Rarely, on a busy machine, the consumer's request reaches another mock server than the
      // one Pact just started for this interaction (the new one then reports it "expected but
      // not received"). pact-js drops a failed interaction, so running it again is clean; a
      // real fault fails every attempt.
      for (let attempt = 1; ; attempt++) {
        try {
          await runInteraction(pact, api, plan);
          break;
        } catch (e) {
          if (attempt >= 3) throw e;
        }
      }
      opts.onInteraction?.(api.name, plan.description);
    }
    const written = JSON.parse(readFileSync(join(work, `${consumer}-${api.name}.json`), 'utf8')) as Json;
    mkdirSync(opts.outDir, { recursive: true });
    const file = join(opts.outDir, `${api.name}.json`);
    writeFileAtomic(file, canonicalJson(normalizeContract(written)));
    return { file, interactions: plans.length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
