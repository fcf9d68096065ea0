import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApi, type LoadedApi } from '../src/validate/load.js';
import { loadBindings } from '../src/openapi/bindings.js';
import { scenariosFor } from '../src/scenarios/index.js';
import { runCheck } from '../src/run/check.js';
import { startReferenceProvider, type ReferenceProvider } from '../src/provider/index.js';
import type { VariantName } from '../src/testing.js';
import { startServer, type TestServer } from './helpers/servers.js';

/**
 * Provider-wide states (`scope: global` in the bindings) must never be set up or torn down under
 * a scenario that relies on one: at --concurrency 8 another scenario's teardown used to unblock a
 * country mid-run. Scenarios sharing a global state get a common lock and never overlap.
 */
const AUTH = { Authorization: 'Bearer specgate-reference-token' };
const GLOBAL = ['the country is blocked', 'the anti-fraud policy rejects the name'];

let mangopay: LoadedApi;
beforeAll(async () => {
  mangopay = await loadApi('mangopay');
});

describe('state scope in the bindings', () => {
  it('declares the blocked country and the rejected name global, and every other state entity-scoped', () => {
    const scopes = Object.fromEntries(mangopay.bindings!.states.map((s) => [s.name, s.scope]));
    expect(scopes).toEqual({
      'a legal user exists': 'entity',
      'a legal user exists whose wallets are not empty': 'entity',
      'a legal user exists that is already closed': 'entity',
      'the country is blocked': 'global',
      'the anti-fraud policy rejects the name': 'global',
    });
  });

  it('locks every scenario that sets up a global state, by state name, and no other', () => {
    const scenarios = scenariosFor(mangopay);
    const locked = scenarios.filter((s) => s.locks?.length);
    expect(locked.map((s) => s.name).sort()).toEqual(
      scenarios.filter((s) => s.states.some((st) => GLOBAL.includes(st.name))).map((s) => s.name).sort(),
    );
    expect(locked.length).toBeGreaterThanOrEqual(4);
    const byName = new Map(scenarios.map((s) => [s.name, s]));
    expect(byName.get('create a legal user with a blocked headquarters country')!.locks).toEqual(['mangopay › the country is blocked']);
    expect(byName.get('update a legal user with a blocked headquarters country')!.locks).toEqual(['mangopay › the country is blocked']);
    expect(byName.get('update a legal user to a name the anti-fraud policy rejects')!.locks).toEqual(['mangopay › the anti-fraud policy rejects the name']);
    expect(byName.get('close a legal user')!.locks).toBeUndefined();
  });

  it('rejects an unknown scope with the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-scope-'));
    try {
      const file = join(dir, 'specgate.yaml');
      writeFileSync(file, 'api: demo\nstates:\n  - { name: an open account exists, scope: entity }\n  - { name: the bank is on holiday, scope: planet }\nscenarios: []\n');
      expect(() => loadBindings(file)).toThrow(/specgate\.yaml:4:.*scope must be 'entity' or 'global', got "planet"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scenarios sharing a global state never overlap', () => {
  let provider: ReferenceProvider;
  let recorder: TestServer;
  const active = new Map<string, number>();
  const most = new Map<string, number>();
  const setups = new Map<string, number>();

  beforeAll(async () => {
    // A provider whose global states are plain sets: the one a lapse of locking would break.
    provider = await startReferenceProvider({ apis: ['mangopay'], variants: ['uncounted-global-states'] });
    // The state endpoint the run is given: it counts, per global state, the scenarios between
    // setup and teardown, and answers a global setup late (a slow provider), so that without
    // locks the other scenarios of that state would start inside the window.
    recorder = await startServer((req, res) => {
      const { state, action } = JSON.parse(req.body) as { state: string; action: string };
      const global = GLOBAL.includes(state);
      if (global && action === 'setup') {
        active.set(state, (active.get(state) ?? 0) + 1);
        most.set(state, Math.max(most.get(state) ?? 0, active.get(state)!));
        setups.set(state, (setups.get(state) ?? 0) + 1);
      }
      const forward = () =>
        void fetch(provider.stateUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: req.body }).then(async (r) => {
          const text = await r.text();
          if (global && action === 'teardown') active.set(state, active.get(state)! - 1);
          res.writeHead(r.status, { 'content-type': 'application/json' }).end(text);
        });
      if (global && action === 'setup') setTimeout(forward, 150);
      else forward();
    });
  });
  afterAll(async () => {
    await recorder?.close();
    await provider?.close();
  });

  it('at --concurrency 16: at most one scenario at a time holds each global state, and all pass', async () => {
    const run = await runCheck({ baseUrl: provider.url, stateUrl: recorder.url, apis: ['mangopay'], headers: AUTH, concurrency: 16 });
    expect(run.results.filter((r) => r.outcome === 'failed' || r.outcome === 'error').map((r) => r.name)).toEqual([]);
    for (const state of GLOBAL) {
      expect(setups.get(state), state).toBeGreaterThanOrEqual(2);
      expect(most.get(state), state).toBe(1);
    }
  });
});

describe('identical verdicts run after run', () => {
  // The full 50 runs of each target are bench/determinism.mjs (1 distinct outcome set each; 3
  // without the locks); here 10 of each. The variant sits behind a state endpoint that answers
  // global setups late, the provider on which the blocked-country verdicts used to flip.
  it.each([['the reference provider', [], 0], ['uncounted global states, slow state setup', ['uncounted-global-states'], 40]] as const)(
    '%s: 10 runs at --concurrency 16 give the same outcome for every scenario',
    async (_, variants, delayMs) => {
      const provider = await startReferenceProvider({ apis: ['mangopay'], variants: [...variants] as VariantName[] });
      const slow = await startServer((req, res) => {
        const { state, action } = JSON.parse(req.body) as { state: string; action: string };
        const forward = () =>
          void fetch(provider.stateUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: req.body }).then(async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()));
        if (action === 'setup' && GLOBAL.includes(state)) setTimeout(forward, delayMs);
        else forward();
      });
      try {
        const outcomes: string[] = [];
        for (let i = 0; i < 10; i++) {
          const run = await runCheck({ baseUrl: provider.url, stateUrl: slow.url, apis: ['mangopay'], headers: AUTH, concurrency: 16 });
          outcomes.push(JSON.stringify(run.results.map((r) => [r.id, r.outcome])));
          expect(run.results.filter((r) => r.outcome === 'failed' || r.outcome === 'error').map((r) => r.name)).toEqual([]);
        }
        expect(new Set(outcomes).size).toBe(1);
      } finally {
        await slow.close();
        await provider.close();
      }
    },
  );
});
