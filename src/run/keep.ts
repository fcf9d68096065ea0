/**
 * What a finished scenario keeps of its exchanges until the report is written: status, headers and
 * the start of each body. A run of thousands of scenarios, or of 10 MB answers, must not hold every
 * body whole (the HAR, written as the run goes, has them up to the body cap).
 */
import type { Exchange } from '../execute/types.js';
import { excerpt } from '../util/excerpt.js';

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
