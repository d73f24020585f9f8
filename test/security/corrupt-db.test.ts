/**
 * A damaged state database (issue 9): every command names the file, the problem and the way out; `teach doctor`
 * diagnoses it; `teach doctor --repair` keeps the damaged file, starts a clean one and adopts the running service
 * from its pid file; `teach backup` refuses to archive a database that fails its integrity check, so the last good
 * archive is kept.
 */
import Database from 'better-sqlite3';
import { existsSync, openSync, readdirSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoProject, pidOf, teach } from '../cli/helpers.js';
import type { TempProject } from '../support/temp-project.js';

function overwrite(file: string, at: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, at);
  closeSync(fd);
}

/** Everything in the main file (no WAL), then the store closed, so the damage is what SQLite reads next. */
function settle(p: TempProject): string {
  const file = join(p.logsDir, 'teachops.db');
  p.store.close();
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  db.close();
  return file;
}

describe('a damaged state database', () => {
  it('is named with the way out by every command, diagnosed by doctor, and repaired with the running service adopted', async () => {
    const p = await demoProject();
    expect(teach(p, ['start', 'backend']).code).toBe(0);
    const pid = pidOf(p, 'backend');
    const file = settle(p);
    overwrite(file, 0, Buffer.from('definitely not SQLite at all....'));

    for (const args of [['status'], ['alerts'], ['audit']]) {
      const r = teach(p, args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr).toContain(`the state database ${file} is damaged: file is not a database`);
      expect(r.stderr).toContain('teach doctor --repair');
    }

    const doctor = teach(p, ['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(`state: ${file} is damaged`);

    const repair = teach(p, ['doctor', '--repair']);
    expect(repair.stdout).toMatch(/Kept the damaged database as \S+teachops\.db\.broken-\d{8}T\d{6}Z; started a clean one/);
    expect(repair.stdout).toContain('Adopted from pid files (desired state: running): backend.');
    expect(repair.code, repair.stdout + repair.stderr).toBe(0);
    expect(readdirSync(p.logsDir).some((n) => n.startsWith('teachops.db.broken-'))).toBe(true);

    const status = JSON.parse(teach(p, ['status', 'backend', '--json']).stdout) as { services: { state: string; pid: number; desired: string }[] };
    expect(status.services[0]).toMatchObject({ state: 'running', pid, desired: 'running' });
    expect(teach(p, ['doctor', '--repair']).stdout).toContain('passes its integrity check; nothing to repair');
  });

  it('teach backup refuses a database that fails its integrity check and keeps the last good archive', async () => {
    const p = await demoProject({ raw: { backup: { dir: 'backups', keep: 1 } } });
    for (let i = 0; i < 200; i++) p.store.audit.record({ at: i, source: 'cli', actor: 't', channel: null, action: 'fill', args: { i, pad: 'x'.repeat(200) }, outcome: 'ok', detail: null, duration_ms: 0 });
    const first = teach(p, ['backup']);
    expect(first.code, first.stderr).toBe(0);
    const good = readdirSync(join(p.dir, 'backups')).filter((n) => n.endsWith('.tar.gz'));
    expect(good).toHaveLength(1);

    const file = settle(p);
    // The header stays valid (the database opens); pages in the middle are wrecked.
    const size = statSync(file).size;
    overwrite(file, 4096 * 3, Buffer.alloc(Math.min(8192, size - 4096 * 3), 0x5a));

    const r = teach(p, ['backup']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`the state database ${file} fails its integrity check`);
    expect(readdirSync(join(p.dir, 'backups')).filter((n) => n.endsWith('.tar.gz'))).toEqual(good);
    expect(existsSync(join(p.dir, 'backups', good[0]!))).toBe(true);
  });
});
