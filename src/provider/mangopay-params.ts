/** The reference provider's Mangopay parameter errors, worded as the vendor does. */
import type { ValidationIssue } from '../validate/issues.js';

/**
 * Validation issues in Mangopay's words: a param_error `errors` map keyed by the dotted field name
 * (`LegalRepresentative.Email`), with the message styles the documented bodies show.
 */

/** The regular expression quoted by the documented email error (seeds 001 and 003). */
export const MANGOPAY_EMAIL_REGEX = String.raw`([a-zA-Z0-9!#$%&'*+/=?^_` + '`' + String.raw`{|}~-]+(?:\.[a-zA-Z0-9!#$%&'*+/=?^_` + '`' + String.raw`{|}~-]+)*)@(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?`;

/**
 * Update a Legal User takes flat LegalRepresentative* fields, yet its documented email error is
 * keyed `LegalRepresentative.Email`: the vendor reports its internal (nested) names.
 */
function fieldKey(issue: ValidationIssue): string {
  if (issue.location === 'header' || issue.location === 'path' || issue.location === 'query') return issue.pointer.replace(/^\//, '');
  if (issue.location === 'content-type') return 'Content-Type';
  const parts = issue.pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (!parts.length) return 'Body';
  const flat = /^LegalRepresentative(FirstName|LastName|Email|Birthday|Nationality|CountryOfResidence|ProofOfIdentity)$/.exec(parts[0]);
  if (flat) parts.splice(0, 1, 'LegalRepresentative', flat[1]);
  return parts.join('.');
}

const limit = (expected: unknown) => String(expected ?? '').replace(/^\D+/, '');

function message(issue: ValidationIssue, key: string): string {
  const field = key.split('.').pop() ?? key;
  switch (issue.keyword) {
    case 'required':
      return `'${field}' must not be empty.`;
    case 'format':
      if (String(issue.expected) === 'format email') return `The field ${field} must match the regular expression '${MANGOPAY_EMAIL_REGEX}'.`;
      return `The field ${field} is not a valid ${String(issue.expected).replace(/^format /, '')}.`;
    case 'pattern':
      return `The field ${field} must match the regular expression '${String(issue.expected).replace(/^pattern /, '')}'.`;
    case 'maxLength':
      return `The field ${field} must be a string with a maximum length of ${limit(issue.expected)}.`;
    case 'minLength':
      return `The field ${field} must be a string with a minimum length of ${limit(issue.expected)}.`;
    case 'enum':
      return `Error converting value ${JSON.stringify(issue.actual)} to type '${field}'. Allowed values: ${(issue.expected as unknown[]).join(', ')}.`;
    case 'type':
      return `The value ${String(issue.actual).replace(/^\w+ /, '')} is not valid for ${field}: expected ${String(issue.expected)}.`;
    case 'content-type':
      return `The request content type ${String(issue.actual)} is not supported; send application/json.`;
    default:
      return `The field ${field} is invalid.`;
  }
}

/** The `errors` map of a param_error: first issue per field wins. */
export function paramErrors(issues: ValidationIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = fieldKey(issue);
    if (!(key in out)) out[key] = message(issue, key);
  }
  return out;
}
