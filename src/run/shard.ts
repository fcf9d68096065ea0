/**
 * `--shard I/N`: which scenarios one of N runners takes. Deterministic, with every scenario that
 * shares a provider-wide state (`Scenario.locks`) in the same shard.
 */
import type { Scenario } from '../scenarios/types.js';
import { UsageError } from '../errors.js';

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

export function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total) throw new UsageError(`--shard must look like I/N with 1 ≤ I ≤ N (e.g. 2/3), got '${value}'`);
  return { index, total };
}

/**
 * Groups of scenarios that must run in one process: those linked through a shared lock, directly
 * or through a chain (union-find over lock names). A scenario's steps are one Scenario, so a
 * multi-step scenario is never split anyway.
 */
export function lockGroups(scenarios: Scenario[]): Scenario[][] {
  const parent = scenarios.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const holder = new Map<string, number>();
  scenarios.forEach((s, i) => {
    for (const lock of s.locks ?? []) {
      const j = holder.get(lock);
      if (j === undefined) holder.set(lock, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, Scenario[]>();
  scenarios.forEach((s, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), s]));
  return [...groups.values()];
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The scenarios of one shard, in their original order. Round-robin over sorted ids: groups, largest
 * first, then by their smallest scenario id, each go to the shard with the fewest scenarios so far
 * (ties: the lowest index); for groups of one that is plain round-robin over the sorted ids. Chosen over a hash of the id because
 * every runner of a matrix shards the same scenario list from the same commit, so stability across
 * commits buys nothing, while round-robin keeps the shards within one group of each other in size
 * (a hash is off by about the square root of the count) and spreads each operation's scenarios,
 * whose cost is alike, over all shards. Sorting by id, not build order, keeps it independent of
 * the order specs are loaded in.
 */
export function shardScenarios(scenarios: Scenario[], shard: Shard): Scenario[] {
  const groups = lockGroups(scenarios)
    .map((g) => ({ key: g.map((s) => s.id).sort(byId)[0], members: g }))
    .sort((a, b) => b.members.length - a.members.length || byId(a.key, b.key));
  const load = new Array<number>(shard.total).fill(0);
  const mine = new Set<Scenario>();
  for (const g of groups) {
    let target = 0;
    for (let i = 1; i < shard.total; i++) if (load[i] < load[target]) target = i;
    load[target] += g.members.length;
    if (target === shard.index - 1) for (const s of g.members) mine.add(s);
  }
  return scenarios.filter((s) => mine.has(s));
}
