/**
 * Issue 10 item 2: services run as the same user and can write `logs/`, so a log path may be a symlink planted by
 * someone else. teachops never reads, writes, copies or truncates through it: `teach logs` refuses to print it,
 * `teach start` refuses to append to it, rotation skips it, and symlinked generations and temp names are never
 * followed. The victim files here stand for `/etc/shadow`.
 */
import { lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createLogRotator } from '../../src/rotation/index.js';
import { demoProject, teach } from '../cli/helpers.js';
import { makeConfig } from '../rotation/config.js';

const SECRET = 'root:$6$victimhash:19000:0:99999:7:::';
let outside: string;
let victim: string;
const victimText = `${SECRET}\n`.repeat(200);
beforeEach(() => {
  outside = mkdtempSync(join(tmpdir(), 'teachops-victim-'));
  victim = join(outside, 'shadow');
  writeFileSync(victim, victimText);
});
afterEach(() => rmSync(outside, { recursive: true, force: true }));

const unchanged = () => expect(readFileSync(victim, 'utf8')).toBe(victimText);
/** every byte of every file in `dir`, gz generations unpacked */
const contentsOf = (dir: string) =>
  readdirSync(dir)
    .filter((n) => lstatSync(join(dir, n)).isFile())
    .map((n) => {
      const raw = readFileSync(join(dir, n));
      return n.endsWith('.gz') ? gunzipSync(raw).toString() : raw.toString();
    })
    .join('\n');

describe('teach logs and teach start with a symlinked service log', () => {
  it('teach logs refuses to print a log that is a symlink, naming it', async () => {
    const p = await demoProject();
    const link = join(p.logsDir, 'frontend.log');
    symlinkSync(victim, link);
    const r = teach(p, ['logs', 'frontend']);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).not.toContain('victimhash');
    expect(r.stderr).toContain(link);
    expect(r.stderr).toMatch(/symbolic link/);
  });

  it('teach logs skips a symlinked generation and says so', async () => {
    const p = await demoProject();
    writeFileSync(join(p.logsDir, 'frontend.log'), 'INFO one\nINFO two\n');
    symlinkSync(victim, join(p.logsDir, 'frontend.log.1'));
    const r = teach(p, ['logs', 'frontend', '-n', '50']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('INFO two');
    expect(r.stdout + r.stderr).not.toContain('victimhash');
    expect(r.stdout + r.stderr).toContain(join(p.logsDir, 'frontend.log.1'));
  });

  it('teach start refuses to start a service whose log is a symlink, and never writes to the target', async () => {
    const p = await demoProject();
    const link = join(p.logsDir, 'backend.log');
    symlinkSync(victim, link);
    const r = teach(p, ['start', 'backend']);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(link);
    expect(r.stdout + r.stderr).toMatch(/symbolic link/);
    unchanged();
    expect(readlinkSync(link)).toBe(victim); // the link is left for the operator to inspect
    const status = JSON.parse(teach(p, ['status', 'backend', '--json']).stdout) as { services: { state: string }[] };
    expect(status.services[0]!.state).toBe('stopped');
  });
});

describe('rotation under logs_dir with symlinks', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'teachops-rotate-link-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  });
  const rotator = (errors: string[]) => createLogRotator(makeConfig(dir, ['llm'], { max_size: 64, keep: 3 }), { onError: (f) => errors.push(`${f.file}: ${f.error.message}`) });

  it('skips a live log that is a symlink with an error line: the target is neither copied nor truncated', async () => {
    symlinkSync(victim, join(dir, 'llm.log'));
    const errors: string[] = [];
    await rotator(errors)();
    unchanged();
    expect(readdirSync(dir)).toEqual(['llm.log']);
    expect(errors.join('\n')).toContain(join(dir, 'llm.log'));
    expect(errors.join('\n')).toMatch(/symbolic link/);
  });

  it('never copies the target of a symlinked <log>.1 into a generation', async () => {
    writeFileSync(join(dir, 'llm.log'), 'INFO live line\n'.repeat(20));
    symlinkSync(victim, join(dir, 'llm.log.1'));
    const errors: string[] = [];
    await rotator(errors)();
    unchanged();
    expect(contentsOf(dir)).not.toContain('victimhash');
    expect(contentsOf(dir)).toContain('INFO live line'); // the live log itself was still rotated
  });

  it('never writes through a symlink planted at <log>.1.gz.tmp', async () => {
    writeFileSync(join(dir, 'llm.log'), 'INFO live line\n'.repeat(20));
    symlinkSync(victim, join(dir, 'llm.log.1.gz.tmp'));
    await rotator([])();
    unchanged();
    expect(contentsOf(dir)).toContain('INFO live line');
  });
});
