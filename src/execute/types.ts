/** One HTTP exchange as specgate made (or recorded) it: what reports, curl lines and HAR files are built from. */
import type { NegativeRule } from '../scenarios/types.js';

export type { NegativeRule };
export interface ExchangeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Raw body text as sent. */
  body?: string;
  /** Set when a report keeps only the start of the body: how long it was. */
  bodyNote?: string;
}

export interface ExchangeResponse {
  status: number;
  statusText?: string;
  headers: Record<string, string>;
  /** Raw body text as received (possibly capped, see `truncated`). */
  bodyText: string;
  /** Parsed JSON when the body was JSON; undefined otherwise. */
  body?: unknown;
  truncated?: boolean;
  /** Set when a report keeps only the start of the body: how long it was. */
  bodyNote?: string;
  /** Set when a JSON content type carried a body that does not parse. */
  parseError?: string;
}

export type ExchangeErrorKind = 'refused' | 'timeout' | 'reset' | 'dns' | 'too-large' | 'redirect' | 'gateway' | 'protocol' | 'too-deep' | 'other';

export interface Exchange {
  request: ExchangeRequest;
  response?: ExchangeResponse;
  /** Set when no usable response came back (transport failure): an error reaching the target, not a conformance failure. */
  error?: { kind: ExchangeErrorKind; message: string };
  startedAt: number;
  durationMs: number;
  scenario?: string;
  /** The rule a negative scenario's own request breaks on purpose (its last step): the request is expected to be rejected. */
  rule?: NegativeRule;
  /** The step expects a refusal (a 4xx, or no success): its request may be invalid on purpose (a documented error's example). */
  expectsRefusal?: boolean;
  /** Why check allows any 4xx to this step though the document may not list it (a path value specgate made up, a request example that breaks its own schema). */
  refusalAllowed?: string;
}

