/**
 * Bounded tails: the last N lines of a file a service writes, in memory bounded by a byte cap whatever the file
 * holds (a 50 MB log, a `.gz` generation that unpacks to gigabytes, one line without a newline). Every reader of a
 * service log goes through here: `teach logs`, the log scanner, reports, snapshots, `/teach logs`, `/teach monitor`.
 *  - plain files are read backwards from the end in chunks until N+1 newlines or the cap;
 *  - `.gz` files can only be read from their start: they are streamed through gunzip into a TailWindow that keeps
 *    the newest chunks holding N+1 newlines (at most 2 x cap bytes), never the whole text.
 * Files are opened with O_NOFOLLOW (src/util/safe-fs.ts): a symlink is refused with UnsafePathError, never read.
 */
import { closeSync, fstatSync, read, readSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGunzip } from 'node:zlib';
import { openReadNoFollow } from '../util/safe-fs.js';
import { fdChunks } from '../util/fd-chunks.js';
import { countNewlines, lastLines, TailWindow } from './tail-window.js';

const KB = 1024;
const MB = 1024 * KB;
const CHUNK = 64 * KB;
const readAsync = promisify(read);

/** The byte cap for N lines: 2 KB a line, at least 64 KB, at most 16 MB (`teach logs -n 100000`). */
export function tailByteCap(n: number): number {
  return Math.min(16 * MB, Math.max(64 * KB, n * 2 * KB));
}

/** The last `n` lines of a plain file (missing file: ENOENT propagates), at most `cap` bytes read. */
export async function tailPlain(path: string, n: number, cap = tailByteCap(n)): Promise<string[]> {
  if (n <= 0) return [];
  const fd = openReadNoFollow(path);
  try {
    const walk = new Backwards(fstatSync(fd).size, n, cap);
    for (let step = walk.next(); step; step = walk.next()) {
      const { bytesRead } = await readAsync(fd, step.buf, 0, step.buf.length, step.pos);
      walk.got(step.buf.subarray(0, bytesRead));
    }
    return walk.lines();
  } finally {
    closeSync(fd);
  }
}

/** The same, synchronously (a failed start shows the service's last words before anything else runs). */
export function tailPlainSync(path: string, n: number, cap = tailByteCap(n)): string[] {
  if (n <= 0) return [];
  const fd = openReadNoFollow(path);
  try {
    const walk = new Backwards(fstatSync(fd).size, n, cap);
    for (let step = walk.next(); step; step = walk.next()) walk.got(step.buf.subarray(0, readSync(fd, step.buf, 0, step.buf.length, step.pos)));
    return walk.lines();
  } finally {
    closeSync(fd);
  }
}

/** Reading a file backwards from its end until n+1 newlines (n whole lines, trailing newline or not) or the cap. */
class Backwards {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  private newlines = 0;

  constructor(
    private pos: number,
    private readonly n: number,
    private readonly cap: number,
  ) {}

  /** the next chunk to read, or undefined when done */
  next(): { buf: Buffer; pos: number } | undefined {
    if (this.pos <= 0 || this.newlines > this.n || this.total >= this.cap) return undefined;
    const len = Math.min(CHUNK, this.pos, this.cap - this.total);
    this.pos -= len;
    return { buf: Buffer.allocUnsafe(len), pos: this.pos };
  }

  /** what the read returned (less than asked when the file was truncated meanwhile) */
  got(buf: Buffer): void {
    this.chunks.unshift(buf);
    this.total += buf.length;
    this.newlines += countNewlines(buf);
  }

  lines(): string[] {
    return lastLines(Buffer.concat(this.chunks), this.n, this.pos > 0);
  }
}

/** The last `n` lines of a gzip file (concatenated members included), streamed: memory stays ~2 x `cap`. */
export async function tailGzip(path: string, n: number, cap = tailByteCap(n)): Promise<string[]> {
  if (n <= 0) return [];
  const fd = openReadNoFollow(path);
  const window = new TailWindow(n, cap);
  try {
    await pipeline(fdChunks(fd, 256 * KB), createGunzip({ chunkSize: CHUNK }), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) window.push(chunk);
    });
  } finally {
    closeSync(fd);
  }
  return window.lines();
}
