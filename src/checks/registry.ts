/** The one table of checks, by name, and how a run selects from it (--checks / --exclude-checks). */
import type { Check, CheckContext, CheckFailure } from './types.js';
import { statusCodeConformance } from './status.js';
import { contentTypeConformance, requiredHeaders, responseSchemaConformance } from './body.js';
import { bodyMatches, documentedErrorIdentity } from './identity.js';
import { negativeRejection } from './negative.js';
import { UsageError } from '../errors.js';

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

export function runChecks(ctx: CheckContext, checks: Record<string, Check> = CHECKS): CheckFailure[] {
  return Object.values(checks).flatMap((check) => check(ctx));
}
