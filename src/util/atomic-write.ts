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
 * A file written atomically, piece by piece, so a reader (a CI upload step, a second SIGINT) never
 * sees half of it and an interrupted write leaves the previous file intact: a temp file in the same
 * folder (same file system, so the rename is atomic), flushed to disk, then renamed over the
 * target. Folders are created; a file that cannot be written is a SetupError (exit 2) naming it
 * and why. A long run's report or HAR is written as it goes, never held as one string.
 */
export class AtomicFile {
  private fd: number | undefined;
  private readonly target: string;
  private readonly tmp: string;

  constructor(private readonly file: string) {
    this.target = resolve(file);
    const dir = dirname(this.target);
    this.tmp = join(dir, `.${basename(this.target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      mkdirSync(dir, { recursive: true });
      this.fd = openSync(this.tmp, 'wx');
    } catch (err) {
      throw inWords(file, err);
    }
  }

  write(piece: string): void {
    if (this.fd === undefined) throw new Error(`${this.file} is already closed`);
    try {
      writeSync(this.fd, piece);
    } catch (err) {
      this.abort();
      throw inWords(this.file, err);
    }
  }

  /** Flush to disk and rename over the target. */
  commit(): void {
    const fd = this.fd;
    if (fd === undefined) throw new Error(`${this.file} is already closed`);
    try {
      fsyncSync(fd);
      closeSync(fd);
      this.fd = undefined;
      renameSync(this.tmp, this.target);
    } catch (err) {
      this.abort();
      throw inWords(this.file, err);
    }
  }

  /** Drop the temp file; the target is left as it was. */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed by a failed commit
      }
    }
    this.fd = undefined;
    rmSync(this.tmp, { force: true });
  }
}

/** Write `text` (a string, or pieces in order) to `file` atomically (see AtomicFile). */
export function writeFileAtomic(file: string, text: string | Iterable<string>): void {
  const out = new AtomicFile(file);
  try {
    for (const piece of typeof text === 'string' ? [text] : text) out.write(piece);
  } catch (err) {
    // A piece the caller failed to make: nothing half-written is left behind.
    out.abort();
    throw err;
  }
  out.commit();
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
