/** The one table of checks, by name, and how a run selects from it (--checks / --exclude-checks). */
import type { Check, CheckContext, CheckFailure } from './types.js';
import { statusCodeConformance } from './status.js';
import { contentTypeConformance, requiredHeaders, responseHeadersConformance, responseSchemaConformance } from './body.js';
import { bodyMatches, documentedErrorIdentity } from './identity.js';
import { negativeRejection } from './negative.js';
import { UsageError } from '../errors.js';
import type { ExpectedOutcome } from '../openapi/bindings.js';
import { alternatives, assumptionText, describeOutcome, filled } from './outcome.js';
import { allowedRefusal } from './refusal.js';
import { bodyMedia } from '../scenarios/requests.js';
import { credentialHint } from '../scenarios/credentials.js';
import { readOnlyLeftOut, readOnlyLeftOutAssumption } from '../model/read-write.js';

/** Every check a scenario step runs, in report order. A new check is one function and one line here. */
export const CHECKS: Record<string, Check> = {
  status_code_conformance: statusCodeConformance,
  content_type_conformance: contentTypeConformance,
  response_schema_conformance: responseSchemaConformance,
  documented_error_identity: documentedErrorIdentity,
  required_headers: requiredHeaders,
  response_headers_conformance: responseHeadersConformance,
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

/** Where one alternative parts from the answer, in a few words: `/data/statusCode is "00"`, `status 200`. */
function whereItParts(f: CheckFailure): string {
  const text = f.actual === undefined ? '(absent)' : JSON.stringify(f.actual);
  const actual = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  if (f.pointer) return `${f.pointer} is ${actual}`;
  return f.check === 'status_code_conformance' ? `status ${actual}${f.message.endsWith('a success') ? ', a success' : ''}` : f.message;
}

/** Whether the operation's responses list the outcome's status (exactly, by its class, or as default). */
function listed(ctx: CheckContext, o: ExpectedOutcome): boolean {
  if (o.status === undefined) return true;
  const status = String(o.status).toUpperCase();
  const op = ctx.api.operation(ctx.step.request.operationId);
  return Boolean(op?.responses.some((r) => [status, `${status[0]}XX`, 'DEFAULT'].includes(r.status.toUpperCase())));
}

/**
 * The answer fits no alternative: one failure that lists every outcome the sources allow (with
 * the run's values filled in) and where the answer parts from each, so every faithful answer shows.
 */
function noneFits(ctx: CheckContext, tried: { o: ExpectedOutcome; failures: CheckFailure[] }[]): CheckFailure {
  const each = tried.map(({ o, failures }, i) => {
    const first = failures.find((f) => f.severity !== 'warning')!;
    const shown = { ...o, bodyMatches: o.bodyMatches === undefined ? undefined : filled(o.bodyMatches, ctx.vars) };
    // An alternative only an assumption admits (a made-up path value's 4XX) says so: the document does not list it.
    const assumed = o.assumption && !listed(ctx, o) ? ` (not in the document: allowed because ${o.assumption.split(/[,(]/)[0].trim()})` : '';
    return `(${i + 1}) ${describeOutcome(shown)}${o.example ? ` (example ${o.example})` : ''}${assumed}: here ${whereItParts(first)}`;
  });
  return {
    check: tried[0].failures.find((f) => f.severity !== 'warning')!.check,
    message: `the answer fits none of the outcomes ${tried.some(({ o }) => !listed(ctx, o)) ? 'allowed' : 'the sources allow'}: ${each.join('; ')}`,
    expected: `one of the ${tried.length} outcomes listed`,
    actual: ctx.exchange.response?.status,
  };
}

/**
 * Every check, for the step's expected outcome. With `anyOf`, each alternative is judged and the
 * best kept: none failing (fewest warnings first, then the spec's order). An answer that fits
 * only a later alternative passes with a warning naming the first one's assumption; one that
 * fits none fails with the failures of the nearest.
 */
export function runChecks(ctx: CheckContext, checks: Record<string, Check> = CHECKS): CheckFailure[] {
  const failures = judged(ctx, checks);
  const refused = refusedForCredentials(ctx);
  if (refused) {
    // Every status finding, warnings too: a status another assumption allowed (a made-up path
    // parameter) is still, first of all, the answer to a request without the credential. So is a
    // negative case's rejection: checking credentials before the body is the server's choice.
    return failures.map((f) => (f.check === 'status_code_conformance' || f.check === 'negative_rejection' ? { ...f, severity: 'warning', assumption: refused } : f));
  }
  const left = rejectedForReadOnly(ctx);
  if (!left) return failures;
  // The status failures only: the answer is still judged against what the document says of it,
  // and a status another assumption already allowed keeps that assumption.
  const assumption = readOnlyLeftOutAssumption(left, 'specgate');
  return failures.map((f) => (f.check === 'status_code_conformance' && f.severity !== 'warning' ? { ...f, severity: 'warning', assumption } : f));
}

/**
 * A 401 or 403 to a request that carried no credential the operation's security asks for (the
 * user gave none), or one it does not name: the status is the server keeping to the document, or
 * its choice where the document is silent, not a fault of it. Negative cases too, but for
 * "credentials left out", whose rejection that status is.
 */
function refusedForCredentials(ctx: CheckContext): string | undefined {
  const res = ctx.exchange.response;
  if (!res || (ctx.scenario.kind === 'negative' && ctx.scenario.rule?.keyword === 'security')) return undefined;
  const op = ctx.api.operation(ctx.step.request.operationId);
  return op && allowedRefusal(ctx.api.model, op, ctx.exchange.request, res.status, (unmet) => `the run gave no credential for it (${credentialHint(ctx.api.model, unmet)})`);
}

/**
 * A 4xx to a request that is not meant to break a rule, whose body leaves out a readOnly property
 * the schema requires (specgate leaves them out of requests): in a 3.1 document `required` still
 * holds for it, so the rejection is a reading the sources allow. Those properties, else undefined.
 */
function rejectedForReadOnly(ctx: CheckContext): string[] | undefined {
  const res = ctx.exchange.response;
  if (!res || res.status < 400 || res.status >= 500 || ctx.scenario.kind === 'negative') return undefined;
  const op = ctx.api.operation(ctx.step.request.operationId);
  const { body, contentType } = ctx.step.request;
  if (!op || body === undefined) return undefined;
  const media = op.requestBody?.content.find((m) => m.contentType === contentType) ?? bodyMedia(op);
  const left = readOnlyLeftOut(ctx.api.model, media?.schema, body);
  return left.length ? left : undefined;
}

function judged(ctx: CheckContext, checks: Record<string, Check>): CheckFailure[] {
  const alts = alternatives(ctx.step.expect);
  const judge = (outcome: ExpectedOutcome) => Object.values(checks).flatMap((check) => check({ ...ctx, outcome }));
  if (alts.length === 1) return judge(alts[0]);
  const tried = alts.map((o, i) => ({ i, o, failures: judge(o) }));
  const best = [...tried].sort((a, b) => hard(a.failures) - hard(b.failures) || a.failures.length - b.failures.length || a.i - b.i)[0];
  if (hard(best.failures)) return [noneFits(ctx, tried), ...best.failures];
  if (best.i === 0) return best.failures;
  const departs: CheckFailure = {
    check: 'status_code_conformance',
    message: `answered ${describeOutcome(best.o)}, an outcome the sources allow; the spec assumes ${describeOutcome(alts[0])}`,
    expected: describeOutcome(alts[0]),
    actual: ctx.exchange.response?.status,
    severity: 'warning',
    // An alternative with a reason of its own (specgate's allowance for a defect of the document) names it; else the first's assumption is what the answer departs from.
    assumption: best.o.assumption ?? assumptionText({ ...ctx, outcome: alts[0] }, alts[0]),
  };
  return [...best.failures, departs];
}
