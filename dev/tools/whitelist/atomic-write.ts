import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The file-system calls an atomic write makes: a seam, so tests can make any one of them fail. */
export type AtomicFs = Pick<typeof fs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'unlinkSync' | 'statSync'>;

/**
 * Replaces `path` with `text` so that a crash at any moment leaves either the old file or the new
 * one, never half of either: the text goes to a temporary file in `tempDir` (the same directory
 * unless told; it must be on the same file system for the rename), is flushed to disk, then
 * renamed over the original, which POSIX makes atomic. The original's permissions are kept. On
 * failure the temporary file is removed; after a crash it stays in `tempDir`.
 */
export function writeFileAtomic(path: string, text: string, io: AtomicFs = fs, tempDir: string = dirname(path)): void {
  const mode = io.statSync(path, { throwIfNoEntry: false })?.mode ?? 0o644;
  const temp = join(tempDir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = io.openSync(temp, 'wx', mode & 0o777);
    io.writeSync(fd, text);
    io.fsyncSync(fd);
    const open = fd;
    fd = undefined;
    io.closeSync(open);
    io.renameSync(temp, path);
  } catch (caught) {
    // Clean-up must not hide the first error: each step may fail on its own.
    for (const cleanUp of [() => fd !== undefined && io.closeSync(fd), () => io.unlinkSync(temp)]) {
      try {
        cleanUp();
      } catch {
        // already closed, never created, or already renamed
      }
    }
    throw caught;
  }
}
