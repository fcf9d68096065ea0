import type { ApiModel } from '../model/types.js';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?|0:0:0:0:0:0:0:1)$/i;

export const isLoopback = (url: URL) => LOOPBACK.test(url.hostname.replace(/^\[|\]$/g, ''));

/** Why a destructive operation must not be sent to this target, or undefined when it may. */
export function destructiveRefusal(target: URL, api: ApiModel, allowDestructive: boolean): string | undefined {
  for (const prod of api.productionServers) {
    let p: URL;
    try {
      p = new URL(prod);
    } catch {
      continue;
    }
    // Same host is enough: a production host is never a test target, whatever port or path.
    if (p.hostname.toLowerCase() === target.hostname.toLowerCase()) {
      return `refused: ${target.host} is a production server of ${api.name} and this operation is destructive (never sent, whatever the flags)`;
    }
  }
  if (!isLoopback(target) && !allowDestructive) {
    return `refused: destructive operation against non-loopback host ${target.host}; pass --allow-destructive if this target is a test system`;
  }
  return undefined;
}
