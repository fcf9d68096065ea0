// specs/<api>/traceability.yaml: every quoted sentence is in its page verbatim, every scenario it names exists and runs, every x-source quote of the spec is accounted for.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadBundledApis } from '../src/validate/load.js';
import { scenariosFor } from '../src/scenarios/index.js';

const ROOT = join(import.meta.dirname, '..');

interface Entry {
  file: string;
  quote: string;
  scenarios?: string[];
  tests?: string[];
  'out-of-reach'?: string;
  note?: string;
}

function quotesOf(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => quotesOf(n, out));
  else if (node && typeof node === 'object') {
    const s = (node as Record<string, unknown>)['x-source'] as { file?: string; quote?: string } | undefined;
    if (s && typeof s.quote === 'string') out.add(`${s.file}\u0000${s.quote}`);
    for (const v of Object.values(node)) quotesOf(v, out);
  }
  return out;
}

describe('traceability files', async () => {
  const apis = await loadBundledApis();
  it.each(apis.map((a) => [a.name, a] as const))('%s', (name, api) => {
    const dir = join(ROOT, 'specs', name);
    const doc = parse(readFileSync(join(dir, 'traceability.yaml'), 'utf8')) as { api: string; sentences: Entry[] };
    expect(doc.api).toBe(name);
    const runnable = new Set(scenariosFor(api).filter((s) => !s.skip).map((s) => s.id));
    const problems: string[] = [];
    const listed = new Set<string>();
    for (const e of doc.sentences) {
      const where = `${e.file}: "${e.quote.slice(0, 60)}"`;
      const page = join(dir, e.file);
      if (!existsSync(page)) problems.push(`${where}: no such page`);
      else if (!readFileSync(page, 'utf8').includes(e.quote)) problems.push(`${where}: not verbatim in the page`);
      const kinds = (['scenarios', 'tests', 'out-of-reach'] as const).filter((k) => e[k] !== undefined);
      if (kinds.length !== 1) problems.push(`${where}: needs exactly one of scenarios, tests, out-of-reach (has ${kinds.join(', ') || 'none'})`);
      for (const id of e.scenarios ?? []) if (!runnable.has(id)) problems.push(`${where}: scenario ${id} is not in the suite (or is skipped)`);
      for (const t of e.tests ?? []) if (!existsSync(join(ROOT, t))) problems.push(`${where}: test file ${t} does not exist`);
      if (e['out-of-reach'] !== undefined && !e['out-of-reach'].trim()) problems.push(`${where}: out-of-reach needs its reason`);
      if (listed.has(`${e.file}\u0000${e.quote}`)) problems.push(`${where}: listed twice`);
      listed.add(`${e.file}\u0000${e.quote}`);
    }
    for (const q of quotesOf(api.model.document, new Set())) if (!listed.has(q)) problems.push(`x-source "${q.split('\u0000')[1].slice(0, 60)}" of openapi.yaml is not in traceability.yaml`);
    expect(problems).toEqual([]);
    expect(doc.sentences.length).toBeGreaterThan(10);
  });
});
