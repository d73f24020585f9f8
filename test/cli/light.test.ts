/**
 * `teach status` must stay fast (issue 14: <= 0.7 x `pm2 jlist`, measured by `npm run bench -- status`), so its path
 * must not load the heavy modules (Slack, the YAML parser and zod: the validated config comes from the cache;
 * systeminformation, tar, pidusage, node-cron, execa, prom-client; not even commander) and must read few files: module loading
 * was a third of its time when it read ~110 files. These tests assert what gets loaded, never time. They run the
 * installed bin (dist/cli/teach.js, built by `npm run build`), as `teach` on PATH through a link like npm's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CLI, cleanEnv, demoProject } from './helpers.js';
import { repoRoot } from '../support/temp-project.js';

const HEAVY = ['@slack/bolt', '@slack/web-api', 'yaml', 'zod', 'systeminformation', 'tar', 'pidusage', 'node-cron', 'execa', 'prom-client', 'commander'];

/**
 * The most files a cached `teach status --json` may load as code. Measured: 3, the dispatcher (dist/cli/teach.js),
 * the status bundle (dist/cli/status.js) and SQLite's compiled binding (better_sqlite3.node). Before bundling it
 * was ~110 (95 of dist/src, commander's 8, better-sqlite3's 15, dotenv, bindings).
 */
const MAX_STATUS_FILES = 3;

/** `teach` on PATH as npm installs it: a link named `teach` to the bin file. */
function linkedBin(): string {
  const dir = mkdtempSync(join(tmpdir(), 'teachops-bin-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  symlinkSync(CLI, join(dir, 'teach'));
  return dir;
}

function filesLoaded(bin: string, args: string[], cwd: string): { files: string[]; stdout: string; code: number | null } {
  const env = cleanEnv({ PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, NODE_OPTIONS: `--import=${join(repoRoot, 'test', 'fixtures', 'load-trace.mjs')}` });
  const r = spawnSync('teach', args, { cwd, env, encoding: 'utf8' });
  const files = [...new Set([...r.stderr.matchAll(/^load-trace: (.+)$/gm)].map((m) => m[1]!))].filter((f) => !f.includes(join('test', 'fixtures')));
  return { files, stdout: r.stdout, code: r.status };
}

/** Packages a file list touches, from node_modules paths and from the module markers esbuild writes into bundles. */
function packagesIn(files: string[]): string[] {
  const found = new Set<string>();
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//g;
  for (const f of files) {
    for (const m of f.matchAll(pkg)) found.add(m[1]!);
    if (f.endsWith('.js') && f.startsWith(join(repoRoot, 'dist'))) for (const m of readFileSync(f, 'utf8').matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) found.add(m[1]!);
  }
  return [...found];
}

describe('the status path stays light', () => {
  it('teach status --json loads none of the heavy modules and at most a few files once the config is cached', async () => {
    const p = await demoProject();
    const bin = linkedBin();
    const args = ['status', '--json', '--config', p.config.file];

    // First run: nothing cached yet, so the status path hands over to the full CLI, which loads and caches the config.
    const cold = filesLoaded(bin, args, p.dir);
    expect(cold.code, cold.stdout).toBe(0);
    expect(JSON.parse(cold.stdout)).toHaveProperty('services');
    expect(cold.files).toContain(join(repoRoot, 'dist', 'cli', 'full.js'));

    const warm = filesLoaded(bin, args, p.dir);
    expect(warm.code).toBe(0);
    expect(JSON.parse(warm.stdout)).toEqual({ ...JSON.parse(cold.stdout), generated_at: expect.any(Number), system: expect.any(Object) });
    const shown = warm.files.map((f) => relative(repoRoot, f));
    expect(shown).toContain(join('dist', 'cli', 'status.js'));
    expect(shown.some((f) => f.endsWith('better_sqlite3.node')), shown.join('\n')).toBe(true); // it did open the store
    expect(shown).not.toContain(join('dist', 'cli', 'full.js'));
    expect(packagesIn(warm.files).filter((m) => HEAVY.includes(m))).toEqual([]);
    expect(warm.files.length, shown.join('\n')).toBeLessThanOrEqual(MAX_STATUS_FILES);
  });

  it('anything but a plain status goes through the full CLI, which still keeps Slack, yaml and zod out', async () => {
    const p = await demoProject();
    const bin = linkedBin();
    filesLoaded(bin, ['status', '--config', p.config.file], p.dir); // fill the config cache
    const audit = filesLoaded(bin, ['audit', '--config', p.config.file], p.dir);
    expect(audit.code, audit.stdout).toBe(0);
    expect(audit.files).toContain(join(repoRoot, 'dist', 'cli', 'full.js'));
    expect(packagesIn(audit.files).filter((m) => ['@slack/bolt', '@slack/web-api', 'yaml', 'zod', 'systeminformation', 'tar'].includes(m))).toEqual([]);
  });
});

describe('the daemon stays light', () => {
  it('teach run starts from its own bundle, without commander (it would stay in memory for good)', async () => {
    const p = await demoProject();
    const bin = linkedBin();
    const env = cleanEnv({ PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, NODE_OPTIONS: `--import=${join(repoRoot, 'test', 'fixtures', 'load-trace.mjs')}` });
    const child = spawn('teach', ['run', '--config', p.config.file], { cwd: p.dir, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const closed = new Promise<number | null>((r) => child.on('close', r));
    const deadline = Date.now() + 45_000; // three health-gated starts on a loaded host
    while (!/ready: watching/.test(out) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(out).toMatch(/ready: watching/);
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
    // the exit hook lists CommonJS modules and addons; the load hook every ES module: the daemon's whole code
    const files = [...new Set([...out.matchAll(/^load-trace: (.+)$/gm)].map((m) => m[1]!))].filter((f) => !f.includes(join('test', 'fixtures')));
    const shown = files.map((f) => relative(repoRoot, f));
    expect(shown).toContain(join('dist', 'cli', 'daemon.js'));
    expect(shown).not.toContain(join('dist', 'cli', 'full.js'));
    expect(shown.some((f) => f.endsWith('better_sqlite3.node')), shown.join('\n')).toBe(true); // it did open the store
    expect(packagesIn(files)).not.toContain('commander');
  }, 60_000);
});
