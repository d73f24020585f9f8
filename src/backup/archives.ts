/**
 * Archive names and retention. Names carry the UTC time (`teachops-backup-20260105T030000Z.tar.gz`), so sorting by
 * name is sorting by age and nothing depends on mtimes (which a copy or a restore from elsewhere changes).
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

const NAME = /^teachops-backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-(\d+))?\.tar\.gz$/;

export interface ArchiveInfo {
  name: string;
  file: string;
  bytes: number;
  /** epoch ms, from the name */
  createdAt: number;
}

export function archiveName(now: number, seq = 0): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `teachops-backup-${stamp}${seq ? `-${seq}` : ''}.tar.gz`;
}

export function parseArchiveName(name: string): number | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** Oldest first. Files that are not teachops archives (a partial write, a side folder) are ignored. */
export async function listBackups(dir: string): Promise<ArchiveInfo[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: ArchiveInfo[] = [];
  for (const name of names) {
    const createdAt = parseArchiveName(name);
    if (createdAt === undefined) continue;
    const st = await stat(join(dir, name)).catch(() => undefined);
    if (st?.isFile()) out.push({ name, file: join(dir, name), bytes: st.size, createdAt });
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || seqOf(a.name) - seqOf(b.name));
}

/** Removes the oldest archives so that `keep` remain; returns the names removed. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const all = await listBackups(dir);
  const excess = all.slice(0, Math.max(0, all.length - keep));
  for (const a of excess) await rm(a.file, { force: true });
  return excess.map((a) => a.name);
}

function seqOf(name: string): number {
  return Number(NAME.exec(name)?.[7] ?? 0);
}
