import type { OperationModel } from '../model/types.js';
import type { RequestOverrides } from '../openapi/bindings.js';
import { mergePatch } from './substitute.js';
import type { RequestTemplate } from './types.js';

const isJson = (ct: string) => ct === 'application/json' || ct.endsWith('+json');

/** The operation's first documented request example: the base every scenario's body starts from. */
export function requestExample(op: OperationModel): unknown {
  const media = op.requestBody?.content.find((m) => isJson(m.contentType)) ?? op.requestBody?.content[0];
  return media?.examples[0]?.value;
}

function exampleOf(op: OperationModel, name: string, location: string): string | undefined {
  const p = op.parameters.find((x) => x.name === name && x.in === location);
  if (!p) return undefined;
  const s = p.schema as Record<string, unknown>;
  const example = p.example ?? s.example ?? (Array.isArray(s.examples) ? s.examples[0] : undefined) ?? s.default ?? (Array.isArray(s.enum) ? s.enum[0] : undefined);
  return example === undefined ? undefined : String(example);
}

/** The spec's own path-parameter examples: the weakest source of a `{{name}}` value. */
export function paramDefaults(op: OperationModel): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of op.parameters.filter((x) => x.in === 'path')) {
    const v = exampleOf(op, p.name, 'path');
    if (v !== undefined) out[p.name] = v;
  }
  return out;
}

/** Build the request of a scenario step from the operation's documented example and the binding's overrides. */
export function requestFor(op: OperationModel, overrides: RequestOverrides = {}): RequestTemplate {
  const path: Record<string, string> = {};
  for (const p of op.parameters.filter((x) => x.in === 'path')) path[p.name] = overrides.path?.[p.name] ?? `{{${p.name}}}`;
  const query: Record<string, string> = {};
  for (const p of op.parameters.filter((x) => x.in === 'query' && x.required)) {
    const v = exampleOf(op, p.name, 'query');
    if (v !== undefined) query[p.name] = v;
  }
  Object.assign(query, overrides.query ?? {});
  let body: unknown = overrides.body !== undefined ? overrides.body : requestExample(op);
  if (overrides.bodyPatch) body = mergePatch(body, overrides.bodyPatch);
  return {
    operationId: op.operationId,
    path,
    query,
    headers: { ...(overrides.headers ?? {}) },
    body: op.requestBody ? body : undefined,
    omitAuth: overrides.omitAuth,
  };
}
