/**
 * Rotation when things pile up: a generation still being compressed when the next rotation falls due, and a full
 * disk (a small tmpfs, mounted when running as root; skipped visibly otherwise).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyThenTruncate, createRotationScheduler, FLOODING_MS, rotateIfNeeded } from '../../src/rotation/index.js';
import { createBackground } from '../../src/util/background.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'teachops-pressure-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const numbered = (from: number, count: number) => Array.from({ length: count }, (_, i) => `${from + i} ${'x'.repeat(60)}\n`).join('');
const seqs = (text: string) => text.split('\n').filter(Boolean).map((l) => Number(l.split(' ')[0]));

describe('a rotation due while the previous generation is still being compressed', () => {
  it('rotates the live file at once; every generation ends up compressed, in order, none lost', async () => {
    const file = join(dir, 'svc.log');
    const lines: string[] = [];
    // The first compression is held open (source opened, nothing streamed yet) until the second rotation is done.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let t = 0;
    const scheduler = createRotationScheduler({ files: () => [file], maxSize: 1024 * 1024, keep: 5, log: (l) => lines.push(l), now: () => t, compressGate: () => gate });
    let next = 0;
    const write = (count: number) => {
      writeFileSync(file, numbered(next, count), { flag: 'a' });
      next += count;
    };
    write(30_000); // ~2 MB
    await scheduler.check();
    expect(scheduler.compressing()).toBe(false); // it just rotated: compression waits until the log is calm
    t += FLOODING_MS;
    await scheduler.check();
    expect(scheduler.compressing()).toBe(true);
    write(30_000);
    await scheduler.check();
    expect(statSync(file).size).toBe(0); // rotated without waiting for the compression
    // the generation in flight moved from .1 to .2 under its compressor; its .gz temp is beside it
    expect(readdirSync(dir).filter((n) => !/^svc\.log\.gz-[0-9a-f]+\.tmp$/.test(n)).sort()).toEqual(['svc.log', 'svc.log.1', 'svc.log.2']);
    release();
    await scheduler.idle();
    expect(readdirSync(dir).sort()).toEqual(['svc.log', 'svc.log.1', 'svc.log.2.gz']); // .1 waits for calm
    t += FLOODING_MS;
    await scheduler.check();
    await scheduler.idle();
    const names = readdirSync(dir).sort();
    expect(names).toEqual(['svc.log', 'svc.log.1.gz', 'svc.log.2.gz']);
    const gen = (n: number) => seqs(gunzipSync(readFileSync(`${file}.${n}.gz`)).toString());
    const all = [...gen(2), ...gen(1)];
    expect(all).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(lines.filter((l) => /could not/.test(l))).toEqual([]);
  });
});

describe('a flood', () => {
  it('keeps generations plain while the log floods, removes the oldest beyond keep, says so once a minute, and compresses once calm', async () => {
    const file = join(dir, 'svc.log');
    const lines: string[] = [];
    let t = 0;
    const scheduler = createRotationScheduler({ files: () => [file], maxSize: 1000, keep: 2, log: (l) => lines.push(l), now: () => t });
    let next = 0;
    for (let round = 0; round < 4; round++) {
      writeFileSync(file, numbered(next, 100), { flag: 'a' });
      next += 100;
      await scheduler.check();
      t += 1000;
    }
    // rotating every second: nothing was compressed, and only .1 and .2 are kept
    expect(scheduler.compressing()).toBe(false);
    expect(readdirSync(dir).filter((n) => !n.endsWith('.tmp')).sort()).toEqual(['svc.log', 'svc.log.1', 'svc.log.2']);
    t += FLOODING_MS;
    await scheduler.check();
    await scheduler.idle();
    expect(readdirSync(dir).sort()).toEqual(['svc.log', 'svc.log.1.gz', 'svc.log.2.gz']);
    const kept = [2, 1].flatMap((n) => seqs(gunzipSync(readFileSync(`${file}.${n}.gz`)).toString()));
    expect(kept).toEqual(Array.from({ length: 200 }, (_, i) => 200 + i));

    t += 60_000;
    await scheduler.check(); // a check flushes the minute's summary
    expect(lines[0]).toMatch(/^rotated .*svc\.log: .* moved to .*svc\.log\.1 in \d+ ?ms$/);
    expect(lines).toContainEqual(expect.stringMatching(/rotated .*svc\.log 3 more times in the last \d+s/));
    expect(lines).toContainEqual(expect.stringMatching(/svc\.log is flooding: .* 2 of them were removed to keep log_rotation\.keep \(2\)/));
  });
});

describe('a rotation interrupted by a crash', () => {
  it('keeps a leftover copy as the newest generation and removes a half-written .gz temp', async () => {
    const file = join(dir, 'svc.log');
    writeFileSync(`${file}.rotating-0a1b2c.tmp`, numbered(0, 10));
    writeFileSync(`${file}.gz-3d4e5f.tmp`, 'half a gzip');
    const lines: string[] = [];
    const scheduler = createRotationScheduler({ files: () => [file], maxSize: 1 << 20, keep: 3, log: (l) => lines.push(l) });
    scheduler.start(createBackground((l) => lines.push(l)));
    await scheduler.check();
    await scheduler.idle();
    await scheduler.stop();
    expect(readdirSync(dir).sort()).toEqual(['svc.log.1.gz']);
    expect(seqs(gunzipSync(readFileSync(`${file}.1.gz`)).toString())).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(lines.join('\n')).toMatch(/unfinished rotation/);
  });
});

const root = process.getuid?.() === 0;
describe.skipIf(!root)('a full disk (tmpfs, as root)', () => {
  let mnt: string;
  beforeEach(() => {
    mnt = join(dir, 'mnt');
    mkdirSync(mnt);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mnt]);
  });
  afterEach(() => {
    execFileSync('umount', ['-l', mnt]);
  });

  it('leaves the live log untouched and no temp file behind when the copy does not fit, and rotates once there is room', async () => {
    const file = join(mnt, 'svc.log');
    const content = numbered(0, 60_000); // ~3.9 MB: a copy does not fit in the ~2 MB left
    writeFileSync(file, content);
    await expect(rotateIfNeeded(file, { maxSize: 1024 * 1024, keep: 2 })).rejects.toThrow(/no space left on device to rotate/);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(readdirSync(mnt)).toEqual(['svc.log']);

    // the copy itself running out of space (a disk that fills during the copy): the partial copy goes, src stays
    const elsewhere = join(dir, 'other.log');
    writeFileSync(elsewhere, content);
    await expect(copyThenTruncate(elsewhere, join(mnt, 'other.log.rotating-0123ab.tmp'))).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(elsewhere, 'utf8')).toBe(content);
    expect(readdirSync(mnt)).toEqual(['svc.log']);

    // an operator frees space (here: the file shrinks); the next check rotates normally
    writeFileSync(file, numbered(0, 20_000));
    const r = await rotateIfNeeded(file, { maxSize: 1024 * 1024, keep: 2 });
    expect(r.rotated).toBe(true);
    expect(readdirSync(mnt).sort()).toEqual(['svc.log', 'svc.log.1.gz']);
  });
});
if (!root) it.skip('a full disk: needs root to mount a tmpfs', () => undefined);
