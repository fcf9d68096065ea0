/** Reading a JSON report (`--reporter json`) back into a run, for merge-reports. */
import { readFileSync } from 'node:fs';
import { SetupError } from '../errors.js';
import type { CheckFailure } from '../checks/types.js';
import type { Exchange } from '../execute/types.js';
import type { ShardRun } from '../run/merge.js';
import type { ScenarioResult, StepResult } from '../run/types.js';

interface JsonStep {
  name: string;
  curl?: string;
  failures?: CheckFailure[];
  request?: { method: string; url: string; body?: string };
  response?: { status: number; contentType?: string; body?: unknown };
  error?: Exchange['error'];
  durationMs?: number;
}

/** The exchange as far as the JSON report keeps it (status, content type and body; no headers). */
function stepOf(s: JsonStep): StepResult {
  const step: StepResult = { name: s.name, failures: s.failures ?? [], ...(s.curl ? { curl: s.curl } : {}) };
  if (s.request) {
    const body = s.response?.body;
    step.exchange = {
      request: { method: s.request.method, url: s.request.url, headers: {}, ...(s.request.body !== undefined ? { body: s.request.body } : {}) },
      ...(s.response
        ? { response: { status: s.response.status, headers: s.response.contentType ? { 'content-type': s.response.contentType } : {}, bodyText: typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body), ...(typeof body === 'string' || body === undefined ? {} : { body }) } }
        : {}),
      ...(s.error ? { error: s.error } : {}),
      startedAt: 0,
      durationMs: s.durationMs ?? 0,
    };
  }
  return step;
}

export function readJsonReport(file: string): ShardRun {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new SetupError(err.code === 'ENOENT' ? `${file}: no such file` : `${file}: not a JSON report (${err.message})`);
  }
  const d = data as { tool?: unknown; results?: unknown; summary?: unknown };
  if (!d || d.tool !== 'specgate' || !Array.isArray(d.results) || typeof d.summary !== 'object') throw new SetupError(`${file}: not a specgate JSON report (write one with --reporter json)`);
  const run = data as ShardRun & { tool?: string; results: (Omit<ScenarioResult, 'steps'> & { steps: JsonStep[] })[] };
  const { tool: _tool, ...rest } = run;
  return { ...rest, results: run.results.map((r) => ({ ...r, steps: r.steps.map(stepOf) })) };
}
