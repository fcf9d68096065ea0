/**
 * A `$ref` that points to nothing spoils only what uses it. Refusing the whole document for one
 * (a published 300-operation document often has one) checks nothing at all; setting aside the
 * operations that reach it checks everything the document does describe. `lint` still reports
 * every one as an error.
 */
import { fragmentToPath, pathToPointer } from '../util/pointer.js';

export interface BrokenRef {
  /** JSON pointer of the `$ref` key. */
  at: string;
  ref: string;
  /** `file:line:column: $ref '…' points to nothing`. */
  message: string;
}

/** Every reference of a document, sorted by where it stands, so the ones under an object are one range. */
export class RefIndex {
  private readonly refs: { at: string; ref: string; broken?: BrokenRef }[];

  constructor(refs: { at: string; ref: string }[], readonly broken: BrokenRef[]) {
    const byAt = new Map(broken.map((b) => [b.at, b]));
    this.refs = [...refs, ...broken].map((r) => ({ ...r, broken: byAt.get(r.at) })).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  /** The references written inside the object at `pointer` (`/` sorts just before `0`). */
  private under(pointer: string): { at: string; ref: string; broken?: BrokenRef }[] {
    const lo = this.first(`${pointer}/`);
    const hi = this.first(`${pointer}0`);
    return this.refs.slice(lo, hi);
  }

  private first(key: string): number {
    let [lo, hi] = [0, this.refs.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.refs[mid]!.at < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first broken reference the objects at these pointers reach, through every reference they follow. */
  reachedFrom(pointers: string[]): BrokenRef | undefined {
    const seen = new Set<string>();
    const todo = [...pointers];
    while (todo.length) {
      const p = todo.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      for (const r of this.under(p)) {
        if (r.broken) return r.broken;
        todo.push(pathToPointer(fragmentToPath(r.ref)));
      }
    }
    return undefined;
  }
}
