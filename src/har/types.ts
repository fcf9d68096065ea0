/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the part specgate reads and writes.
 * Fields are optional where real-world writers (browsers, Playwright, proxies) leave them out, so
 * the reader can be lenient; the writer always fills every field the spec marks required.
 */
export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

export interface HarPostData {
  mimeType?: string;
  text?: string;
  params?: { name: string; value?: string; fileName?: string; contentType?: string }[];
  /** Not in HAR 1.2, but some recorders base64-encode binary request bodies the way `content` does. */
  encoding?: string;
  comment?: string;
  _truncated?: boolean;
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  postData?: HarPostData;
  headersSize: number;
  bodySize: number;
  comment?: string;
}

export interface HarContent {
  /** Length of the (decoded) content in bytes; -1 or absent when unknown. */
  size: number;
  compression?: number;
  mimeType: string;
  text?: string;
  encoding?: string;
  comment?: string;
  /** Playwright's `content: 'attach'` mode keeps the body in a file next to the HAR. */
  _file?: string;
  /** specgate (and a few proxies) mark bodies cut at a size limit. */
  _truncated?: boolean;
}

export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  content: HarContent;
  redirectURL: string;
  headersSize: number;
  bodySize: number;
  comment?: string;
  /** Chrome writes failed requests as status 0 with the network error here. */
  _error?: string | null;
}

export interface HarTimings {
  blocked?: number;
  dns?: number;
  connect?: number;
  send: number;
  wait: number;
  receive: number;
  ssl?: number;
  comment?: string;
}

export interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, unknown>;
  timings: HarTimings;
  serverIPAddress?: string;
  connection?: string;
  comment?: string;
  [extension: `_${string}`]: unknown;
}

export interface HarLog {
  version: string;
  creator: { name: string; version: string; comment?: string };
  browser?: { name: string; version: string; comment?: string };
  pages?: unknown[];
  entries: HarEntry[];
  comment?: string;
}

export interface HarDocument {
  log: HarLog;
}
