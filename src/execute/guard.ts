/** The destructive guard: may a destructive operation be sent to this target? (canonical names and resolved addresses) */
import dns from 'node:dns';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiModel } from '../model/types.js';
import { loadBindings } from '../openapi/bindings.js';
import { specsDir } from '../openapi/paths.js';

/** Every address a host name resolves to (default: the system resolver, as the connection itself uses). */
export type Lookup = (hostname: string) => Promise<string[]>;

export const systemLookup: Lookup = async (hostname) => (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** A resolver that does not answer within this is taken as failed (getaddrinfo can retry for long). */
const LOOKUP_TIMEOUT_MS = 5000;

function withTimeout<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer from the resolver')), LOOKUP_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * A host name in one spelling: the WHATWG URL parser already lower-cases, applies IDNA (to
 * punycode), percent-decodes and turns every IPv4 spelling (`0x7f.1`, `2130706433`) into dotted
 * decimal; what it keeps is the trailing dot of a fully qualified name, and IPv6 brackets.
 */
export function canonicalHost(host: URL | string): string {
  let name: string;
  try {
    name = typeof host === 'string' ? new URL(`http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}/`).hostname : host.hostname;
  } catch {
    name = String(host).toLowerCase();
  }
  name = name.replace(/\.+$/, '');
  return name.startsWith('[') ? canonicalAddress(name.slice(1, -1)) : name;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function hextets(v6: string): number[] | undefined {
  const [head, tail, ...more] = v6.split('::');
  if (more.length) return undefined;
  const part = (s: string | undefined) => {
    if (!s) return [];
    const out: number[] = [];
    for (const p of s.split(':')) {
      if (IPV4.test(p)) {
        const [a, b, c, d] = p.split('.').map(Number);
        out.push((a << 8) | b, (c << 8) | d);
      } else out.push(parseInt(p, 16));
    }
    return out;
  };
  const h = part(head);
  const t = part(tail);
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const all = [...h, ...Array<number>(Math.max(0, fill)).fill(0), ...t];
  return all.length === 8 && all.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffff) ? all : undefined;
}

/**
 * An IP address in one spelling: IPv4 as dotted decimal, an IPv4 address embedded in IPv6
 * (`::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`) as that IPv4 address, other IPv6 compressed.
 */
export function canonicalAddress(address: string): string {
  const a = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '').toLowerCase();
  if (!a.includes(':')) {
    try {
      return new URL(`http://${a}/`).hostname;
    } catch {
      return a;
    }
  }
  const h = hextets(a);
  if (!h) return a;
  const mapped = h.slice(0, 5).every((x) => x === 0) && h[5] === 0xffff;
  const nat64 = h[0] === 0x64 && h[1] === 0xff9b && h.slice(2, 6).every((x) => x === 0);
  if (mapped || nat64) return [h[6] >> 8, h[6] & 0xff, h[7] >> 8, h[7] & 0xff].join('.');
  try {
    return new URL(`http://[${a}]/`).hostname.slice(1, -1);
  } catch {
    return a;
  }
}

const isIp = (canonical: string) => IPV4.test(canonical) || canonical.includes(':');

/** Loopback and "this host" addresses: where they appear, nothing leaves the machine. */
function isLocalAddress(a: string): boolean {
  return /^127\./.test(a) || a === '::1' || a === '0.0.0.0' || a === '::';
}

/** `localhost`, 127.0.0.0/8 and ::1, in any spelling the URL parser accepts. */
export function isLoopback(url: URL): boolean {
  const h = canonicalHost(url);
  return h === 'localhost' || ((/^127\./.test(h) || h === '::1') && isIp(h));
}

const hostOf = (server: string): string | undefined => {
  try {
    return canonicalHost(new URL(server));
  } catch {
    return undefined;
  }
};

/** A vendor production server and the API whose bindings name it. */
export interface ProductionServer {
  api: string;
  url: string;
}

let bundled: ProductionServer[] | undefined;
/**
 * The production servers every bundled API's specgate.yaml names. They are refused for every API,
 * not only their own: a copy of a vendor's document given with --spec (its servers not marked
 * production) must not open the way to that vendor's production host.
 */
export function bundledProductionServers(): ProductionServer[] {
  if (!bundled) {
    const found: ProductionServer[] = [];
    for (const d of readdirSync(specsDir(), { withFileTypes: true })) {
      const file = join(specsDir(), d.name, 'specgate.yaml');
      if (d.isDirectory() && existsSync(file)) for (const url of loadBindings(file).productionServers) found.push({ api: d.name, url });
    }
    bundled = found;
  }
  return bundled;
}

export interface GuardOptions {
  /** How names are resolved (tests pass a stub; default: the system resolver). */
  lookup?: Lookup;
  /** Production servers refused for every API besides its own (default: those of the bundled APIs). */
  production?: ProductionServer[];
}

export interface DestructiveGuard {
  /** Why a destructive operation of `api` must not be sent to `target`, or undefined when it may. */
  refusal(target: URL, api: ApiModel, allowDestructive: boolean): Promise<string | undefined>;
}

/**
 * One guard per run: resolutions are cached, so a run asks the resolver once per name.
 *
 * A target is refused when its canonical host name is a production host's, or when it resolves
 * to (or is) an address that a production host name resolves to. The name comparison comes
 * first and needs no resolver, so a resolver that fails never opens the guard for a production
 * name. Loopback addresses are never compared: a production name that resolves to 127.0.0.1 on
 * a test machine does not close loopback targets. A non-loopback target is refused without
 * --allow-destructive, and also with it when its own name cannot be resolved (the addresses
 * could not be compared).
 */
export function createGuard(opts: GuardOptions = {}): DestructiveGuard {
  const lookup = opts.lookup ?? systemLookup;
  // Read on the first refusal asked for: a run with nothing destructive never parses the bindings for it.
  const everyApi = () => opts.production ?? bundledProductionServers();
  const cache = new Map<string, Promise<string[] | undefined>>();
  const resolve = (name: string) => {
    let p = cache.get(name);
    if (!p) {
      p = isIp(name)
        ? Promise.resolve([name])
        : withTimeout(lookup(name)).then(
            (as) => as.map(canonicalAddress),
            () => undefined,
          );
      cache.set(name, p);
    }
    return p;
  };

  return {
    async refusal(target, api, allowDestructive) {
      const host = canonicalHost(target);
      // Host → the API it is a production server of (the API's own first).
      const production = new Map<string, string>();
      for (const p of [...api.productionServers.map((url) => ({ api: api.name, url })), ...everyApi()]) {
        const h = hostOf(p.url);
        if (h && !production.has(h)) production.set(h, p.api);
      }
      const refused = (how: string, of: string) =>
        `refused: ${target.host} ${how} a production server of ${of} and this operation is destructive (never sent, whatever the flags)`;
      // Same host is enough: a production host is never a test target, whatever port or path.
      if (production.has(host)) return refused('is', production.get(host)!);
      if (isLoopback(target)) return undefined;
      const mine = await resolve(host);
      const compared = (mine ?? []).filter((a) => !isLocalAddress(a));
      for (const [p, of] of compared.length ? production : []) {
        const shared = (await resolve(p))?.find((a) => compared.includes(a));
        if (shared) return refused(`${isIp(host) ? 'is' : 'resolves to'} ${shared}, an address of ${p},`, of);
      }
      if (!allowDestructive) return `refused: destructive operation against non-loopback host ${target.host}; pass --allow-destructive if this target is a test system`;
      if (!mine) return `refused: ${target.host} could not be resolved, so it could not be told apart from the production servers of ${api.name}; this operation is destructive`;
      return undefined;
    },
  };
}
