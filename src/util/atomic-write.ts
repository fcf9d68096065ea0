/** The one atomic file write (temp file beside the target, flushed, renamed over it), and its failures in words. */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { SetupError } from '../errors.js';

const REASONS: Record<string, string> = {
  EEXIST: 'a part of its folder is a file, not a folder',
  ENOTDIR: 'a part of its folder is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  EISDIR: 'it is a folder',
  ENOSPC: 'no space left on the device',
};

/**
 * Write `text` (a string, or pieces in order) to `file` so a reader (a CI upload step, a second SIGINT) never sees half of it and
 * an interrupted write leaves the previous file intact: a temp file in the same folder (same file
 * system, so the rename is atomic), flushed to disk, then renamed over the target. Folders are
 * created; an output that cannot be written is a SetupError (exit 2) naming the file and why.
 */
export function writeFileAtomic(file: string, text: string | Iterable<string>): void {
  const target = resolve(file);
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, 'wx');
    try {
      // Pieces are written as they come: a long run's JSON report is never one string.
      for (const piece of typeof text === 'string' ? [text] : text) writeSync(fd, piece);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // no temp file was made (its folder could not be)
    }
    throw inWords(file, err);
  }
}

const inWords = (file: string, err: unknown): unknown => {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  return code in REASONS ? new SetupError(`cannot write ${file}: ${REASONS[code]}`) : err;
};

/** What is at a path, or undefined (also when a part of the way is a file: ENOTDIR). */
function stat(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Fail before a run, not after it: the nearest existing folder on the way to `file` must be a
 * folder (where it is a file, no report could ever be written there), and `file` not a folder.
 */
export function assertWritable(file: string): void {
  let cur = resolve(file);
  if (stat(cur)?.isDirectory()) throw new SetupError(`cannot write ${file}: it is a folder`);
  for (let parent = dirname(cur); parent !== cur; cur = parent, parent = dirname(parent)) {
    const st = stat(parent);
    if (!st) continue;
    if (!st.isDirectory()) throw new SetupError(`cannot write ${file}: ${parent} is a file, not a folder`);
    return;
  }
}
