// The HTML report (--reporter html) opened in a real headless chromium, as from a CI artifact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { startReferenceProvider, type ReferenceProvider } from '../src/provider/index.js';
import { runCheck } from '../src/run/check.js';
import { summarize } from '../src/run/summary.js';
import type { CoverageReport, RunResult } from '../src/run/types.js';
import { htmlReport } from '../src/report/html.js';
import { cli, ROOT } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/servers.js';
import { launchBrowser } from './helpers/browser.js';

const tmp = mkdtempSync(join(tmpdir(), 'specgate-html-'));
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  context = browser.context;
}, 60_000);
afterAll(() => browser?.close());

/** Open a report file; every request the page makes is recorded (only the file itself is allowed). */
async function open(file: string): Promise<{ page: Page; requests: string[]; text: string }> {
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  return { page, requests, text: await page.locator('body').innerText() };
}

describe('check --reporter html against a faulty implementation', () => {
  let provider: ReferenceProvider;
  beforeAll(async () => {
    provider = await startReferenceProvider({ faults: ['qonto.close.balance-as-number', 'mangopay.close.ignores-wallets'] });
  });
  afterAll(() => provider.close());

  it('shows the verdict, the operations and each failure with pointer, expected/actual and curl; no secret, no request but the file', async () => {
    const out = join(tmp, 'faulty.html');
    const args = ['check', '--base-url', provider.url, '--state-url', provider.stateUrl, '--header', 'Authorization: Bearer sekret-token-value'];
    const r = await cli([...args, '--reporter', 'html', '--output', out]);
    expect(r.code).toBe(1);
    const json = JSON.parse((await cli([...args, '--reporter', 'json'])).stdout) as RunResult;
    const html = readFileSync(out, 'utf8');
    expect(html).not.toContain('sekret-token-value');

    const { page, requests, text } = await open(out);
    expect(requests).toEqual([pathToFileURL(out).href]);
    expect(await page.locator('#verdict h1').innerText()).toBe('FAILED');
    expect(await page.locator('#verdict').getAttribute('data-exit-code')).toBe('1');
    // The style is allowed by its CSP hash: a wrong hash would leave the verdict unstyled.
    expect(await page.locator('#verdict').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(207, 34, 46)');

    // The failure count as the DOM shows it, and the failures it lists, against the JSON report of the same run.
    const failedCount = Number(await page.locator('[data-count="failed"]').innerText());
    expect(failedCount).toBe(json.summary.failed);
    expect(failedCount).toBe(2);
    const listed = await page.locator('#failures article.scenario').evaluateAll((as) => as.map((a) => a.getAttribute('data-scenario-id')));
    expect(listed.sort()).toEqual(json.results.filter((x) => x.outcome === 'failed').map((x) => x.id).sort());
    expect(Number(await page.locator('[data-count="total"]').innerText())).toBe(json.summary.total);
    expect(await page.locator('#scenarios tbody tr').count()).toBe(json.summary.total);

    const qonto = page.locator('article.scenario[data-scenario-id^="qonto.closeBusinessAccount"]');
    expect(await qonto.locator('.pointer').first().innerText()).toBe('/bank_account/balance');
    expect(await qonto.locator('.expected').first().innerText()).toBe('"string"');
    expect(await qonto.locator('pre.curl').innerText()).toMatch(/^curl .*-X POST .*\/v2\/bank_accounts\/.*'authorization: Bearer \*\*\*'/s);
    const mp = page.locator('article.scenario[data-scenario-id^="mangopay.closeLegalUser"]');
    expect(await mp.locator('.expected').innerText()).toBe('400');
    expect(await mp.locator('.actual').innerText()).toBe('204');

    // The per-operation table: one row per API and operation, the failing ones marked.
    const rows = await page.locator('#operations tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-api'), tr.getAttribute('data-operation'), tr.lastElementChild!.textContent]));
    expect(rows).toContainEqual(['qonto', 'closeBusinessAccount', 'FAIL']);
    expect(rows).toContainEqual(['mangopay', 'closeLegalUser', 'FAIL']);
    expect(rows).toContainEqual(['udara360', 'closeAccount', 'ok']);
    expect(text).toContain('specgate check against');

    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    const shot = join(ROOT, '.tmp', 'html-report.png');
    const png = await page.screenshot({ path: shot, fullPage: true });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    await page.close();
  }, 60_000);
});

describe('a hostile target cannot script the report', () => {
  let server: TestServer;
  // A secret with HTML metacharacters: scrubbing only the escaped page would miss it.
  const token = 't0k&n<sekret>';
  beforeAll(async () => {
    server = await startServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url.startsWith('/state')) return res.end(JSON.stringify({ id: 'acc-1' }));
      // Every answer carries markup, and echoes the credential it was sent.
      res.end(JSON.stringify({ bank_account: { id: '<script>window.__pwned=1</script>', balance: 0, '<img src=x onerror="window.__pwned=2">': true }, echo: req.headers.authorization }));
    });
  });
  afterAll(() => server.close());

  it('every string is escaped text: no script runs, none is in the DOM, the secret is masked in every encoding', async () => {
    const out = join(tmp, 'hostile.html');
    const r = await cli(['check', '--api', 'qonto', '--base-url', server.url, '--state-url', `${server.url}/state`, '--header', `Authorization: Bearer ${token}`, '--reporter', 'html', '--output', out]);
    expect(r.code).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(server.requests.some((q) => q.headers.authorization === `Bearer ${token}`)).toBe(true);
    for (const leak of [token, 't0k&amp;n&lt;sekret&gt;', 'sekret']) expect(html).not.toContain(leak);

    const { page, requests, text } = await open(out);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('script, img').count()).toBe(0);
    expect(requests).toHaveLength(1);
    // Shown as text, where a reader can see what the target sent.
    await page.locator('article.scenario details').first().evaluate((d) => ((d as HTMLDetailsElement).open = true));
    expect(await page.locator('article.scenario pre.response').first().innerText()).toContain('<script>window.__pwned=1</script>');
    const failed = Number(await page.locator('[data-count="failed"]').innerText());
    expect(failed).toBeGreaterThan(0);
    expect(await page.locator('#failures article.scenario').count()).toBe(failed);
    expect(text).toContain('***');
    await page.close();
  }, 60_000);
});

describe('warnings and coverage', () => {
  /** A real run of the built-in provider, then one assumption-backed mismatch and a coverage report added. */
  async function runWithWarning(): Promise<RunResult> {
    const run = await runCheck({ apis: ['udara360'] });
    const target = run.results.find((x) => x.outcome === 'passed' && x.steps.length)!;
    target.steps.at(-1)!.failures.push({
      check: 'response_schema_conformance',
      message: 'must NOT have fewer than 1 items',
      pointer: '/errors',
      expected: 1,
      actual: 0,
      severity: 'warning',
      assumption: 'minItems 1: a failure answer names at least one error.',
    });
    target.outcome = 'warned';
    const coverage: CoverageReport = {
      operations: [
        {
          api: 'udara360',
          operationId: 'closeAccount',
          statuses: [
            { id: '200', reached: true },
            { id: '400', reached: true },
            { id: '500', reached: false, unreachable: 'no documented way to make the server fail' },
            { id: '401', reached: false },
          ],
          examples: [{ id: 'page_sample', reached: false }],
          errorIdentities: [{ id: '26', reached: true }],
          sourceRules: [{ id: '/properties/closureReason', reached: true, text: 'closureReason is required', state: 'passed' }],
          assumptions: [{ id: '/properties/errors/minItems', reached: true, text: 'minItems 1: a failure answer names at least one error.', state: 'warned' }],
        },
      ],
      totals: { statuses: { reached: 2, total: 3 }, examples: { reached: 0, total: 1 }, errorIdentities: { reached: 1, total: 1 }, sourceRules: { reached: 1, total: 1 }, assumptions: { reached: 1, total: 1 } },
    };
    return { ...run, coverage, summary: summarize(run.results, run.summary.durationMs) };
  }

  it('a warning shows its assumption, the verdict follows --strict, and the coverage figures are on the page', async () => {
    const run = await runWithWarning();
    const file = join(tmp, 'warned.html');
    writeFileSync(file, htmlReport(run));
    const { page } = await open(file);
    expect(await page.locator('#verdict h1').innerText()).toBe('PASSED WITH WARNINGS');
    expect(await page.locator('#verdict').getAttribute('data-exit-code')).toBe('0');
    expect(await page.locator('[data-count="warned"]').innerText()).toBe('1');
    expect(await page.locator('#warnings .problem.warning .assumption').innerText()).toBe('minItems 1: a failure answer names at least one error.');
    expect(await page.locator('#failures').count()).toBe(0);
    const statuses = page.locator('#coverage-totals tr[data-coverage="statuses"]');
    expect([await statuses.getAttribute('data-reached'), await statuses.getAttribute('data-total')]).toEqual(['2', '3']);
    expect(await statuses.innerText()).toContain('2/3 (67%)');
    const notReached = await page.locator('#coverage details li').allTextContents();
    expect(notReached.some((l) => l.includes('401'))).toBe(true);
    expect(notReached.some((l) => l.includes('500') && l.includes('unreachable: no documented way'))).toBe(true);
    await page.close();

    const strict = join(tmp, 'warned-strict.html');
    writeFileSync(strict, htmlReport(run, { strict: true }));
    const s = await open(strict);
    expect(await s.page.locator('#verdict').getAttribute('data-exit-code')).toBe('1');
    expect(await s.page.locator('#verdict h1').innerText()).toMatch(/^FAILED/);
    await s.page.close();
  }, 60_000);
});
