/**
 * The bounded line buffers behind src/probes/tail.ts: the last N lines of a byte stream without keeping the stream.
 * Splitting on the 0x0A byte before decoding is safe for UTF-8 (no multi-byte character contains it).
 */
const NL = 0x0a;

export function countNewlines(buf: Buffer, stopAfter = Infinity): number {
  let count = 0;
  for (let i = buf.indexOf(NL); i !== -1 && count <= stopAfter; i = buf.indexOf(NL, i + 1)) count++;
  return count;
}

/**
 * The last `n` lines of `buf`, the end of a file. `cut`: bytes before `buf` were not kept, so its first line is only
 * the end of a longer one: dropped, unless it is all there is (one huge line), then shown as `…<its end>`.
 */
export function lastLines(buf: Buffer, n: number, cut: boolean): string[] {
  if (buf.length === 0 || n <= 0) return [];
  const lines = buf.toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (cut && lines.length > 1) lines.shift();
  else if (cut && lines.length === 1) lines[0] = `…${lines[0]}`;
  return lines.slice(-n).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** A ring of the newest chunks of a stream: enough for the last `n` lines, never more than ~2 x `cap` bytes. */
export class TailWindow {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private dropped = false;

  constructor(
    private readonly n: number,
    private readonly cap: number,
  ) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (this.bytes > 2 * this.cap) this.compact();
  }

  /** Drops the oldest chunks not needed for n+1 newlines within the cap; counts only the newest chunks. */
  private compact(): void {
    let kept = 0;
    let newlines = 0;
    let i = this.chunks.length;
    while (i > 0 && newlines <= this.n && kept < this.cap) {
      const c = this.chunks[--i]!;
      kept += c.length;
      newlines += countNewlines(c, this.n - newlines);
    }
    if (i > 0) {
      this.chunks = this.chunks.slice(i);
      this.bytes = kept;
      this.dropped = true;
    }
  }

  lines(): string[] {
    this.compact();
    let buf = Buffer.concat(this.chunks);
    let cut = this.dropped;
    if (buf.length > this.cap) {
      buf = buf.subarray(buf.length - this.cap);
      cut = true;
    }
    return lastLines(buf, this.n, cut);
  }
}
