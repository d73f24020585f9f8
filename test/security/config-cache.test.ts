/**
 * The validated-config cache: in $XDG_CACHE_HOME/teachops (0700, entries 0600), holding hashes of the variables'
 * values and never the values; used while they match, and refused (not read, not written) when its folder was
 * pre-created by another user or is a link.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CLI, cleanEnv, demoProject } from '../cli/helpers.js';
import { repoRoot } from '../support/temp-project.js';

const SECRET = 'cacheSecretValue-8899';

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'teachops-cache-'));
  onTestFinished(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** `teach status --json` with the import trace: the report and whether the full loader (yaml) ran. */
function status(configFile: string, cwd: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', join(repoRoot, 'test', 'fixtures', 'import-trace.mjs'), CLI, 'status', '--json', '--config', configFile], { cwd, env: cleanEnv(env), encoding: 'utf8' });
  const loaded = [...r.stderr.matchAll(/^import-trace: (.+)$/gm)].map((m) => m[1]!);
  return { report: JSON.parse(r.stdout) as { name: string }, usedLoader: loaded.includes('yaml') };
}

async function project() {
  const p = await demoProject({ raw: { name: 'Stack ${STACK_NAME:-none}', alerts: { channel: '${ALERT_CHANNEL:-C0}' } } });
  return p;
}

describe('config cache', () => {
  it('lives in a private folder, stores hashes not values, and is used while the values match', async () => {
    const p = await project();
    const xdg = tempDir();
    const env = { XDG_CACHE_HOME: xdg, STACK_NAME: 'alpha-one', ALERT_CHANNEL: SECRET };
    expect(status(p.config.file, p.dir, env)).toMatchObject({ report: { name: 'Stack alpha-one' }, usedLoader: true });
    expect(status(p.config.file, p.dir, env)).toMatchObject({ report: { name: 'Stack alpha-one' }, usedLoader: false });

    const dir = join(xdg, 'teachops');
    expect((statSync(dir).mode & 0o777).toString(8)).toBe('700');
    const entries = readdirSync(dir);
    expect(entries).toHaveLength(1);
    expect((statSync(join(dir, entries[0]!)).mode & 0o777).toString(8)).toBe('600');
    const text = readFileSync(join(dir, entries[0]!), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('alpha-one');

    // another value: the entry no longer matches, the full loader runs and the new value is shown
    expect(status(p.config.file, p.dir, { ...env, STACK_NAME: 'beta-two' })).toMatchObject({ report: { name: 'Stack beta-two' }, usedLoader: true });
  });

  it('refuses a cache folder pre-created by another user: never reads or writes it', async (t) => {
    if (process.getuid?.() !== 0) {
      t.skip('needs root to give a folder to another user (uid 65534)');
      return;
    }
    const p = await project();
    const xdg = tempDir();
    const dir = join(xdg, 'teachops');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    chownSync(dir, 65534, 65534);
    const env = { XDG_CACHE_HOME: xdg, STACK_NAME: 'alpha-one', ALERT_CHANNEL: SECRET };
    expect(status(p.config.file, p.dir, env)).toMatchObject({ report: { name: 'Stack alpha-one' }, usedLoader: true });
    expect(status(p.config.file, p.dir, env).usedLoader).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a cache folder that is a symlink', async () => {
    const p = await project();
    const xdg = tempDir();
    const target = tempDir();
    chmodSync(target, 0o700);
    symlinkSync(target, join(xdg, 'teachops'));
    const env = { XDG_CACHE_HOME: xdg, STACK_NAME: 'alpha-one', ALERT_CHANNEL: SECRET };
    status(p.config.file, p.dir, env);
    expect(status(p.config.file, p.dir, env).usedLoader).toBe(true);
    expect(readdirSync(target)).toEqual([]);
  });

  it('teach doctor says why a cache folder is not used and how to fix it', async () => {
    const p = await project();
    const xdg = tempDir();
    const dir = join(xdg, 'teachops');
    const doctor = () => spawnSync(process.execPath, [CLI, 'doctor', '--config', p.config.file], { cwd: p.dir, env: cleanEnv({ XDG_CACHE_HOME: xdg }), encoding: 'utf8' }).stdout;
    expect(doctor()).toContain(`config cache ${dir} does not exist yet`);
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o755);
    const loose = doctor();
    expect(loose).toContain(`config cache ${dir} is not used: its mode is 755, not 700`);
    expect(loose).toContain(`chmod 700 ${dir}`);
    rmSync(dir, { recursive: true });
    const target = tempDir();
    symlinkSync(target, dir);
    expect(doctor()).toContain(`config cache ${dir} is not used: it is a symbolic link`);
    rmSync(dir);
    mkdirSync(dir, { mode: 0o700 });
    expect(doctor()).toContain(`config cache ${dir}: a private folder of this user`);
  });
});
