/** A temp project for backup tests: config folder, logs, a live state database and an included app database. */
import Database from 'better-sqlite3';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { openStore, type Store } from '../../src/store/index.js';

export interface Project {
  root: string;
  config: Config;
  store: Store;
  /** a connection held open on data/app.db, as the backend service would */
  app: Database.Database;
}

export async function makeProject(opts: { keep?: number; include?: string[] } = {}): Promise<Project> {
  const root = await mkdtemp(join(tmpdir(), 'teachops-backup-'));
  await mkdir(join(root, 'config'));
  await mkdir(join(root, 'logs', 'pids'), { recursive: true });
  await mkdir(join(root, 'data'));
  const include = JSON.stringify(opts.include ?? ['../data/*.db']);
  await writeFile(
    join(root, 'config', 'services.yaml'),
    `name: Test stack\nlogs_dir: ../logs\nservices:\n  backend:\n    command: node -e "setInterval(()=>{},1000)"\nbackup: { dir: ../backups, keep: ${opts.keep ?? 7}, include: ${include} }\n`,
  );
  await writeFile(join(root, 'config', 'runbook.yaml'), 'phases: []\n# original runbook\n');
  await writeFile(join(root, 'logs', 'backend.log'), 'backend started\nGET / 200\n');
  await writeFile(join(root, 'logs', 'pids', 'backend.pid'), '{"pid": 1}');
  const config = loadConfig({ file: join(root, 'config', 'services.yaml'), env: {} });
  const store = openStore(config.logs_dir);
  store.desired.set('backend', 'running', 'cli:test');
  const app = new Database(join(root, 'data', 'app.db'));
  app.pragma('journal_mode = WAL');
  // Keep the WAL from being checkpointed, so the rows live only in app.db-wal: a file copy would miss them.
  app.pragma('wal_autocheckpoint = 0');
  app.exec('CREATE TABLE lessons (id INTEGER PRIMARY KEY, title TEXT)');
  app.prepare('INSERT INTO lessons (title) VALUES (?)').run('Fractions');
  app.prepare('INSERT INTO lessons (title) VALUES (?)').run('Photosynthesis');
  return { root, config, store, app };
}

export function lessons(db: Database.Database): string[] {
  return (db.prepare('SELECT title FROM lessons ORDER BY id').all() as { title: string }[]).map((r) => r.title);
}
