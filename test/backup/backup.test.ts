import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as tar from 'tar';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createBackup, listBackups, runAndLog } from '../../src/backup/index.js';
import { lessons, makeProject, type Project } from './project.js';

let project: Project | undefined;
afterEach(async () => {
  project?.app.close();
  project?.store.close();
  if (project) await rm(project.root, { recursive: true, force: true });
  project = undefined;
});

async function entriesOf(archive: string): Promise<string[]> {
  const names: string[] = [];
  await tar.t({ file: archive, onReadEntry: (e) => void names.push(e.path) });
  return names.sort();
}

describe('createBackup', () => {
  it('archives config, logs and databases (snapshotted live, WAL included), with a manifest, owner-only', async () => {
    project = await makeProject();
    const r = await createBackup(project.config);
    if (!r.ok) throw r.error;
    expect(r.archive).toMatch(/backups\/teachops-backup-\d{8}T\d{6}Z\.tar\.gz$/);
    expect((await stat(r.archive)).mode & 0o777).toBe(0o600);
    const names = await entriesOf(r.archive);
    expect(names).toEqual(
      expect.arrayContaining(['manifest.json', 'config/services.yaml', 'config/runbook.yaml', 'logs/backend.log', 'state/teachops.db']),
    );
    expect(names.some((n) => n.endsWith('app.db'))).toBe(true);
    // pid files are runtime state; -wal/-shm belong to their database's snapshot
    expect(names.filter((n) => /pids|-wal|-shm/.test(n))).toEqual([]);
  });

  it('keeps only the newest `keep` archives', async () => {
    project = await makeProject({ keep: 2 });
    const clock = new ManualClock();
    const made: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await createBackup(project.config, { clock });
      if (!r.ok) throw r.error;
      made.push(r.archive);
      clock.advance(86_400_000);
    }
    const left = await listBackups(project.config.backup.dir);
    expect(left.map((a) => a.file)).toEqual(made.slice(2));
  });

  it('fails (as a result, not a throw) when an included file is missing, and says so in monitor.log', async () => {
    project = await makeProject({ include: ['../data/missing.db'] });
    const r = await runAndLog(project.config, {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('backup_failed');
    expect(r.error.message).toContain('missing.db');
    expect(r.error.hint).toContain(project.config.backup.dir);
    expect(await listBackups(project.config.backup.dir)).toEqual([]);
    expect(await readFile(join(project.config.logs_dir, 'monitor.log'), 'utf8')).toMatch(/^\S+Z backup FAILED: .*missing\.db/);
  });

  it('writes a success line to monitor.log', async () => {
    project = await makeProject();
    const r = await runAndLog(project.config, {});
    expect(r.ok).toBe(true);
    expect(await readFile(join(project.config.logs_dir, 'monitor.log'), 'utf8')).toMatch(/backup ok: .*teachops-backup-.*\.tar\.gz/);
  });

  it('the archived database holds rows that were only in the live WAL', async () => {
    project = await makeProject();
    const r = await createBackup(project.config);
    if (!r.ok) throw r.error;
    const out = join(project.root, 'x');
    await mkdir(out);
    await tar.x({ file: r.archive, cwd: out });
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { files: { path: string; rel: string }[] };
    const app = manifest.files.find((f) => f.rel === '../data/app.db')!;
    const copy = new Database(join(out, app.path), { readonly: true });
    expect(lessons(copy)).toEqual(['Fractions', 'Photosynthesis']);
    copy.close();
  });
});
