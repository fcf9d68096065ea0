/** Lint rule contracts-in-step: contracts/<api>.json covers every scenario of specgate.yaml. */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Rule } from '../types.js';
import { CONTRACTS_MODE } from '../config.js';
import { readSource } from '../../openapi/source.js';
import { SpecError } from '../../openapi/errors.js';
import { isObj, ptr } from '../walk.js';
import { exactStatus, type Expectation } from '../../openapi/bindings.js';

/** How an interaction is matched to a scenario: one place to change if the generator's naming changes. */
export const describes = (description: unknown, scenarioName: string) => description === scenarioName;

/**
 * The Pact contracts are generated from the scenarios and committed: a scenario with no
 * interaction means `specgate verify` silently skips it. Tolerant of contracts/ not existing yet
 * (CONTRACTS_MODE in config.ts turns that into an error).
 */
export const contractsInStep: Rule = {
  id: 'contracts-in-step',
  description: 'If contracts/<api>.json exists, its interactions cover every scenario of specgate.yaml (matched by description).',
  needs: ['bindings'],
  check(ctx) {
    const file = ctx.target.contractsFile;
    if (!file) return;
    const shown = relative(process.cwd(), file) || file;
    if (!existsSync(file)) {
      if (CONTRACTS_MODE === 'required') ctx.report({ file: ctx.bindings, line: 1, column: 1, message: `${shown} is missing: run \`specgate contracts\`` });
      return;
    }
    let data: unknown;
    try {
      data = readSource(file).data;
    } catch (e) {
      const se = e as SpecError;
      ctx.report({ file, line: se.line ?? 1, column: se.column ?? 1, message: `cannot read the contract: ${se.reason ?? se.message}` });
      return;
    }
    const interactions = isObj(data) && Array.isArray(data.interactions) ? data.interactions : undefined;
    if (!interactions) {
      ctx.report({ file, line: 1, column: 1, message: 'not a Pact contract: no interactions list' });
      return;
    }
    const descriptions = interactions.map((i) => (isObj(i) ? i.description : undefined));
    const scenarios = (isObj(ctx.bindings!.data) && Array.isArray(ctx.bindings!.data.scenarios) ? ctx.bindings!.data.scenarios : []) as unknown[];
    scenarios.forEach((s, i) => {
      if (!isObj(s) || typeof s.name !== 'string') return; // bindings-valid reports it
      const name = s.name;
      // A scenario whose outcome the sources leave open (anyOf, notSuccess) has no contract interaction.
      const steps = [s, ...(Array.isArray(s.steps) ? s.steps : [])];
      if (steps.some((st) => isObj(st) && isObj(st.expect) && exactStatus(st.expect as Expectation) === undefined)) return;
      if (!descriptions.some((d) => describes(d, name))) {
        ctx.report({ file: ctx.bindings, pointer: ptr('/scenarios', i, 'name'), message: `no interaction of ${shown} describes scenario '${name}': run \`specgate contracts\`` });
      }
    });
  },
};
