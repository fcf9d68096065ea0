/** The one table of checks, by name, and how a run selects from it (--checks / --exclude-checks). */
import type { Check, CheckContext, CheckFailure } from './types.js';
import { statusCodeConformance } from './status.js';
import { contentTypeConformance, requiredHeaders, responseSchemaConformance } from './body.js';
import { bodyMatches, documentedErrorIdentity } from './identity.js';
import { negativeRejection } from './negative.js';
import { UsageError } from '../errors.js';
import type { ExpectedOutcome } from '../openapi/bindings.js';
import { alternatives, assumptionText, describeOutcome } from './outcome.js';

/** Every check a scenario step runs, in report order. A new check is one function and one line here. */
export const CHECKS: Record<string, Check> = {
  status_code_conformance: statusCodeConformance,
  content_type_conformance: contentTypeConformance,
  response_schema_conformance: responseSchemaConformance,
  documented_error_identity: documentedErrorIdentity,
  required_headers: requiredHeaders,
  body_matches: bodyMatches,
  negative_rejection: negativeRejection,
};

/** The checks a run uses: all, only `include`, or all but `exclude`. Unknown names are a usage error. */
export function selectChecks(include?: string[], exclude?: string[]): Record<string, Check> {
  for (const n of [...(include ?? []), ...(exclude ?? [])]) {
    if (!(n in CHECKS)) throw new UsageError(`unknown check '${n}' (checks: ${Object.keys(CHECKS).join(', ')})`);
  }
  return Object.fromEntries(Object.entries(CHECKS).filter(([n]) => (!include?.length || include.includes(n)) && !exclude?.includes(n)));
}

const hard = (fs: CheckFailure[]) => fs.filter((f) => f.severity !== 'warning').length;

/**
 * Every check, for the step's expected outcome. With `anyOf`, each alternative is judged and the
 * best kept: none failing (fewest warnings first, then the spec's order). An answer that fits
 * only a later alternative passes with a warning naming the first one's assumption; one that
 * fits none fails with the failures of the nearest.
 */
export function runChecks(ctx: CheckContext, checks: Record<string, Check> = CHECKS): CheckFailure[] {
  const alts = alternatives(ctx.step.expect);
  const judge = (outcome: ExpectedOutcome) => Object.values(checks).flatMap((check) => check({ ...ctx, outcome }));
  if (alts.length === 1) return judge(alts[0]);
  const tried = alts.map((o, i) => ({ i, o, failures: judge(o) }));
  const best = [...tried].sort((a, b) => hard(a.failures) - hard(b.failures) || a.failures.length - b.failures.length || a.i - b.i)[0];
  const allowed = alts.map(describeOutcome).join('; ');
  if (hard(best.failures)) return best.failures.map((f) => (f.severity === 'warning' ? f : { ...f, message: `${f.message} (the answer fits none of the outcomes the sources allow: ${allowed})` }));
  if (best.i === 0) return best.failures;
  const departs: CheckFailure = {
    check: 'status_code_conformance',
    message: `answered ${describeOutcome(best.o)}, an outcome the sources allow; the spec assumes ${describeOutcome(alts[0])}`,
    expected: describeOutcome(alts[0]),
    actual: ctx.exchange.response?.status,
    severity: 'warning',
    assumption: assumptionText({ ...ctx, outcome: alts[0] }, alts[0]),
  };
  return [...best.failures, departs];
}
