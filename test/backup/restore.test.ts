import { mkdir, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdirSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as tar from 'tar';
import { createBackup, restore, type RestoreStep } from '../../src/backup/index.js';
import { lessons, makeProject, type Project } from './project.js';
import { fakeSupervisor } from './fake-supervisor.js';

let project: Project | undefined;
afterEach(async () => {
  project?.app.close();
  project?.store.close();
  if (project) await rm(project.root, { recursive: true, force: true });
  project = undefined;
});

const runbook = (p: Project) => join(p.config.dir, 'runbook.yaml');

async function backupThenChange(p: Project): Promise<string> {
  const r = await createBackup(p.config);
  if (!r.ok) throw r.error;
  // Everything after the backup: a config edit, new and deleted rows in both live databases.
  await writeFile(runbook(p), 'phases: []\n# edited after the backup\n');
  await writeFile(join(p.config.dir, 'extra.yaml'), 'new: file\n');
  p.app.prepare('DELETE FROM lessons WHERE title = ?').run('Fractions');
  p.app.prepare('INSERT INTO lessons (title) VALUES (?)').run('Written after the backup');
  p.store.desired.set('backend', 'stopped', 'cli:later');
  return r.archive;
}

describe('restore', () => {
  it('round trip: stops, restores config and live databases (content), keeps what it replaced, starts, verifies', async () => {
    const p = (project = await makeProject());
    const archive = await backupThenChange(p);
    const steps: RestoreStep[] = [];
    const { sup, calls } = fakeSupervisor(['backend'], {
      // stop comes before any file is written
      onStop: () => void readFile(runbook(p), 'utf8').then((t) => expect(t).toContain('edited after')),
    });
    const report = await restore(archive, { config: p.config, supervisor: sup, by: 'cli:test', onStep: (s) => steps.push(s) });
    expect(report.error).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(calls).toEqual(['stop all', 'start all']);
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      'verify:done', 'stop:done', 'restore_config:done', 'restore_data:done', 'start:done', 'health:done',
    ]);
    expect(steps[0]).toEqual({ step: 'verify', status: 'running' });

    expect(await readFile(runbook(p), 'utf8')).toBe('phases: []\n# original runbook\n');
    // the connections held open during the restore see the restored databases
    expect(lessons(p.app)).toEqual(['Fractions', 'Photosynthesis']);
    expect(p.store.desired.get('backend')).toBe('running');
    // a file the archive does not know is left alone
    expect(await readFile(join(p.config.dir, 'extra.yaml'), 'utf8')).toBe('new: file\n');
    // what was replaced is kept
    expect(report.sideDir).toMatch(/backups\/replaced-\d{8}T\d{6}Z$/);
    expect(await readFile(join(report.sideDir!, 'config', 'runbook.yaml'), 'utf8')).toContain('edited after');
    const config = report.steps.find((s) => s.step === 'restore_config')!;
    expect(config.files).toMatchObject({ replaced: ['config/runbook.yaml'], added: [] });
    // the unpacked copy is gone
    expect((await readdir(p.config.backup.dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses a corrupted archive before stopping anything, and changes nothing', async () => {
    const p = (project = await makeProject());
    const archive = await backupThenChange(p);
    const fh = await open(archive, 'r+');
    const { size } = await fh.stat();
    await fh.write(Buffer.from('garbage!'), 0, 8, Math.floor(size / 2));
    await fh.close();
    const { sup, calls } = fakeSupervisor(['backend']);
    const report = await restore(archive, { config: p.config, supervisor: sup, by: 'cli:test' });
    expect(report.ok).toBe(false);
    expect((report.error as { code?: string }).code).toBe('archive_corrupt');
    expect(report.steps.map((s) => s.status)).toEqual(['failed', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(calls).toEqual([]);
    expect(await readFile(runbook(p), 'utf8')).toContain('edited after');
    expect(lessons(p.app)).toEqual(['Photosynthesis', 'Written after the backup']);
  });

  it('refuses an archive whose content does not match its manifest (well-formed gzip, edited file)', async () => {
    const p = (project = await makeProject());
    const archive = await backupThenChange(p);
    const dir = join(p.root, 'tamper');
    await mkdir(dir);
    await tar.x({ file: archive, cwd: dir });
    // same size, one word changed: only the checksum can tell
    const yaml = join(dir, 'config', 'services.yaml');
    await writeFile(yaml, (await readFile(yaml, 'utf8')).replace('Test stack', 'Evil stack'));
    const tampered = join(p.root, 'tampered.tar.gz');
    await tar.c({ gzip: true, file: tampered, cwd: dir }, await readdir(dir));
    const { sup, calls } = fakeSupervisor(['backend']);
    const report = await restore(tampered, { config: p.config, supervisor: sup, by: 'cli:test' });
    expect(report.error?.message).toContain('config/services.yaml does not match its checksum');
    expect(calls).toEqual([]);
  });

  it('dry run: reports every step and what would change, stops nothing, writes nothing', async () => {
    const p = (project = await makeProject());
    const archive = await backupThenChange(p);
    const { sup, calls } = fakeSupervisor(['backend']);
    const report = await restore(archive, { config: p.config, supervisor: sup, by: 'cli:test', dryRun: true });
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => s.status)).toEqual(['done', 'planned', 'planned', 'planned', 'planned', 'planned']);
    expect(report.steps[1]!.services).toEqual(['backend']);
    expect(report.steps[2]!.files!.replaced).toEqual(['config/runbook.yaml']);
    expect(report.steps[3]!.files!.replaced).toEqual(expect.arrayContaining(['state/teachops.db']));
    expect(calls).toEqual([]);
    expect(await readFile(runbook(p), 'utf8')).toContain('edited after');
    expect(report.sideDir).toBeNull();
  });

  it('reports a start that fails after the restore', async () => {
    const p = (project = await makeProject());
    const archive = await backupThenChange(p);
    const { sup } = fakeSupervisor(['backend'], { failStart: true });
    const report = await restore(archive, { config: p.config, supervisor: sup, by: 'cli:test' });
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => `${s.step}:${s.status}`).slice(-2)).toEqual(['start:failed', 'health:skipped']);
    expect(await readFile(runbook(p), 'utf8')).toContain('original runbook');
  });

  it('puts back what it wrote when a later write fails, and starts the services again', async () => {
    const p = (project = await makeProject({ include: ['../data/*.db', '../data/notes.txt'] }));
    await writeFile(join(p.root, 'data', 'notes.txt'), 'notes\n');
    const archive = await backupThenChange(p);
    await writeFile(join(p.root, 'data', 'notes.txt'), 'notes edited after the backup\n');
    // notes.txt becomes a folder while the services stop (after the plan was checked): writing it back fails after
    // the config was already restored
    const { sup, calls } = fakeSupervisor(['backend'], {
      onStop: () => {
        rmSync(join(p.root, 'data', 'notes.txt'));
        mkdirSync(join(p.root, 'data', 'notes.txt', 'inside'), { recursive: true });
      },
    });
    const report = await restore(archive, { config: p.config, supervisor: sup, by: 'cli:test' });
    expect(report.ok).toBe(false);
    expect(report.rolledBack).toBe(true);
    expect(report.steps.map((s) => `${s.step}:${s.status}`)).toEqual([
      'verify:done', 'stop:done', 'restore_config:done', 'restore_data:failed', 'start:skipped', 'health:skipped',
    ]);
    expect(calls).toEqual(['stop all', 'start backend']);
    expect(await readFile(runbook(p), 'utf8')).toContain('edited after');
    expect(lessons(p.app)).toEqual(['Photosynthesis', 'Written after the backup']);
  });

  it('puts everything back and starts the services again when the restored config cannot be loaded', async () => {
    const p = (project = await makeProject());
    const archive = await backupThenChange(p);
    const { sup, calls } = fakeSupervisor(['backend']);
    const report = await restore(archive, {
      config: p.config,
      supervisor: sup,
      by: 'cli:test',
      restartWith: () => {
        throw new Error('services.yaml:3:1 invalid');
      },
    });
    expect(report.ok).toBe(false);
    expect(report.error?.message).toContain('invalid');
    expect(report.rolledBack).toBe(true);
    expect(report.steps.map((s) => `${s.step}:${s.status}`).slice(-2)).toEqual(['start:failed', 'health:skipped']);
    // the service that was running before the restore runs again, on the config it had
    expect(calls).toEqual(['stop all', 'start backend']);
    expect(sup.runtime()[0]!.state).toBe('running');
    expect(await readFile(runbook(p), 'utf8')).toContain('edited after');
    expect(lessons(p.app)).toEqual(['Photosynthesis', 'Written after the backup']);
  });

  it('names a missing archive', async () => {
    const p = (project = await makeProject());
    const { sup } = fakeSupervisor(['backend']);
    const report = await restore(join(p.root, 'nope.tar.gz'), { config: p.config, supervisor: sup, by: 'cli:test' });
    expect((report.error as { code?: string }).code).toBe('archive_not_found');
    expect(report.error?.message).toContain('nope.tar.gz');
  });
});
