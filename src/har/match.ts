/** Matching a recorded request (method and URL) to the operation of a spec that it calls. */
import type { OperationModel } from '../model/types.js';
import type { LoadedApi } from '../validate/load.js';
import { pathOnly } from '../util/url.js';

/** A recorded request resolved to the operation it calls. */
export interface OperationMatch {
  api: LoadedApi;
  operation: OperationModel;
  /** Path parameters, percent-decoded. */
  pathParams: Record<string, string>;
  /** The server base path that was stripped ('' for the root). */
  basePath: string;
}

export type MatchResult =
  | ({ ok: true } & OperationMatch)
  | { ok: false; reason: string };

/** One segment of a template: a literal, or a pattern with named captures (`{id}`, `{name}.json`). */
type Segment = { literal: string; decoded: string } | { re: RegExp; names: string[] };

interface CompiledPath {
  api: LoadedApi;
  operation: OperationModel;
  segments: Segment[];
}

interface Base {
  api: LoadedApi;
  path: string;
  segments: Segment[];
  host?: string;
}

const splitPath = (path: string): string[] => path.split('/').filter((s, i, all) => s !== '' || (i > 0 && i < all.length - 1));

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileSegment(raw: string): Segment {
  if (!raw.includes('{')) return { literal: raw, decoded: decode(raw) };
  const names: string[] = [];
  const re = raw.replace(/\{([^}]+)\}|([^{]+)/g, (_, name: string | undefined, text: string | undefined) => {
    if (name !== undefined) {
      names.push(name);
      return '([^/]+?)';
    }
    return escapeRe(text ?? '');
  });
  return { re: new RegExp(`^${re}$`), names };
}

/** A request's path segments as sent and percent-decoded (each decoded once per request, not once per template). */
interface Path {
  raw: string[];
  decoded: string[];
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a malformed escape is still a value the validator can judge
  }
}

/**
 * Match URL segments against template segments. Returns one score digit per segment (2 literal,
 * 1 templated) so candidates can be ranked, or undefined when they do not match.
 */
function matchSegments(template: Segment[], actual: Path, from: number, params: Record<string, string>): number[] | undefined {
  if (template.length !== actual.raw.length - from) return undefined;
  const score: number[] = [];
  for (let i = 0; i < template.length; i++) {
    const t = template[i];
    const raw = actual.raw[from + i];
    if ('literal' in t) {
      // Compare decoded forms so `/users/caf%C3%A9` matches a literal `café` segment.
      if (t.literal !== raw && t.decoded !== actual.decoded[from + i]) return undefined;
      score.push(2);
      continue;
    }
    const m = t.re.exec(raw);
    if (!m) return undefined;
    t.names.forEach((name, j) => (params[name] = decode(m[j + 1])));
    score.push(1);
  }
  return score;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** The base paths of an API's servers (relative ones included), and always the root. */
function basesOf(api: LoadedApi): Base[] {
  const out: Base[] = [];
  const seen = new Set<string>();
  for (const server of api.model.servers) {
    // Server variables (`https://{region}.x.com/{version}`) become templated segments.
    const vars: string[] = [];
    const masked = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => `zzvar${vars.push(name) - 1}zz`);
    let url: URL;
    try {
      url = new URL(masked, 'http://relative.invalid');
    } catch {
      continue;
    }
    const path = url.pathname.replace(/zzvar(\d+)zz/g, (_, i: string) => `{${vars[Number(i)]}}`).replace(/\/+$/, '');
    const host = url.host === 'relative.invalid' || /zzvar\d+zz/.test(url.host) ? undefined : url.host;
    const key = `${path}|${host ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ api, path, host, segments: splitPath(path).map(compileSegment) });
  }
  // Traffic to a local fake or a gateway seldom keeps the vendor's base path: try the root too.
  if (!out.some((b) => b.path === '')) out.push({ api, path: '', segments: [] });
  return out;
}

/**
 * Resolves recorded requests to operations. Built once per run: every path template is compiled
 * up front, so matching a large HAR stays linear in its entries.
 */
export class OperationMatcher {
  private readonly paths: CompiledPath[] = [];
  private readonly bases: Base[] = [];

  constructor(apis: LoadedApi[]) {
    for (const api of apis) {
      this.bases.push(...basesOf(api));
      for (const operation of api.model.operations) {
        this.paths.push({ api, operation, segments: splitPath(pathOnly(operation.path)).map(compileSegment) });
      }
    }
  }

  match(method: string, url: string): MatchResult {
    let parsed: URL;
    try {
      // HAR URLs are absolute, but some proxies log origin-relative ones.
      parsed = new URL(url, 'http://relative.invalid');
    } catch {
      return { ok: false, reason: `'${url}' is not a URL` };
    }
    const raw = splitPath(parsed.pathname.replace(/\/+$/, '') || '/');
    const path: Path = { raw, decoded: raw.map(decode) };
    const verb = method.toLowerCase();
    let best: { match: OperationMatch; score: number[]; hostMatch: number } | undefined;
    const pathOnly = new Set<string>();
    for (const base of this.bases) {
      const baseParams: Record<string, string> = {};
      if (base.segments.length > raw.length) continue;
      const head: Path = { raw: raw.slice(0, base.segments.length), decoded: path.decoded.slice(0, base.segments.length) };
      const baseScore = matchSegments(base.segments, head, 0, baseParams);
      if (!baseScore) continue;
      for (const p of this.paths) {
        if (p.api !== base.api) continue;
        const params: Record<string, string> = {};
        const opScore = matchSegments(p.segments, path, base.segments.length, params);
        if (!opScore) continue;
        if (p.operation.method !== verb) {
          pathOnly.add(`${p.api.name} ${p.operation.method.toUpperCase()} ${p.operation.path}`);
          continue;
        }
        // Base segments count in the score: a match after `/api/v1` beats a templated match at the root.
        const score = [...baseScore, ...opScore];
        const hostMatch = base.host && base.host === parsed.host ? 1 : 0;
        const c = best ? compareScores(score, best.score) || hostMatch - best.hostMatch : 1;
        if (c > 0) best = { match: { api: p.api, operation: p.operation, pathParams: params, basePath: base.path }, score, hostMatch };
      }
    }
    if (best) return { ok: true, ...best.match };
    // Callers show the method and path already: the reason says only why nothing matched.
    if (pathOnly.size) return { ok: false, reason: `the path is documented only for other methods (${[...pathOnly].join('; ')})` };
    return { ok: false, reason: `no operation of ${[...new Set(this.bases.map((b) => b.api.name))].join(', ') || 'the loaded APIs'} has this path` };
  }
}
