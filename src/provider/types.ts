/** The reference provider's handler types. */
import type { IncomingHttpHeaders } from 'node:http';
import type { LoadedApi } from '../validate/load.js';
import type { Store } from './store.js';
import type { FaultName, VariantName } from '../testing/faults.js';

export interface ProviderRequest {
  method: string;
  url: URL;
  /** Path template parameters, decoded. */
  path: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Parsed JSON body; undefined when none was sent or it did not parse (see `jsonError`). */
  body: unknown;
  jsonError?: string;
}

export interface ProviderResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless `text` is given. */
  body?: unknown;
  text?: string;
}

export interface ProviderContext {
  store: Store;
  api: LoadedApi;
  /** Base URL of this provider (for links it hands out). */
  baseUrl: string;
  /** Is this deliberate bug switched on? (mutation self-test) */
  fault(name: FaultName): boolean;
  /** Is this correct-but-unusual behaviour switched on? */
  variant(name: VariantName): boolean;
}

export type Handler = (req: ProviderRequest, ctx: ProviderContext) => ProviderResponse | Promise<ProviderResponse>;

/** One API's handlers, keyed by operationId; method and path come from the API's OpenAPI document. */
export interface ApiHandlers {
  api: string;
  operations: Record<string, Handler>;
}

export function header(req: ProviderRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
