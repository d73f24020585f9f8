/** The bodies of `teach backup` and `teach backup list` (registered in backup.ts, loaded when one runs). */
import { basename } from 'node:path';
import type { CliContext } from '../context.js';
import { runBackupNow } from '../../ops/backup.js';
import { formatBytes, formatDuration } from '../../config/units.js';

export async function runBackup(ctx: CliContext, opts: { json?: boolean }): Promise<void> {
  const config = ctx.config();
  const r = await runBackupNow(ctx.ops(), ctx.actor());
  if (!r.ok) throw r.error;
  if (opts.json) {
    ctx.io.out(JSON.stringify({ archive: r.archive, bytes: r.bytes, files: r.files, ms: Math.round(r.ms), removed: r.removed }, null, 2));
    return;
  }
  ctx.io.out(ctx.tr('backup.created', { archive: r.archive, size: formatBytes(r.bytes), files: r.files, duration: formatDuration(r.ms) }));
  if (r.removed.length > 0) ctx.io.out(ctx.tr('backup.pruned', { keep: config.backup.keep, names: r.removed.join(', ') }));
}

export async function runBackupList(ctx: CliContext, opts: { json?: boolean }): Promise<void> {
  const { listBackups } = await import('../../backup/index.js');
  const { dir, keep } = ctx.config().backup;
  const list = await listBackups(dir);
  if (opts.json) {
    ctx.io.out(JSON.stringify(list.map((a) => ({ name: a.name, file: a.file, bytes: a.bytes, created_at: new Date(a.createdAt).toISOString() })), null, 2));
    return;
  }
  if (list.length === 0) {
    ctx.io.out(ctx.tr('backup.list_empty', { dir }));
    return;
  }
  ctx.io.out(ctx.tr('backup.list_header', { dir, keep }));
  for (const a of list) ctx.io.out(ctx.tr('backup.list_row', { name: basename(a.file), size: formatBytes(a.bytes), created: new Date(a.createdAt).toISOString() }));
}
