import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExclusive, ensureSafeDir, openAppendNoFollow, openReadNoFollow, UnsafePathError, writeFileSafe } from '../../src/util/safe-fs.js';
import { createBackground } from '../../src/util/background.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'teachops-safefs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('safe-fs', () => {
  it('never appends through a symlink and leaves its target untouched', () => {
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, join(dir, 'svc.log'));
    expect(() => openAppendNoFollow(join(dir, 'svc.log'))).toThrow(UnsafePathError);
    expect(() => openReadNoFollow(join(dir, 'svc.log'))).toThrow(/symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('creates new files with their final mode whatever the umask', () => {
    const old = process.umask(0);
    try {
      const fd = openAppendNoFollow(join(dir, 'a.log'), 0o640);
      writeSync(fd, 'x');
      closeSync(fd);
      expect(statSync(join(dir, 'a.log')).mode & 0o777).toBe(0o640);
      writeFileSafe(join(dir, 'report.md'), 'hello');
      expect(statSync(join(dir, 'report.md')).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe('hello');
    } finally {
      process.umask(old);
    }
  });

  it('refuses to create over a pre-planted symlink, and atomic writes replace the link, not its target', () => {
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, join(dir, 'x.tmp'));
    expect(() => createExclusive(join(dir, 'x.tmp'))).toThrow(/EEXIST/);
    symlinkSync(victim, join(dir, 'out.md'));
    writeFileSafe(join(dir, 'out.md'), 'new');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toBe('new');
  });

  it('refuses a FIFO instead of blocking on it', () => {
    execFileSync('mkfifo', [join(dir, 'fifo.log')]);
    expect(() => openReadNoFollow(join(dir, 'fifo.log'))).toThrow(/not a regular file/);
    expect(() => openAppendNoFollow(join(dir, 'fifo.log'))).toThrow(UnsafePathError);
  });

  it('refuses a folder that is a symlink and creates missing ones with the mode asked', () => {
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'reports'));
    expect(() => ensureSafeDir(join(dir, 'reports'))).toThrow(/symbolic link/);
    ensureSafeDir(join(dir, 'pids'), 0o700);
    expect(statSync(join(dir, 'pids')).mode & 0o777).toBe(0o700);
  });
});

describe('background', () => {
  it('logs and counts a throwing or rejecting job and keeps going', async () => {
    const lines: string[] = [];
    const bg = createBackground((l) => lines.push(l));
    bg.run('sync', () => {
      throw new Error('boom');
    });
    bg.run('async', () => Promise.reject(new Error('later')));
    await new Promise((r) => setTimeout(r, 10));
    expect(lines).toEqual(['sync: boom', 'async: later']);
    expect(Object.fromEntries(bg.errors())).toEqual({ sync: 1, async: 1 });
  });
});
