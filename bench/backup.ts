/**
 * Backup of a 200 MB logs folder (three service logs of realistic, varied lines, a monitor.log and a live state
 * database): time of `createBackup` and the archive size, then the time to verify the archive (restore's first step).
 */
import { mkdir, mkdtemp, rm, writeFile, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackup, extractAndVerify } from '../src/backup/index.js';
import { loadConfig } from '../src/config/load.js';
import { openStore } from '../src/store/index.js';
import { formatBytes } from '../src/config/units.js';
import { median, percentile } from './stats.js';
import type { BenchResult } from './types.js';

const TOTAL = 200 * 1024 * 1024;
const RUNS = 3;

async function writeLog(file: string, bytes: number, seed: number): Promise<void> {
  const fh = await open(file, 'w');
  const paths = ['/api/lessons', '/api/quiz/submit', '/api/chat', '/health', '/static/app.js'];
  const levels = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARNING', 'ERROR'];
  let written = 0;
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x);
  let t = Date.UTC(2026, 0, 5);
  while (written < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      t += rnd() % 50;
      const lvl = levels[rnd() % levels.length]!;
      lines.push(`${new Date(t).toISOString()} ${lvl} req=${rnd().toString(16)} user=${rnd() % 5000} ${paths[rnd() % paths.length]} ${200 + (rnd() % 4) * 100} ${rnd() % 900}ms`);
    }
    const chunk = lines.join('\n') + '\n';
    await fh.write(chunk);
    written += Buffer.byteLength(chunk);
  }
  await fh.close();
}

export async function run(): Promise<BenchResult[]> {
  const root = await mkdtemp(join(tmpdir(), 'teachops-bench-backup-'));
  try {
    await mkdir(join(root, 'config'));
    await mkdir(join(root, 'logs'));
    await writeFile(join(root, 'config', 'services.yaml'), 'logs_dir: ../logs\nbackup: { dir: ../backups, keep: 2 }\n');
    const names = ['backend', 'llm', 'frontend'];
    for (const [i, s] of names.entries()) await writeLog(join(root, 'logs', `${s}.log`), (TOTAL - 8 * 1024 * 1024) / names.length, i + 1);
    await writeLog(join(root, 'logs', 'monitor.log'), 8 * 1024 * 1024, 7);
    const config = loadConfig({ file: join(root, 'config', 'services.yaml'), env: {} });
    const store = openStore(config.logs_dir);
    for (let i = 0; i < 5000; i++) store.desired.set(`svc${i % 50}`, i % 2 ? 'running' : 'stopped', 'bench');
    const times: number[] = [];
    let bytes = 0;
    let archive = '';
    for (let i = 0; i < RUNS; i++) {
      const r = await createBackup(config);
      if (!r.ok) throw r.error;
      times.push(r.ms / 1000);
      bytes = r.bytes;
      archive = r.archive;
      // distinct names without waiting a second: remove the archive (retention is not what is measured)
      if (i < RUNS - 1) await rm(r.archive);
    }
    store.close();
    const t0 = performance.now();
    const v = await extractAndVerify(archive, config.backup.dir);
    const verifyS = (performance.now() - t0) / 1000;
    await rm(v.dir, { recursive: true, force: true });
    const mb = bytes / 1024 / 1024;
    return [
      { name: 'backup of a 200 MB logs folder', unit: 's', median: median(times), p99: percentile(times, 99), n: RUNS, note: 'createBackup: stage (copy + SQLite online backup), SHA-256 manifest, tar.gz (zlib default level)' },
      { name: 'archive size for a 200 MB logs folder', unit: 'MB', median: mb, p99: mb, n: 1, note: `${formatBytes(bytes)}, ${((TOTAL / bytes) || 0).toFixed(1)}x smaller than the input` },
      { name: 'verify that archive (restore step 1)', unit: 's', median: verifyS, p99: verifyS, n: 1, note: 'unpack + check every checksum' },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
