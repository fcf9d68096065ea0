import type { Check } from './types.js';
import { statusCodeConformance } from './status.js';
import { contentTypeConformance, requiredHeaders, responseSchemaConformance } from './body.js';
import { bodyMatches, documentedErrorIdentity } from './identity.js';
import { negativeRejection } from './negative.js';

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

export function runChecks(ctx: Parameters<Check>[0]) {
  return Object.values(CHECKS).flatMap((check) => check(ctx));
}
