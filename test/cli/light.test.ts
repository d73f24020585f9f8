/**
 * `teach status` must stay fast (target: 150 ms for the whole process on 2 cores), so its path must not load the
 * heavy modules: Slack, the YAML parser and zod (the validated config comes from the cache), systeminformation,
 * tar, pidusage (which spawns getconf), undici (the global fetch) or prom-client (only `teach run` with metrics).
 * This test asserts what gets loaded, not time.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, cleanEnv, demoProject } from './helpers.js';
import { repoRoot } from '../support/temp-project.js';

const HEAVY = ['@slack/bolt', '@slack/web-api', 'yaml', 'zod', 'systeminformation', 'tar', 'pidusage', 'node-cron', 'execa', 'prom-client'];

function packagesLoaded(args: string[], cwd: string): string[] {
  const r = spawnSync(process.execPath, ['--import', join(repoRoot, 'test', 'fixtures', 'import-trace.mjs'), CLI, ...args], { cwd, env: cleanEnv(), encoding: 'utf8' });
  return [...r.stderr.matchAll(/^import-trace: (.+)$/gm)].map((m) => m[1]!);
}

describe('the status path stays light', () => {
  it('teach status --json loads none of the heavy modules once the config is cached', async () => {
    const p = await demoProject();
    const args = ['status', '--json', '--config', p.config.file];
    packagesLoaded(args, p.dir); // first run fills the config cache
    const loaded = packagesLoaded(args, p.dir);
    expect(loaded).toContain('better-sqlite3');
    expect(loaded.filter((m) => HEAVY.includes(m))).toEqual([]);
  });
});
