/**
 * Archives written by an attacker: every checksum matches (the author wrote them), but the manifest sends files
 * outside the config folder, through a symlink in it, or replaces the state database with junk. Each is refused
 * before anything is stopped, naming the entry, and nothing is written anywhere. A truncated gzip gives one clear
 * error and leaves no temp folder behind.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, truncate, stat, writeFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import * as tar from 'tar';
import { createBackup, restore } from '../../src/backup/index.js';
import { lessons, makeProject, type Project } from './project.js';
import { fakeSupervisor } from './fake-supervisor.js';

let project: Project | undefined;
let outside: string | undefined;
afterEach(async () => {
  project?.app.close();
  project?.store.close();
  if (project) await rm(project.root, { recursive: true, force: true });
  if (outside) await rm(outside, { recursive: true, force: true });
  project = undefined;
  outside = undefined;
});

interface Entry {
  path: string;
  kind: 'config' | 'logs' | 'state' | 'data';
  rel: string;
  content: string | Buffer;
  sqlite?: boolean;
}

/** A well-formed archive whose manifest says exactly what its author wants, checksums included. */
async function forge(p: Project, entries: Entry[]): Promise<string> {
  const dir = await mkdtemp(join(p.root, 'forge-'));
  for (const e of entries) {
    await mkdir(dirname(join(dir, e.path)), { recursive: true });
    await writeFile(join(dir, e.path), e.content);
  }
  const files = entries.map((e) => {
    const buf = Buffer.from(e.content);
    return { path: e.path, kind: e.kind, rel: e.rel, sqlite: e.sqlite ?? false, size: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
  });
  const manifest = { format: 'teachops-backup/1', created_at: new Date().toISOString(), name: 'x', config_dir: p.config.dir, logs_dir: p.config.logs_dir, files };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  const archive = join(p.root, `forged-${Date.now()}-${Math.random().toString(36).slice(2)}.tar.gz`);
  await tar.c({ gzip: true, file: archive, cwd: dir, portable: true }, await readdir(dir));
  await rm(dir, { recursive: true, force: true });
  return archive;
}

async function expectRefused(p: Project, archive: string, entry: string, reason: RegExp) {
  const { sup, calls } = fakeSupervisor(['backend']);
  const report = await restore(archive, { config: p.config, supervisor: sup, by: 'cli:test' });
  expect(report.ok).toBe(false);
  expect((report.error as { code?: string }).code).toBe('archive_refused');
  expect(report.error?.message).toContain(entry);
  expect(report.error?.message).toMatch(reason);
  expect(report.steps.map((s) => s.status)).toEqual(['failed', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
  expect(calls).toEqual([]);
  expect((await readdir(p.config.backup.dir).catch(() => [] as string[])).filter((n) => n.startsWith('.'))).toEqual([]);
  return report;
}

describe('restore refuses hostile archives before stopping anything', () => {
  it('a config entry with an absolute destination', async () => {
    const p = (project = await makeProject());
    outside = await mkdtemp(join(tmpdir(), 'teachops-outside-'));
    const evil = join(outside, 'owned.txt');
    const archive = await forge(p, [{ path: 'config/owned.txt', kind: 'config', rel: evil, content: 'pwned\n' }]);
    await expectRefused(p, archive, 'config/owned.txt', /not a relative path/);
    expect(existsSync(evil)).toBe(false);
  });

  it('a config entry with a ../ destination', async () => {
    const p = (project = await makeProject());
    const archive = await forge(p, [
      { path: 'config/runbook.yaml', kind: 'config', rel: 'runbook.yaml', content: '# from the archive\n' },
      { path: 'config/escape.txt', kind: 'config', rel: '../../escape.txt', content: 'pwned\n' },
    ]);
    expect(existsSync(join(p.root, '..', 'escape.txt'))).toBe(false);
    await expectRefused(p, archive, 'config/escape.txt', /leaves/);
    expect(existsSync(join(p.root, '..', 'escape.txt'))).toBe(false);
    // the good entry before it was not written either: the whole archive is refused
    expect(await readFile(join(p.config.dir, 'runbook.yaml'), 'utf8')).toContain('original runbook');
  });

  it('a config entry through a symlink inside the config folder', async () => {
    const p = (project = await makeProject());
    outside = await mkdtemp(join(tmpdir(), 'teachops-outside-'));
    await symlink(outside, join(p.config.dir, 'linked'));
    const archive = await forge(p, [{ path: 'config/linked/owned.txt', kind: 'config', rel: 'linked/owned.txt', content: 'pwned\n' }]);
    await expectRefused(p, archive, 'config/linked/owned.txt', /symbolic link/);
    expect(await readdir(outside)).toEqual([]);
  });

  it('a config entry that is a symlink itself is never written through', async () => {
    const p = (project = await makeProject());
    outside = await mkdtemp(join(tmpdir(), 'teachops-outside-'));
    await writeFile(join(outside, 'target.txt'), 'theirs\n');
    await symlink(join(outside, 'target.txt'), join(p.config.dir, 'notes.yaml'));
    const archive = await forge(p, [{ path: 'config/notes.yaml', kind: 'config', rel: 'notes.yaml', content: 'pwned\n' }]);
    await expectRefused(p, archive, 'config/notes.yaml', /symbolic link/);
    expect(await readFile(join(outside, 'target.txt'), 'utf8')).toBe('theirs\n');
  });

  it('a config entry aimed at the logs folder when it lies inside the config folder', async () => {
    const p = (project = await makeProject());
    const config = { ...p.config, logs_dir: join(p.config.dir, 'logs') };
    await mkdir(config.logs_dir);
    const archive = await forge(p, [{ path: 'config/logs/teachops.db', kind: 'config', rel: 'logs/teachops.db', content: 'junk' }]);
    const { sup, calls } = fakeSupervisor(['backend']);
    const report = await restore(archive, { config, supervisor: sup, by: 'cli:test' });
    expect((report.error as { code?: string }).code).toBe('archive_refused');
    expect(report.error?.message).toMatch(/config\/logs\/teachops.db.*own folder/);
    expect(calls).toEqual([]);
    expect(existsSync(join(config.logs_dir, 'teachops.db'))).toBe(false);
  });

  it('a data entry not named by backup.include', async () => {
    const p = (project = await makeProject());
    const archive = await forge(p, [{ path: 'data/0-evil.sh', kind: 'data', rel: '../data/evil.sh', content: 'rm -rf /\n' }]);
    await expectRefused(p, archive, 'data/0-evil.sh', /not named by backup.include/);
    expect(existsSync(join(p.root, 'data', 'evil.sh'))).toBe(false);
  });

  it('junk as the state database, marked sqlite: false', async () => {
    const p = (project = await makeProject());
    const archive = await forge(p, [{ path: 'state/teachops.db', kind: 'state', rel: 'teachops.db', content: 'this is not a database at all\n', sqlite: false }]);
    await expectRefused(p, archive, 'state/teachops.db', /not a SQLite database/);
    expect(p.store.desired.get('backend')).toBe('running');
  });

  it('a damaged SQLite file as the state database', async () => {
    const p = (project = await makeProject());
    const good = await createBackup(p.config);
    if (!good.ok) throw good.error;
    const unpacked = await mkdtemp(join(p.root, 'u-'));
    await tar.x({ file: good.archive, cwd: unpacked });
    const db = await readFile(join(unpacked, 'state', 'teachops.db'));
    // keep the header, wreck the pages after it
    const broken = Buffer.concat([db.subarray(0, 100), Buffer.alloc(db.length - 100, 0x41)]);
    const archive = await forge(p, [{ path: 'state/teachops.db', kind: 'state', rel: 'teachops.db', content: broken, sqlite: true }]);
    await expectRefused(p, archive, 'state/teachops.db', /integrity|malformed|not a database/);
  });

  it('an archive holding a symlink entry', async () => {
    const p = (project = await makeProject());
    const dir = await mkdtemp(join(p.root, 'forge-'));
    await mkdir(join(dir, 'config'));
    await symlink('/etc/passwd', join(dir, 'config', 'runbook.yaml'));
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ format: 'teachops-backup/1', created_at: '', name: 'x', config_dir: '', logs_dir: '', files: [] }));
    const archive = join(p.root, 'link.tar.gz');
    await tar.c({ gzip: true, file: archive, cwd: dir, portable: true }, ['manifest.json', 'config']);
    const { sup, calls } = fakeSupervisor(['backend']);
    const report = await restore(archive, { config: p.config, supervisor: sup, by: 'cli:test' });
    expect((report.error as { code?: string }).code).toBe('archive_corrupt');
    expect(report.error?.message).toMatch(/not plain files.*SymbolicLink/);
    expect(calls).toEqual([]);
  });

  it('a truncated gzip: one clear error, nothing stopped, no temp folder left', async () => {
    const p = (project = await makeProject());
    const good = await createBackup(p.config);
    if (!good.ok) throw good.error;
    await truncate(good.archive, Math.floor((await stat(good.archive)).size / 2));
    const { sup, calls } = fakeSupervisor(['backend']);
    const report = await restore(good.archive, { config: p.config, supervisor: sup, by: 'cli:test' });
    expect((report.error as { code?: string }).code).toBe('archive_corrupt');
    expect(report.error?.message).toMatch(/is damaged: cannot unpack it/);
    expect(calls).toEqual([]);
    expect((await readdir(p.config.backup.dir)).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(lessons(p.app)).toEqual(['Fractions', 'Photosynthesis']);
  });

  it('dry run lists every destination path, computed from the current config', async () => {
    const p = (project = await makeProject());
    const good = await createBackup(p.config);
    if (!good.ok) throw good.error;
    const { sup } = fakeSupervisor(['backend']);
    const report = await restore(good.archive, { config: p.config, supervisor: sup, by: 'cli:test', dryRun: true });
    expect(report.ok).toBe(true);
    const all = report.steps.flatMap((s) => s.files?.destinations ?? []);
    expect(all).toEqual(expect.arrayContaining([join(p.config.dir, 'services.yaml'), join(p.config.dir, 'runbook.yaml'), join(p.root, 'data', 'app.db'), join(p.config.logs_dir, 'teachops.db')]));
  });
});
