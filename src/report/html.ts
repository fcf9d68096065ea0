/** The HTML report: one self-contained page (no script, no external asset, a CSP that forbids both) for a CI artifact. */
import { createHash } from 'node:crypto';
import type { CheckFailure } from '../checks/types.js';
import type { CoverageItem, CoverageReport, OperationCoverage, Ratio, RunResult, ScenarioResult, StepResult } from '../run/types.js';
import { exit2Reason, exitCodeOf, groupBy, summarize } from '../run/summary.js';
import { htmlEscape as escapeHtml } from '../util/escape.js';
import { countLine, problemsOf, warningsOf } from './text.js';

export interface HtmlReportOptions {
  /** check, validate or verify (heading and verdict wording). */
  command?: string;
  /** The verdict follows the exit code, which --strict changes. */
  strict?: boolean;
  /**
   * Applied to every string before it is escaped: a secret holding `&` or `<` would no longer
   * match once escaped, so scrubbing the finished page alone is not enough.
   */
  redact?: (s: string) => string;
}


/** A response body or an expected/actual value is shown up to this many characters. */
const MAX_VALUE = 4000;

const STYLE = `
:root { --ok: #1a7f37; --fail: #cf222e; --warn: #9a6700; --err: #8250df; --muted: #57606a; --line: #d0d7de; --bg2: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2328; }
main { max-width: 1200px; margin: 0 auto; padding: 0 24px 48px; }
header.verdict { padding: 20px 24px; color: #fff; }
header.verdict h1 { margin: 0; font-size: 28px; letter-spacing: .5px; }
header.verdict p { margin: 4px 0 0; opacity: .95; }
.v-passed { background: var(--ok); } .v-failed { background: var(--fail); } .v-error { background: var(--err); } .v-warned { background: var(--warn); }
h2 { margin: 32px 0 8px; font-size: 20px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
ul.counts { display: flex; flex-wrap: wrap; gap: 12px; list-style: none; padding: 0; margin: 16px 0 0; }
ul.counts li { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 96px; }
ul.counts .n { display: block; font-size: 22px; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg2); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.o-passed { color: var(--ok); } .o-failed { color: var(--fail); font-weight: 600; } .o-warned { color: var(--warn); font-weight: 600; }
.o-error { color: var(--err); font-weight: 600; } .o-skipped { color: var(--muted); }
article.scenario { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px; padding: 8px 16px; margin: 12px 0; }
article.scenario.error { border-left-color: var(--err); } article.scenario.warned { border-left-color: var(--warn); }
article.scenario h3 { margin: 4px 0; font-size: 15px; }
.sid, .muted { color: var(--muted); font-size: 12px; }
.problem { margin: 8px 0; padding: 6px 10px; background: var(--bg2); border-radius: 4px; }
.problem dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0 0; }
.problem dt { color: var(--muted); } .problem dd { margin: 0; }
pre, code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; word-break: break-all; margin: 0; }
pre.curl { background: #1f2328; color: #f6f8fa; padding: 8px; border-radius: 4px; margin: 6px 0; }
blockquote { margin: 0; padding-left: 8px; border-left: 3px solid var(--line); font-style: italic; }
meter { width: 120px; vertical-align: middle; }
details summary { cursor: pointer; color: var(--muted); }
footer { color: var(--muted); font-size: 12px; margin-top: 40px; }
`;

// The style is allowed by its hash: nothing injected into the page can add a style, a script or a fetch.
const CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src 'none'; form-action 'none'; base-uri 'none'`;

const clip = (s: string) => (s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}… (${s.length - MAX_VALUE} more characters)` : s);
const valueText = (v: unknown) => clip(v === undefined ? '(absent)' : typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v, null, 2) ?? String(v)));

/**
 * Scrub every string inside a value before it is JSON-encoded (encoding would hide a secret holding
 * `"` or a backslash). A hostile target's nesting is cut off rather than recursed into.
 */
const redactDeep = (v: unknown, redact: (s: string) => string, depth = 0): unknown => {
  if (typeof v === 'string') return redact(v);
  if (v === null || typeof v !== 'object') return v;
  if (depth >= 32) return '…(nested deeper than 32 levels)';
  if (Array.isArray(v)) return v.map((x) => redactDeep(x, redact, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k), redactDeep(x, redact, depth + 1)]));
};
const slug = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');

type Verdict = { cls: 'passed' | 'warned' | 'failed' | 'error'; title: string; detail?: string };

function verdictOf(run: RunResult & { unreachable?: string }, command: string, strict: boolean): Verdict {
  const code = exitCodeOf(run, { strict });
  if (code === 1) return { cls: 'failed', title: run.summary.failed ? 'FAILED' : 'FAILED (--strict: warnings fail)' };
  if (code === 2) return { cls: 'error', title: 'NOT JUDGED', detail: exit2Reason(run, command) };
  return run.summary.warned ? { cls: 'warned', title: 'PASSED WITH WARNINGS' } : { cls: 'passed', title: 'PASSED' };
}

export function htmlReport(run: RunResult & { unreachable?: string }, opts: HtmlReportOptions = {}): string {
  const redact = opts.redact ?? ((s: string) => s);
  const t = Object.assign((s: string | number | undefined) => escapeHtml(redact(String(s ?? ''))), {
    value: (v: unknown) => escapeHtml(redact(valueText(redactDeep(v, redact)))),
  });
  const command = opts.command ?? 'check';
  const verdict = verdictOf(run, command, opts.strict ?? false);
  const s = run.summary;
  const out: string[] = [];
  const heading = `specgate ${command} ${command === 'validate' ? 'of' : 'against'} ${run.target}`;

  out.push(
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${t(`${verdict.title}: ${heading}`)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<header class="verdict v-${verdict.cls}" id="verdict" data-verdict="${verdict.cls}" data-exit-code="${exitCodeOf(run, { strict: opts.strict })}">`,
    `<h1>${t(verdict.title)}${run.interrupted ? ' (INTERRUPTED: partial report)' : ''}</h1>`,
    `<p>${t(heading)}</p>`,
    verdict.detail ? `<p id="reason">${t(verdict.detail)}</p>` : '',
    `<p>${t(countLine(run))}</p></header><main>`,
  );

  const counts: [string, string, number][] = [
    ['total', 'scenarios', s.total],
    ['passed', 'passed', s.passed],
    ['warned', 'warned', s.warned],
    ['failed', 'failed', s.failed],
    ['errors', 'errors', s.errors],
    ['skipped', 'skipped', s.skipped],
  ];
  out.push('<ul class="counts" id="summary">', ...counts.map(([k, label, n]) => `<li><span class="n" data-count="${k}">${n}</span>${label}</li>`), '</ul>');

  out.push(...operationsTable(run.results, t));

  const bad = run.results.filter((r) => r.outcome === 'failed' || r.outcome === 'error');
  const failures = bad.filter((r) => r.outcome === 'failed');
  const errors = bad.filter((r) => r.outcome === 'error');
  if (failures.length) out.push(`<section id="failures"><h2>Failures (${failures.length})</h2>`, ...failures.map((r) => scenarioBlock(r, 'failed', t)), '</section>');
  if (errors.length) out.push(`<section id="errors"><h2>Errors (${errors.length}): scenarios that could not run</h2>`, ...errors.map((r) => scenarioBlock(r, 'error', t)), '</section>');
  const warned = run.results.filter((r) => warningsOf(r).length);
  if (warned.length) {
    out.push(
      `<section id="warnings"><h2>Warnings (${warned.length})</h2>`,
      `<p class="muted">Mismatches with an assumption (x-assumption), not with a source sentence: they pass unless --strict.</p>`,
      ...warned.map((r) => scenarioBlock(r, 'warned', t)),
      '</section>',
    );
  }
  if (run.coverage) out.push(...coverageSection(run.coverage, t));
  const skipped = run.results.filter((r) => r.outcome === 'skipped');
  if (skipped.length) out.push(`<section id="skipped"><h2>Skipped (${skipped.length})</h2><ul>`, ...skipped.map((r) => `<li>${t(`${r.api} › ${r.name}`)}: ${t(r.reason)}</li>`), '</ul></section>');

  out.push(
    `<section id="scenarios"><h2>All scenarios (${run.results.length})</h2><details><summary>every scenario with its outcome</summary><table><thead><tr><th>outcome</th><th>scenario</th><th class="num">ms</th></tr></thead><tbody>`,
    ...run.results.map((r) => `<tr data-scenario-id="${t(r.id)}" data-outcome="${r.outcome}"><td class="o-${r.outcome}">${r.outcome}</td><td><code>${t(r.id)}</code></td><td class="num">${r.durationMs}</td></tr>`),
    '</tbody></table></details></section>',
    `<footer>specgate · started ${t(run.startedAt)} · ${s.durationMs} ms</footer></main></body></html>`,
  );
  return out.filter(Boolean).join('\n') + '\n';
}

type Esc = ((s: string | number | undefined) => string) & { value: (v: unknown) => string };

function operationsTable(results: ScenarioResult[], t: Esc): string[] {
  const groups = groupBy(results, (r) => `${r.api}\u0000${r.operationId}`);
  const rows = [...groups].map(([k, rs]) => {
    const [api, op] = k.split('\u0000');
    const c = summarize(rs);
    const status = c.failed ? 'failed' : c.errors ? 'error' : c.warned ? 'warned' : c.passed ? 'passed' : 'skipped';
    const label = { failed: 'FAIL', error: 'ERROR', warned: 'ok (warnings)', passed: 'ok', skipped: 'skipped' }[status];
    return `<tr data-api="${t(api)}" data-operation="${t(op)}"><td>${t(api)}</td><td><code>${t(op)}</code></td>${([c.passed, c.warned, c.failed, c.errors, c.skipped] as number[]).map((n) => `<td class="num">${n}</td>`).join('')}<td class="o-${status}">${label}</td></tr>`;
  });
  return [
    '<section id="operations"><h2>Operations</h2><table><thead><tr><th>API</th><th>operation</th><th class="num">passed</th><th class="num">warned</th><th class="num">failed</th><th class="num">errors</th><th class="num">skipped</th><th>status</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></section>',
  ];
}

function problemBlock(f: CheckFailure, t: Esc): string {
  const rows: string[] = [];
  if (f.pointer !== undefined && f.pointer !== '') rows.push(`<dt>at</dt><dd><code class="pointer">${t(f.pointer)}</code></dd>`);
  if (f.expected !== undefined || f.actual !== undefined) {
    rows.push(`<dt>expected</dt><dd><pre class="expected">${t.value(f.expected)}</pre></dd>`, `<dt>actual</dt><dd><pre class="actual">${t.value(f.actual)}</pre></dd>`);
  }
  if (f.source) rows.push(`<dt>source</dt><dd><blockquote class="source">${t(f.source)}</blockquote></dd>`);
  if (f.assumption) rows.push(`<dt>assumption</dt><dd><blockquote class="assumption">${t(f.assumption)}</blockquote></dd>`);
  const cls = f.severity === 'warning' ? 'warning' : 'failure';
  return `<div class="problem ${cls}" data-check="${t(f.check)}"><div><code>${t(f.check)}</code>: <span class="message">${t(f.message)}</span></div>${rows.length ? `<dl>${rows.join('')}</dl>` : ''}</div>`;
}

function responseBlock(step: StepResult | undefined, t: Esc): string {
  const res = step?.exchange?.response;
  if (!res) return '';
  const body = res.bodyText || (res.body !== undefined ? JSON.stringify(res.body) : '');
  const head = `HTTP ${res.status}${res.headers['content-type'] ? `  content-type: ${res.headers['content-type']}` : ''}${res.truncated ? '  (body truncated)' : ''}`;
  return `<details><summary>response of step ${t(step!.name)}</summary><pre class="response">${t(head)}\n\n${t(clip(body))}</pre></details>`;
}

function scenarioBlock(r: ScenarioResult, kind: 'failed' | 'error' | 'warned', t: Esc): string {
  const label = kind === 'failed' ? 'FAILED' : kind === 'error' ? `ERROR (${r.errorKind ?? 'run'})` : 'WARNING';
  const problems = kind === 'warned' ? warningsOf(r) : problemsOf(r);
  const parts = [`<article class="scenario ${kind}" id="${t(`${kind}-${slug(r.id)}`)}" data-scenario-id="${t(r.id)}">`, `<h3>${kind === 'warned' ? '!' : '✗'} ${label} ${t(`${r.api} › ${r.operationId} › ${r.name}`)}</h3>`, `<div class="sid">scenario: <code>${t(r.id)}</code></div>`];
  let lastCurl: string | undefined;
  for (const p of problems) {
    if (p.reason) parts.push(`<p class="reason">${t(p.reason)}</p>`);
    if (p.failure) parts.push(problemBlock(p.failure, t));
    if (p.curl) lastCurl = p.curl;
  }
  if (lastCurl) parts.push(`<div>reproduce:</div><pre class="curl">${t(lastCurl)}</pre>`);
  const failedStep = [...r.steps].reverse().find((st) => st.failures.length) ?? r.steps.at(-1);
  parts.push(responseBlock(failedStep, t), '</article>');
  return parts.join('\n');
}

const ratio = (x: Ratio) => (x.total ? `${x.reached}/${x.total} (${Math.round((100 * x.reached) / x.total)}%)` : 'none reachable');
const meter = (x: Ratio) => (x.total ? `<meter min="0" max="${x.total}" value="${x.reached}"></meter> ` : '');
const itemRatio = (items: CoverageItem[]): Ratio => ({ reached: items.filter((i) => i.reached && !i.unreachable).length, total: items.filter((i) => !i.unreachable).length });

function coverageSection(cov: CoverageReport, t: Esc): string[] {
  const kinds: [keyof CoverageReport['totals'], string][] = [
    ['statuses', 'documented statuses'],
    ['examples', 'examples'],
    ['errorIdentities', 'error identities'],
    ['sourceRules', 'source rules'],
    ['assumptions', 'assumptions'],
  ];
  const out = ['<section id="coverage"><h2>Coverage</h2><table id="coverage-totals"><thead><tr><th>documented</th><th>exercised</th></tr></thead><tbody>'];
  for (const [k, label] of kinds) {
    const r = cov.totals[k];
    if (r) out.push(`<tr data-coverage="${k}" data-reached="${r.reached}" data-total="${r.total}"><td>${label}</td><td>${meter(r)}${t(ratio(r))}</td></tr>`);
  }
  out.push('</tbody></table>');
  out.push(`<table id="coverage-operations"><thead><tr><th>API</th><th>operation</th>${kinds.map(([, l]) => `<th>${l}</th>`).join('')}</tr></thead><tbody>`);
  for (const op of cov.operations) out.push(`<tr><td>${t(op.api)}</td><td><code>${t(op.operationId)}</code></td>${kinds.map(([k]) => `<td>${t(ratio(itemRatio(op[k] ?? [])))}</td>`).join('')}</tr>`);
  out.push('</tbody></table>');
  const missing = cov.operations.flatMap((op) => missed(op).map((line) => `<li>${t(`${op.api} ${op.operationId}`)}: ${line(t)}</li>`));
  if (missing.length) out.push(`<details><summary>not exercised (${missing.length})</summary><ul>`, ...missing, '</ul></details>');
  out.push('</section>');
  return out;
}

/** What an operation's scenarios did not reach, and why an item cannot be reached. */
function missed(op: OperationCoverage): ((t: Esc) => string)[] {
  const lines: ((t: Esc) => string)[] = [];
  const kinds = ['statuses', 'examples', 'errorIdentities', 'sourceRules', 'assumptions'] as const;
  for (const k of kinds) {
    for (const i of op[k] ?? []) {
      if (i.reached) continue;
      const text = 'text' in i && i.text ? ` "${i.text}"` : '';
      lines.push((t) => `${k} <code>${t(i.id)}</code>${t(text)}${i.unreachable ? ` <span class="muted">(unreachable: ${t(i.unreachable)})</span>` : ''}`);
    }
  }
  return lines;
}
