/**
 * What a finished scenario keeps until the report is written: of its exchanges, status, headers and
 * the start of each body; of a passed scenario, only its verdict in memory and the rest in a temp
 * file. A run of thousands of scenarios, or of 10 MB answers, must not hold every body whole (the
 * HAR, written as the run goes, has them up to the body cap).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Exchange } from '../execute/types.js';
import { excerpt } from '../util/excerpt.js';
import type { ScenarioResult } from './types.js';

/** Characters of a body a report keeps; the rest is dropped with a note saying how much there was. */
export const REPORT_BODY_CHARS = 64 * 1024;

// A copy, not a slice: the excerpt must not keep the whole body alive.
const clip = (text: string) => excerpt(text, REPORT_BODY_CHARS);
const note = (what: string, text: string) => `${what} of ${text.length} characters: the first ${REPORT_BODY_CHARS} are kept in the report (the HAR has it up to the body cap)`;

export function keepForReport(ex: Exchange): Exchange {
  const req = ex.request;
  const res = ex.response;
  const longRequest = req.body !== undefined && req.body.length > REPORT_BODY_CHARS;
  const longResponse = res !== undefined && res.bodyText.length > REPORT_BODY_CHARS;
  if (!longRequest && !longResponse) return ex;
  return {
    ...ex,
    request: longRequest ? { ...req, body: clip(req.body!), bodyNote: note('request body', req.body!) } : req,
    // The parsed value goes with the text: what the report shows is the start of the text.
    response: longResponse ? { ...res, bodyText: clip(res.bodyText), body: undefined, bodyNote: note('response body', res.bodyText) } : res,
  };
}

/**
 * Where a slimmed result's detail is: its spill file, and the offset and length of its line. Symbol
 * keys, so that no report, JSON text or key listing sees them, and a copy of the result keeps them.
 */
const SPILL = Symbol('specgate.spill');
const OFFSET = Symbol('specgate.spill.offset');
const LENGTH = Symbol('specgate.spill.length');
type Slim = ScenarioResult & { [SPILL]?: ResultSpill; [OFFSET]: number; [LENGTH]: number };

/** A slimmed result's steps: none kept (no reporter reads a passed scenario's steps; `detailOf` has them). */
const NO_STEPS: ScenarioResult['steps'] = Object.freeze([]) as unknown as ScenarioResult['steps'];

/** Lines are written to the file in batches of about this many bytes. */
const FLUSH_BYTES = 256 * 1024;

/**
 * Where a long run keeps the detail of its passed scenarios (their exchanges and curl lines) until the
 * report is written: one JSON line per result in a temp file, removed at `close` (on POSIX systems it
 * is unlinked at once and lives only as long as its descriptor). In memory a passed result keeps only
 * what the reporters and the summary read of it: ids, names, outcome and duration (its `steps` are
 * empty and frozen). Failed, warned and error results stay whole: every reporter shows them in detail.
 */
export class ResultSpill {
  private fd: number | undefined;
  private size = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private removeAtClose: string | undefined;

  private constructor(fd: number, file: string) {
    this.fd = fd;
    try {
      rmSync(dirname(file), { recursive: true, force: true });
    } catch {
      // An open file cannot be removed here (Windows): removed at close, or when the process exits.
      this.removeAtClose = dirname(file);
    }
  }

  static open(): ResultSpill {
    const dir = mkdtempSync(join(tmpdir(), 'specgate-results-'));
    const file = join(dir, 'results.ndjson');
    const spill = new ResultSpill(openSync(file, 'wx+', 0o600), file);
    if (spill.removeAtClose) process.once('exit', () => spill.close());
    return spill;
  }

  /** What the run keeps of a finished result: a passed one slimmed (its detail in the file), any other as it is. */
  readonly keep = (r: ScenarioResult): ScenarioResult => {
    if (this.fd === undefined || r.outcome !== 'passed' || r.steps.some((s) => s.failures.length)) return r;
    const line = Buffer.from(`${JSON.stringify(r)}\n`, 'utf8');
    const slim: Slim = { id: r.id, name: r.name, api: r.api, operationId: r.operationId, kind: r.kind, outcome: r.outcome, steps: NO_STEPS, durationMs: r.durationMs, [SPILL]: this, [OFFSET]: this.size + this.pendingBytes, [LENGTH]: line.length - 1 };
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    return slim;
  };

  private flush(): void {
    if (this.fd === undefined || !this.pendingBytes) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    for (let done = 0; done < data.length; ) done += writeSync(this.fd, data, done, data.length - done, this.size + done);
    this.size += data.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** @internal The result as it was before `keep` slimmed it. */
  read(offset: number, length: number): ScenarioResult {
    if (this.fd === undefined) throw new Error('the results file is closed: read a result\'s detail before closing it');
    if (offset + length > this.size) this.flush();
    const buf = Buffer.allocUnsafe(length);
    for (let done = 0; done < length; ) {
      const n = readSync(this.fd, buf, done, length - done, offset + done);
      if (!n) throw new Error('the results file ended early');
      done += n;
    }
    return JSON.parse(buf.toString('utf8')) as ScenarioResult;
  }

  /** Close and remove the file; the slimmed results keep what they hold in memory. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.pending = [];
    if (this.removeAtClose) rmSync(this.removeAtClose, { recursive: true, force: true });
    this.removeAtClose = undefined;
  }
}

/** A result whole: read back from its spill file when `ResultSpill.keep` slimmed it, else the result itself. */
export function detailOf(r: ScenarioResult): ScenarioResult {
  const slim = r as Slim;
  return slim[SPILL] ? slim[SPILL].read(slim[OFFSET], slim[LENGTH]) : r;
}
