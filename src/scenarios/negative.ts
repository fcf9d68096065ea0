/** Negative and boundary scenarios derived from an operation's request schema: each breaks one documented rule of a passing request. */
import type { LoadedApi } from '../validate/load.js';
import { validateRequest } from '../validate/validator.js';
import { linearPattern, type RegExpLike } from '../validate/regex.js';
import { sourceOf } from '../model/build.js';
import { assumptionOf, provenanceOfNode } from '../model/provenance.js';
import type { OperationModel } from '../model/types.js';
import { substitute } from './substitute.js';
import { exactStatus } from '../openapi/bindings.js';
import { credentialsOf, leaveOutCredentials } from './credentials.js';
import { slug } from './slug.js';
import { isOpenEnum, propertiesOf, requiredOf, resolveLocal, typesOf, type Obj } from '../model/schema.js';
import { pathToPointer, pointerToPath } from '../util/pointer.js';
import { conditionals, fields, getAt, satisfiesIf, setAt, type FieldInfo } from './fields.js';
import type { RequestTemplate, Scenario, ScenarioKind } from './types.js';

interface Mutation {
  kind: ScenarioKind;
  description: string;
  pointer: string;
  keyword: string;
  body: unknown;
  source?: string;
  /** The x-assumption that alone makes the input invalid: not rejecting it is then a warning. */
  assumption?: string;
  /**
   * A boundary value is acceptable only as far as the field's x-assumption reads the sources
   * (Udara360's instrumentNumber: "No format: uuid", where the page says a GUID can be passed):
   * a rejection is then another faithful reading, a warning.
   */
  acceptance?: string;
}

/** Strings of an exact length that still satisfy the field's format, so only the length is at stake. */
function stringOfLength(schema: Obj, n: number): string | undefined {
  if (n < 0) return undefined;
  if (schema.format === 'email') {
    const domain = '@example.com';
    return n > domain.length ? 'a'.repeat(n - domain.length) + domain : undefined;
  }
  if (schema.format || schema.pattern || schema.enum) return undefined;
  return 'a'.repeat(n);
}

const FORMAT_VIOLATIONS: Record<string, string> = {
  email: 'not-an-email',
  uuid: 'not-a-uuid',
  'date-time': 'not-a-date-time',
  date: '2024-13-45',
  uri: 'not a uri',
  ipv4: '999.1.1.1',
  float: 'twelve',
};

function patternViolation(pattern: string): string | undefined {
  let re: RegExpLike | undefined;
  try {
    // The engine the validators use: linear time, and a pattern it cannot run yields no case.
    re = linearPattern(pattern);
  } catch {
    return undefined;
  }
  if (!re) return undefined;
  return ['!!!', 'specgate not matching', '0', ''].find((c) => !re.test(c));
}

function wrongType(types: string[]): unknown {
  const candidates: [string, unknown][] = [
    ['string', 12345],
    ['integer', 'specgate'],
    ['number', 'specgate'],
    ['boolean', 'specgate'],
    ['object', 'specgate'],
    ['array', 'specgate'],
  ];
  const declared = types[0];
  const value = candidates.find(([t]) => t === declared)?.[1];
  // The substitute must be of a JSON type the field does not allow (type arrays may allow several).
  const jsonType = typeof value === 'number' ? ['integer', 'number'] : ['string'];
  return value !== undefined && !jsonType.some((t) => types.includes(t)) ? value : undefined;
}

function fieldMutations(base: unknown, f: FieldInfo): Mutation[] {
  const out: Mutation[] = [];
  const ptr = pathToPointer(f.path);
  const src = sourceOf(f.schema)?.quote;
  const parentPresent = f.path.length === 1 || getAt(base, f.path.slice(0, -1)) !== undefined;
  // A readOnly field is the server's: what a request puts there may be ignored, so breaking it proves nothing.
  if (!parentPresent || f.readOnly) return out;
  const name = f.path.join('.');
  if (f.required && getAt(base, f.path) !== undefined) out.push({ kind: 'negative', description: `${name} missing (required)`, pointer: ptr, keyword: 'required', body: setAt(base, f.path, undefined), source: src });
  const types = typesOf(f.schema);
  const wt = types.length ? wrongType(types) : undefined;
  if (wt !== undefined) out.push({ kind: 'negative', description: `${name} of the wrong type (${typeof wt} instead of ${types.join('|')})`, pointer: ptr, keyword: 'type', body: setAt(base, f.path, wt), source: src });
  // An open enum (schema.ts) allows values beyond its list: one outside proves nothing.
  if (Array.isArray(f.schema.enum) && types.includes('string') && !isOpenEnum(f.schema)) out.push({ kind: 'negative', description: `${name} outside its enum`, pointer: ptr, keyword: 'enum', body: setAt(base, f.path, 'SPECGATE_NOT_IN_ENUM'), source: src });
  if (typeof f.schema.maxLength === 'number') {
    const max = f.schema.maxLength;
    const at = stringOfLength(f.schema, max);
    const over = stringOfLength(f.schema, max + 1);
    if (at !== undefined) out.push({ kind: 'boundary', description: `${name} at exactly maxLength ${max}`, pointer: ptr, keyword: 'maxLength', body: setAt(base, f.path, at), source: src });
    if (over !== undefined) out.push({ kind: 'negative', description: `${name} at maxLength + 1 (${max + 1})`, pointer: ptr, keyword: 'maxLength', body: setAt(base, f.path, over), source: src });
  }
  if (typeof f.schema.minLength === 'number' && f.schema.minLength > 0) {
    const under = stringOfLength(f.schema, f.schema.minLength - 1);
    if (under !== undefined) out.push({ kind: 'negative', description: `${name} under minLength ${f.schema.minLength}`, pointer: ptr, keyword: 'minLength', body: setAt(base, f.path, under), source: src });
  }
  if (typeof f.schema.format === 'string' && FORMAT_VIOLATIONS[f.schema.format]) {
    out.push({ kind: 'negative', description: `${name} not a valid ${f.schema.format}`, pointer: ptr, keyword: 'format', body: setAt(base, f.path, FORMAT_VIOLATIONS[f.schema.format]), source: src });
  }
  if (typeof f.schema.pattern === 'string') {
    const bad = patternViolation(f.schema.pattern);
    if (bad !== undefined) out.push({ kind: 'negative', description: `${name} not matching ${f.schema.pattern}`, pointer: ptr, keyword: 'pattern', body: setAt(base, f.path, bad), source: src });
  }
  // What backs each rule: the field's own schema, or (for `required`) the object that lists it.
  const choice = assumptionOf(f.schema);
  return out.map((m) => {
    if (m.kind === 'boundary') return choice ? { ...m, acceptance: choice } : m;
    const p = m.keyword === 'required' ? provenanceOfNode(f.parent, 'required', f.path[f.path.length - 1]) : provenanceOfNode(f.schema, m.keyword);
    return p?.assumption ? { ...m, source: undefined, assumption: p.assumption } : m;
  });
}

/** Break each if/then rule on a body that meets its `if`: drop what `then` requires, flip what it fixes. */
function conditionalMutations(root: Obj, bases: unknown[]): Mutation[] {
  const out: Mutation[] = [];
  for (const { ifSchema, thenSchema, holder } of conditionals(root)) {
    const src = sourceOf(holder)?.quote ?? sourceOf(thenSchema)?.quote;
    const rule = describeIf(ifSchema);
    const base = bases.find((b) => satisfiesIf(b, ifSchema, root));
    if (base === undefined) continue;
    const walk = (then: Obj, path: string[]) => {
      for (const name of requiredOf(then)) {
        if (getAt(base, [...path, name]) === undefined) continue;
        out.push({ kind: 'negative', description: `${[...path, name].join('.')} missing when ${rule}`, pointer: pathToPointer([...path, name]), keyword: 'required', body: setAt(base, [...path, name], undefined), source: src });
      }
      for (const [name, raw] of propertiesOf(root, then).props) {
        const s = resolveLocal(root, raw);
        if (typeof s.const === 'boolean') {
          out.push({ kind: 'negative', description: `${[...path, name].join('.')} not ${String(s.const)} when ${rule}`, pointer: pathToPointer([...path, name]), keyword: 'const', body: setAt(base, [...path, name], !s.const), source: src });
        }
        if (requiredOf(s).length || propertiesOf(root, s).props.size) walk(s, [...path, name]);
      }
    };
    walk(thenSchema, []);
  }
  return out;
}

function describeIf(ifSchema: Obj): string {
  const parts = Object.entries((ifSchema.properties as Obj) ?? {}).map(([k, v]) => {
    const s = v as Obj;
    return 'const' in s ? `${k} is ${String(s.const)}` : Array.isArray(s.enum) ? `${k} is ${s.enum.join('/')}` : k;
  });
  return parts.join(' and ') || 'the condition holds';
}

/** Placeholders stand for strings the run will supply; validate with a stand-in so the rule at stake is the only one broken. */
const concrete = (body: unknown) => {
  try {
    return substitute(body, new Proxy({}, { get: () => 'specgate', has: () => true }) as Record<string, string>);
  } catch {
    return body;
  }
};

/**
 * Keep a negative case only where the spec itself says the input is invalid, and only because of
 * the rule at stake: the mutated body must fail validation, every failure at that field.
 * A boundary case must pass validation. (False positives are what erode trust in negative testing.)
 */
function honest(api: LoadedApi, op: OperationModel, req: RequestTemplate, m: Mutation): boolean {
  const issues = validateRequest(api, op.operationId, { path: Object.fromEntries(Object.keys(req.path).map((k) => [k, 'specgate'])), headers: { 'content-type': req.contentType ?? 'application/json', ...concreteHeaders(op) }, body: concrete(m.body) }).filter((i) => i.location === 'body');
  if (m.kind === 'boundary') return issues.length === 0;
  return issues.length > 0 && issues.every((i) => i.pointer === m.pointer || i.pointer.startsWith(m.pointer + '/'));
}

const concreteHeaders = (op: OperationModel) => Object.fromEntries(op.parameters.filter((p) => p.in === 'header' && p.required).map((p) => [p.name, 'specgate']));

/**
 * A field whose value in the base request is an entity a provider state made (`{{accountNumber}}`
 * from "an open account exists"): any other value names no such entity, so a boundary value there
 * is no positive case (nothing could accept it), and is not generated.
 */
function namesEntity(base: Scenario, value: unknown): boolean {
  return base.states.length > 0 && typeof value === 'string' && /^\{\{[^{}]+\}\}$/.test(value);
}

/** Negative and boundary scenarios derived from an operation's request schema, built on a passing scenario. */
export function negativeScenarios(api: LoadedApi, examples: Scenario[]): Scenario[] {
  const out: Scenario[] = [];
  for (const op of api.model.operations) {
    const positives = examples.filter((s) => {
      // A generated request (anyOf documented statuses, a 2xx first) is a base too: its status is the 2xx.
      const e = s.steps.length === 1 ? s.steps[0].expect : undefined;
      const status = e ? (exactStatus(e) ?? (e.anyOf?.[0]?.status === e.status ? e.status : undefined)) : undefined;
      return s.operationId === op.operationId && !s.skip && status !== undefined && status >= 200 && status < 300;
    });
    const base = positives[0];
    if (!base) continue;
    const make = (m: Mutation, request: RequestTemplate): Scenario => ({
      id: `${api.name}.${op.operationId}.${m.kind === 'boundary' ? 'boundary' : 'negative'}.${slug(m.description)}`,
      name: `${op.operationId}: ${m.description}`,
      api: api.name,
      operationId: op.operationId,
      kind: m.kind,
      states: base.states,
      locks: base.locks,
      steps: [{ name: m.description, request, expect: m.kind !== 'boundary' ? { status: 400 } : { status: base.steps[0].expect.status, ...(m.acceptance ? { assumed: ['status' as const], assumption: m.acceptance } : {}) } }],
      destructive: op.destructive,
      defaults: base.defaults,
      rule: { pointer: m.pointer, keyword: m.keyword, description: m.description, source: m.source, ...(m.assumption ? { assumption: m.assumption } : {}) },
    });
    const bodySchema = op.requestBody ? api.validators.has(`${op.operationId}.request`) : false;
    const baseReq = base.steps[0].request;
    // Fields are properties of an object body: a string, array or number body has none to break.
    const objectBody = typeof baseReq.body === 'object' && baseReq.body !== null && !Array.isArray(baseReq.body);
    if (bodySchema && objectBody) {
      const root = op.requestBody!.content.find((c) => c.schema !== undefined)!.schema as Obj;
      const mutations = [
        ...fields(root).flatMap((f) => fieldMutations(baseReq.body, f)),
        ...conditionalMutations(root, positives.map((p) => p.steps[0].request.body)),
      ];
      // Ids are unique and stable: the same case found twice is kept once; distinct cases whose
      // descriptions slug alike get -2, -3 (in generation order, which is deterministic).
      const seen = new Map<string, string>();
      for (const m of mutations) {
        if (m.kind === 'boundary' && namesEntity(base, getAt(baseReq.body, pointerToPath(m.pointer)))) continue;
        const request = { ...baseReq, body: m.body };
        const s = make(m, request);
        const fingerprint = JSON.stringify([m.description, m.body]);
        if (!honest(api, op, request, m) || [...seen.values()].includes(fingerprint)) continue;
        for (let n = 2; seen.has(s.id); n++) s.id = `${make(m, request).id}-${n}`;
        seen.set(s.id, fingerprint);
        out.push(s);
      }
    }
    const coversAuth = examples.some((s) => s.operationId === op.operationId && s.steps.some((st) => st.request.omitAuth));
    // Only where every security alternative needs a credential (`{}` among them: anonymous is allowed).
    const credentials = credentialsOf(api.model, op);
    if (credentials && !coversAuth) {
      const request = leaveOutCredentials(api.model, op, baseReq);
      out.push(make({ kind: 'negative', description: 'credentials left out', pointer: `/${credentials[0]?.name ?? 'Authorization'}`, keyword: 'security', body: baseReq.body }, request));
    }
  }
  return out;
}
