import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadBindings, type StateDecl } from '../src/openapi/bindings.js';
import { bundledApiNames } from '../src/openapi/registry.js';
import { STATES, handleState } from '../src/provider/states.js';
import { Store } from '../src/provider/store.js';
import { lint } from '../src/lint/run.js';

const ROOT = resolve(import.meta.dirname, '..');
const declared = (api: string): StateDecl[] => loadBindings(join(ROOT, 'specs', api, 'specgate.yaml')).states;

/** DESIGN.md's provider-state table (interface): these names, params and values never change. */
const INTERFACE: [api: string, name: string, params: string[], returns: string[]][] = [
  ['mangopay', 'a legal user exists', ['UserCategory', 'LegalPersonType', 'TermsAndConditionsAccepted'], ['UserId']],
  ['mangopay', 'a legal user exists whose wallets are not empty', [], ['UserId']],
  ['mangopay', 'a legal user exists that is already closed', [], ['UserId']],
  ['mangopay', 'the country is blocked', ['Country'], []],
  ['mangopay', 'the anti-fraud policy rejects the name', ['Name'], []],
  ['qonto', 'a business account exists', [], ['id']],
  ['qonto', 'the main business account exists', [], ['id']],
  ['qonto', 'a business account with a non-zero balance exists', [], ['id']],
  ['qonto', 'an external business account exists', [], ['id']],
  ['qonto', 'the access token lacks the bank_account.write scope', [], ['token']],
  ['udara360', 'an open account exists', [], ['accountNumber']],
];

describe('provider states: one list per API, in specs/<api>/specgate.yaml', () => {
  it("every DESIGN.md state is declared by its API with the interface's params and values", () => {
    for (const [api, name, params, returns] of INTERFACE) {
      const d = declared(api).find((s) => s.name === name);
      expect(d, `${api}: ${name}`).toBeDefined();
      expect([d!.params, d!.returns], `${api}: ${name}`).toEqual([params, returns]);
    }
  });

  it('the reference provider implements exactly the declared states, and each setup answers the declared values', () => {
    for (const api of bundledApiNames()) {
      const provided = Object.keys(STATES).filter((s) => STATES[s].api === api).sort();
      expect(provided, api).toEqual(declared(api).map((s) => s.name).sort());
      const scenarios = loadBindings(join(ROOT, 'specs', api, 'specgate.yaml')).scenarios;
      for (const d of declared(api)) {
        // The params a scenario of the bindings really sends with this state.
        const used = scenarios.flatMap((s) => (Array.isArray(s.state) ? s.state : s.state ? [s.state] : [])).find((st) => st.name === d.name);
        const answer = handleState(new Store(), [api], { state: d.name, params: used?.params ?? {}, action: 'setup' });
        expect(answer.status, `${api}: ${d.name}`).toBe(200);
        expect(Object.keys(answer.body as object).sort(), `${api}: ${d.name}`).toEqual([...d.returns].sort());
      }
    }
  });

  it("the README's state table is the declared lists", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Provider states'));
    const cells = (row: string) => row.split('|').slice(1, -1).map((c) => c.trim());
    const rows = section.split('\n').filter((l) => /^\| [a-z0-9]+ \| `/.test(l)).map(cells);
    const names = (xs: string[]) => xs.map((x) => `\`${x}\``).join(', ');
    const expected = bundledApiNames().flatMap((api) => declared(api).map((d) => [api, `\`${d.name}\``, names(d.params), names(d.returns)]));
    expect(rows).toEqual(expected);
  });

  it('lint checks scenario states against the list: an undeclared state or param is a finding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-states-'));
    try {
      cpSync(join(ROOT, 'test/fixtures/lint/good'), dir, { recursive: true });
      const file = join(dir, 'specs/demo/specgate.yaml');
      const text = readFileSync(file, 'utf8');
      expect((await lint([join(dir, 'specs')])).findings).toEqual([]);
      writeFileSync(file, text.replace('state: { name: an open account exists, params: {} }', 'state: { name: an open account exists, params: { Balance: 3 } }'));
      const f1 = (await lint([join(dir, 'specs')])).findings.filter((f) => f.ruleId === 'bindings-valid');
      expect(f1.map((f) => f.message)).toEqual(["state 'an open account exists' takes no param 'Balance' (declared under states: none)"]);
      writeFileSync(file, text.replace('  - name: an open account exists\n', '  - name: an account exists\n'));
      const f2 = (await lint([join(dir, 'specs')])).findings.filter((f) => f.ruleId === 'bindings-valid');
      expect(f2.map((f) => f.message)).toEqual([expect.stringMatching(/^unknown provider state 'an open account exists' \(known for demo: 'an account exists'/)]);
      writeFileSync(file, text.replace('  - name: an open account exists\n', '  - name: an open account exists\n    returns: accountNumber\n'));
      const f3 = (await lint([join(dir, 'specs')])).findings.filter((f) => f.ruleId === 'bindings-valid');
      expect(f3.map((f) => [f.line, f.message])).toEqual([[7, 'returns must be a list of names']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
