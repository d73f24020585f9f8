/**
 * Everything teachops creates that holds private data is owner-only from its first byte, whatever the umask: the
 * state database (+ -wal/-shm), reports and their folder, postmortems and their folder, archives and the backup
 * folder. A reports folder that is a symlink is refused and its target never written. `teach doctor` reports links
 * and loose modes under logs_dir.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CLI, cleanEnv, demoProject, type CliResult } from '../cli/helpers.js';
import { repoRoot, type TempProject } from '../support/temp-project.js';
import { writePostmortem } from '../../src/incidents/postmortem.js';
import type { Incident } from '../../src/incidents/types.js';

/** `teach` with the given umask (set by the shell that execs node), against the project's config. */
function teachWithUmask(p: TempProject, umask: string, args: string[]): CliResult {
  const r = spawnSync('sh', ['-c', `umask ${umask} && exec "$@"`, 'sh', process.execPath, CLI, ...args, '--config', p.config.file], { cwd: p.dir, env: cleanEnv(), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8).padStart(3, '0');

async function freshProject(): Promise<TempProject> {
  const p = await demoProject({ raw: { runbook: join(repoRoot, 'config', 'runbook.yaml'), backup: { dir: 'backups' } } });
  // The test process opened the store with its own umask: start from no database at all.
  p.store.close();
  for (const n of readdirSync(p.logsDir)) if (n.startsWith('teachops.db')) rmSync(join(p.logsDir, n));
  return p;
}

describe('file modes of everything teachops creates', () => {
  for (const umask of ['022', '000']) {
    it(`with umask ${umask}: database, reports, postmortems, archives are owner-only`, async () => {
      const p = await freshProject();
      expect(teachWithUmask(p, umask, ['status']).code).not.toBeNull();
      const report = teachWithUmask(p, umask, ['monitor', 'report']);
      expect(report.code, report.stderr).toBe(0);
      // Postmortems are written when an incident is resolved (from Slack): the same writer, in this process.
      const old = process.umask(Number.parseInt(umask, 8));
      try {
        writePostmortem(join(p.logsDir, 'incidents'), { id: 1 } as Incident, '# postmortem\n');
      } finally {
        process.umask(old);
      }
      const backup = teachWithUmask(p, umask, ['backup']);
      expect(backup.code, backup.stderr).toBe(0);

      const db = join(p.logsDir, 'teachops.db');
      const found: Record<string, string> = { db: mode(db) };
      for (const side of ['-wal', '-shm']) if (existsSync(db + side)) found[side] = mode(db + side);
      const reports = join(p.logsDir, 'reports');
      found.reports = mode(reports);
      found.report = mode(join(reports, readdirSync(reports)[0]!));
      const incidents = join(p.logsDir, 'incidents');
      found.incidents = mode(incidents);
      found.postmortem = mode(join(incidents, '1.md'));
      const backups = join(p.dir, 'backups');
      found.backups = mode(backups);
      found.archive = mode(join(backups, readdirSync(backups).find((n) => n.endsWith('.tar.gz'))!));
      const expected: Record<string, string> = { db: '600', reports: '700', report: '600', incidents: '700', postmortem: '600', backups: '700', archive: '600' };
      for (const side of ['-wal', '-shm']) if (side in found) expected[side] = '600';
      expect(found).toEqual(expected);
    });
  }

  it('refuses a reports folder that is a symlink, writes nothing through it, and doctor names it', async () => {
    const p = await demoProject();
    const elsewhere = mkdtempSync(join(tmpdir(), 'teachops-elsewhere-'));
    onTestFinished(() => rmSync(elsewhere, { recursive: true, force: true }));
    symlinkSync(elsewhere, join(p.logsDir, 'reports'));
    const r = teachWithUmask(p, '022', ['monitor', 'report']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${join(p.logsDir, 'reports')} is a symbolic link`);
    expect(readdirSync(elsewhere)).toEqual([]);

    writeFileSync(join(p.logsDir, 'backend.log'), 'x\n');
    chmodSync(join(p.logsDir, 'backend.log'), 0o666);
    mkdirSync(join(p.logsDir, 'incidents'), { mode: 0o755 });
    chmodSync(join(p.logsDir, 'incidents'), 0o755);
    const doctor = teachWithUmask(p, '022', ['doctor']);
    expect(doctor.stdout).toContain(`${join(p.logsDir, 'reports')} is a symbolic link (to ${elsewhere})`);
    expect(doctor.stdout).toContain(`${join(p.logsDir, 'backend.log')} has mode 666; expected at most 644`);
    expect(doctor.stdout).toContain(`${join(p.logsDir, 'incidents')} has mode 755; expected at most 700`);
    expect(doctor.code).toBe(1);
  });
});
