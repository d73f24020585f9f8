/**
 * Copy-then-truncate: services write their log through an O_APPEND descriptor that teachops cannot reopen for
 * them, so the file has to stay the same inode. Bytes appended between the last read and the truncate are lost;
 * this module makes that window as small as Node allows without ever blocking the daemon for the bulk of the copy:
 *  1. bulk copy from 0 to the current size, in 1 MB asynchronous reads and writes (the event loop keeps serving
 *     Slack and the monitor between chunks) while the writer keeps appending,
 *  2. asynchronous catch-up passes copying what appeared during the previous pass, until a pass finds little new,
 *  3. one last synchronous read to end of file immediately followed by ftruncate on the same descriptor: two
 *     system calls, no await in between, so nothing else in this process can run inside the window; the bytes of
 *     that read are written to `dest` only after the truncate. Only this step is synchronous, and it reads what
 *     arrived during the last pass (a few hundred KB even under a 60 MB/s flood).
 * Bytes a writer appends after (3)'s read returned and before ftruncate takes the inode lock are the loss (measured
 * by `npm run bench -- rotation`). A write in progress at the truncate can be kept only in part: its start ends the
 * rotated file, its end is truncated; that line counts as lost.
 * `src` is opened O_NOFOLLOW and `dest` is created O_EXCL with mode 0640: a symlink at either is refused, never
 * followed. A failure before the truncate (a full disk) removes `dest` and leaves `src` untouched.
 */
import { closeSync, fstatSync, ftruncateSync, read, readSync, rmSync, write, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { createExclusive, MODES, openReadWriteNoFollow } from '../util/safe-fs.js';

export interface CopyTruncateResult {
  /** bytes moved into `dest` */
  bytes: number;
  /** catch-up passes after the bulk copy */
  passes: number;
  /** upper bound of the window in which a writer's bytes are lost: from before the final read to after the truncate */
  windowUs: number;
  /** bytes read synchronously in the final step (what arrived during the last catch-up pass) */
  finalBytes: number;
  /** bytes read in the final step that could not be written to `dest` after the truncate (a disk that just filled) */
  lost?: { bytes: number; error: Error };
}

const CHUNK = 1024 * 1024;
/** stop catching up once a pass finds less than this: the final synchronous read then is one small, fast call */
const SMALL_DELTA = 256 * 1024;
const MAX_PASSES = 16;
const readAsync = promisify(read);
const writeAsync = promisify(write);

export async function copyThenTruncate(src: string, dest: string): Promise<CopyTruncateResult> {
  // read-write (not append): ftruncate needs write access, and we never write to the service's file.
  const inFd = openReadWriteNoFollow(src);
  let outFd: number;
  try {
    outFd = createExclusive(dest, MODES.log);
  } catch (e) {
    closeSync(inFd);
    throw e;
  }
  const buf = Buffer.allocUnsafe(CHUNK);
  let pos = 0;
  const copyUpTo = async (end: number) => {
    while (pos < end) {
      const { bytesRead } = await readAsync(inFd, buf, 0, Math.min(CHUNK, end - pos), pos);
      if (bytesRead === 0) break;
      await writeAll(outFd, buf, bytesRead);
      pos += bytesRead;
    }
  };
  try {
    await copyUpTo(fstatSync(inFd).size);
    let passes = 0;
    for (; passes < MAX_PASSES; passes++) {
      const size = fstatSync(inFd).size;
      if (size - pos < SMALL_DELTA) break;
      await copyUpTo(size);
    }
    // Warm-up: the first call of a Node fs function compiles it (milliseconds, measured as thousands of lost lines
    // on the first rotation); a no-op truncate of our own file makes ftruncateSync hot before the window opens.
    ftruncateSync(outFd, pos);
    const start = pos;
    // The window: the read that reaches end of file, then ftruncate at once; its bytes are written out after.
    for (;;) {
      const t0 = process.hrtime.bigint();
      const n = readSync(inFd, buf, 0, CHUNK, pos);
      if (n < CHUNK) {
        ftruncateSync(inFd, 0);
        const windowUs = Number(process.hrtime.bigint() - t0) / 1000;
        try {
          writeAllSync(outFd, buf, n);
        } catch (e) {
          // `dest` already holds everything before these bytes: it is still the generation; say what was lost.
          return { bytes: pos, passes, windowUs, finalBytes: pos - start, lost: { bytes: n, error: e as Error } };
        }
        return { bytes: pos + n, passes, windowUs, finalBytes: pos + n - start };
      }
      writeAllSync(outFd, buf, n);
      pos += n;
    }
  } catch (e) {
    // Before the truncate nothing is lost: drop the partial copy and leave `src` as it was.
    rmSync(dest, { force: true });
    throw e;
  } finally {
    closeSync(inFd);
    closeSync(outFd);
  }
}

async function writeAll(fd: number, buf: Buffer, len: number): Promise<void> {
  for (let off = 0; off < len; ) off += (await writeAsync(fd, buf, off, len - off)).bytesWritten;
}

function writeAllSync(fd: number, buf: Buffer, len: number): void {
  for (let off = 0; off < len; ) off += writeSync(fd, buf, off, len - off);
}
