/**
 * Copy-then-truncate: services write their log through an O_APPEND descriptor that teachops cannot reopen for
 * them, so the file has to stay the same inode. Bytes appended between the last read and the truncate are lost;
 * this module makes that window as small as Node allows without ever blocking the daemon for the bulk of the copy:
 *  1. bulk copy from 0 to the current size, in 1 MB asynchronous reads and writes (the event loop keeps serving
 *     Slack and the monitor between chunks) while the writer keeps appending,
 *  2. asynchronous catch-up passes copying what appeared during the previous pass, until a pass finds little new
 *     (or stops gaining on the writer),
 *  3. one last synchronous read to end of file immediately followed by ftruncate on the same descriptor: two
 *     system calls, no await in between, so nothing else in this process can run inside the window; the bytes of
 *     that read are written to `dest` only after the truncate. Only this step is synchronous, and it reads what
 *     arrived during the last pass (a few hundred KB even under a 60 MB/s flood), at most FINAL_MAX.
 * Bytes a writer appends after (3)'s read returned and before ftruncate takes the inode lock are the loss (measured
 * by `npm run bench -- rotation`). A write in progress at the truncate can be kept only in part: its start ends the
 * rotated file, its end is truncated; that line counts as lost.
 * `src` is opened O_NOFOLLOW and `dest` is created O_EXCL with mode 0640: a symlink at either is refused, never
 * followed. A failure before the truncate (a full disk) removes `dest` and leaves `src` untouched.
 */
import { closeSync, fstatSync, ftruncateSync, read, readSync, write, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
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
  /** bytes beyond the final step's cap, truncated without a copy because the copy could not catch up (see FINAL_MAX) */
  uncopied?: number;
}

/** large reads and writes: fewer trips through a thread pool that a busy host (or the compression) slows down */
const CHUNK = 4 * 1024 * 1024;
/** stop catching up once a pass finds less than this: the final synchronous read then is one small, fast call */
const SMALL_DELTA = 256 * 1024;
const MAX_PASSES = 64;
/** passes in a row that did not gain on the writer before the copy gives up catching up (a busy host has hiccups) */
const MAX_STALLED_PASSES = 4;
/**
 * The most the final synchronous step reads (a few ms from the page cache). Reached only when the asynchronous copy
 * cannot outrun the writer (a disk slower than the flood): the bytes beyond it are truncated uncopied and reported,
 * rather than freezing the daemon for as long as a synchronous copy of the rest would take.
 */
const FINAL_MAX = 4 * 1024 * 1024;
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
  let pos = 0;
  try {
    pos = await copyRange(inFd, outFd, 0, fstatSync(inFd).size);
    let passes = 0;
    let best = Infinity;
    let stalled = 0;
    for (; passes < MAX_PASSES; passes++) {
      const delta = fstatSync(inFd).size - pos;
      // Done when little is left, or when passes stop gaining on the writer (the final step caps what it reads).
      if (delta < SMALL_DELTA) break;
      stalled = delta < best ? 0 : stalled + 1;
      best = Math.min(best, delta);
      if (stalled >= MAX_STALLED_PASSES) break;
      pos = await copyRange(inFd, outFd, pos, pos + delta);
    }
    const buf = Buffer.allocUnsafe(FINAL_MAX);
    // Warm-up: the first call of a Node fs function compiles it (milliseconds, measured as thousands of lost lines
    // on the first rotation); a no-op truncate of our own file makes ftruncateSync hot before the window opens.
    ftruncateSync(outFd, pos);
    // The window: the read that reaches end of file, then ftruncate at once; its bytes are written out after.
    const t0 = process.hrtime.bigint();
    const n = readSync(inFd, buf, 0, FINAL_MAX, pos);
    const sizeAtCut = n === FINAL_MAX ? fstatSync(inFd).size : pos + n;
    ftruncateSync(inFd, 0);
    const windowUs = Number(process.hrtime.bigint() - t0) / 1000;
    const out: CopyTruncateResult = { bytes: pos + n, passes, windowUs, finalBytes: n };
    if (sizeAtCut > pos + n) out.uncopied = sizeAtCut - pos - n;
    try {
      writeAllSync(outFd, buf, n);
    } catch (e) {
      // `dest` already holds everything before these bytes: it is still the generation; say what was lost.
      return { ...out, bytes: pos, lost: { bytes: n, error: e as Error } };
    }
    return out;
  } catch (e) {
    // Before the truncate nothing is lost: drop the partial copy and leave `src` as it was.
    await rm(dest, { force: true });
    throw e;
  } finally {
    closeSync(inFd);
    closeSync(outFd);
  }
}

/** Copies [from, to) asynchronously, reading the next chunk while the previous one is written; returns where it stopped. */
async function copyRange(inFd: number, outFd: number, from: number, to: number): Promise<number> {
  const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
  let pos = from;
  let writing: Promise<void> = Promise.resolve();
  for (let i = 0; pos < to; i++) {
    const buf = bufs[i % 2]!;
    const { bytesRead } = await readAsync(inFd, buf, 0, Math.min(CHUNK, to - pos), pos);
    await writing; // the write of the other buffer; this one was last written two rounds ago
    if (bytesRead === 0) break;
    writing = writeAll(outFd, buf, bytesRead);
    writing.catch(() => undefined); // observed by the next await; this keeps it from counting as unhandled meanwhile
    pos += bytesRead;
  }
  await writing;
  return pos;
}

async function writeAll(fd: number, buf: Buffer, len: number): Promise<void> {
  for (let off = 0; off < len; ) off += (await writeAsync(fd, buf, off, len - off)).bytesWritten;
}

function writeAllSync(fd: number, buf: Buffer, len: number): void {
  for (let off = 0; off < len; ) off += writeSync(fd, buf, off, len - off);
}
