/**
 * The bounded tail readers every log reader goes through (src/probes/tail.ts): exactly the last N lines, a byte cap
 * whatever the file holds, `.gz` streamed (concatenated members included), symlinks refused.
 */
import { mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tailByteCap, tailGzip, tailPlain, tailPlainSync } from '../../src/probes/tail.js';
import { TailWindow } from '../../src/probes/tail-window.js';
import { UnsafePathError } from '../../src/util/safe-fs.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'teachops-tail-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = (from: number, count: number) => Array.from({ length: count }, (_, i) => `line ${from + i} ${'路'.repeat((from + i) % 7)}`);

describe('tailPlain / tailPlainSync', () => {
  it('return the same last N lines, whatever the chunk edges', async () => {
    const file = join(dir, 'a.log');
    const all = lines(0, 20_000);
    writeFileSync(file, all.join('\n') + '\n');
    expect(await tailPlain(file, 300)).toEqual(all.slice(-300));
    expect(tailPlainSync(file, 300)).toEqual(all.slice(-300));
  });

  it('stop at the byte cap: fewer lines rather than more memory', async () => {
    const file = join(dir, 'a.log');
    writeFileSync(file, `${'x'.repeat(1000)}\n`.repeat(1000));
    const got = await tailPlain(file, 1000, 64 * 1024);
    expect(got.length).toBeLessThan(70);
    expect(got.every((l) => l === 'x'.repeat(1000))).toBe(true);
  });

  it('show the end of one line longer than the cap, marked as cut', async () => {
    const file = join(dir, 'a.log');
    writeFileSync(file, 'y'.repeat(5 * 1024 * 1024));
    const [only, ...rest] = await tailPlain(file, 10, 64 * 1024);
    expect(rest).toEqual([]);
    expect(only).toBe(`…${'y'.repeat(64 * 1024)}`);
  });

  it('refuse a symlink, naming it, without reading the target', async () => {
    const target = join(dir, 'secret');
    writeFileSync(target, 'secret line\n');
    const link = join(dir, 'a.log');
    symlinkSync(target, link);
    await expect(tailPlain(link, 5)).rejects.toBeInstanceOf(UnsafePathError);
    expect(() => tailPlainSync(link, 5)).toThrow(link);
  });
});

describe('tailGzip', () => {
  it('reads the last lines across concatenated gzip members', async () => {
    const file = join(dir, 'a.log.1.gz');
    const fd = openSync(file, 'w');
    for (let m = 0; m < 5; m++) writeSync(fd, gzipSync(lines(m * 1000, 1000).join('\n') + '\n'));
    closeSync(fd);
    expect(await tailGzip(file, 1500)).toEqual(lines(3500, 1500));
  });

  it('refuses a symlink', async () => {
    const target = join(dir, 'real.gz');
    writeFileSync(target, gzipSync('secret\n'));
    symlinkSync(target, join(dir, 'a.log.1.gz'));
    await expect(tailGzip(join(dir, 'a.log.1.gz'), 5)).rejects.toBeInstanceOf(UnsafePathError);
  });
});

describe('TailWindow', () => {
  it('keeps at most ~2 x cap bytes however much is pushed, and the right last lines', () => {
    const w = new TailWindow(10, 64 * 1024);
    const chunk = Buffer.from(lines(0, 1000).join('\n') + '\n');
    let peak = 0;
    for (let i = 0; i < 500; i++) {
      w.push(chunk);
      peak = Math.max(peak, (w as unknown as { bytes: number }).bytes);
    }
    expect(peak).toBeLessThanOrEqual(2 * 64 * 1024 + chunk.length);
    expect(w.lines()).toEqual(lines(990, 10));
  });

  it('caps by lines and bytes: 2 KB a line, between 64 KB and 16 MB', () => {
    expect(tailByteCap(1)).toBe(64 * 1024);
    expect(tailByteCap(200)).toBe(400 * 1024);
    expect(tailByteCap(100_000)).toBe(16 * 1024 * 1024);
  });
});
