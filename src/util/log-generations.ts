/**
 * The names of a log's rotated generations, shared by rotation (which writes them) and every reader.
 * Generation N (1 = newest) is `<log>.N` while it waits to be compressed and `<log>.N.gz` once compressed; both can
 * exist for a moment (a crash between the compression's rename and the unlink), and then they hold the same lines.
 * Temp files carry a random part, so a name planted in advance (`<log>.1.gz.tmp` as a symlink) is never used.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { lstatOrUndefined } from './safe-fs.js';

export interface Generation {
  n: number;
  gz: boolean;
  path: string;
}

export const generationPath = (file: string, n: number, gz: boolean): string => `${file}.${n}${gz ? '.gz' : ''}`;

const id = () => randomBytes(6).toString('hex');
/** where a copy-then-truncate writes before the copy becomes generation 1 */
export const copyTempPath = (file: string): string => `${file}.rotating-${id()}.tmp`;
/** where a generation is compressed before it is renamed to `<log>.N.gz` */
export const gzTempPath = (file: string): string => `${file}.gz-${id()}.tmp`;
/** where a file to delete is moved first: unlinking a large file can take 100s of ms (ext4 with `discard`) */
export const dropPath = (file: string): string => `${file}.drop-${id()}.tmp`;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every generation of `file` present in its folder, newest first (a plain one before its `.gz` twin). */
export function listGenerations(file: string): Generation[] {
  const re = new RegExp(`^${escape(basename(file))}\\.(\\d+)(\\.gz)?$`);
  const out: Generation[] = [];
  for (const name of readdirOrEmpty(dirname(file))) {
    const m = re.exec(name);
    if (m) out.push({ n: Number(m[1]), gz: m[2] !== undefined, path: join(dirname(file), name) });
  }
  return out.sort((a, b) => a.n - b.n || Number(a.gz) - Number(b.gz));
}

/** Temp files a rotation left behind (a crash mid-copy, mid-compression or before a deletion finished). */
export function listTemps(file: string): { copies: string[]; gz: string[]; drops: string[] } {
  const names = readdirOrEmpty(dirname(file));
  const matching = (kind: string) => {
    const re = new RegExp(`^${escape(basename(file))}\\.${kind}-[0-9a-f]+\\.tmp$`);
    return names.filter((n) => re.test(n)).map((n) => join(dirname(file), n));
  };
  return { copies: matching('rotating'), gz: matching('gz'), drops: matching('drop') };
}

/**
 * Generation `n` as a reader should open it: the plain file while it exists (it is the one being compressed, or a
 * leftover twin), else the `.gz`. lstat only: whether it is safe to open is decided by the O_NOFOLLOW open.
 */
export function findGeneration(file: string, n: number): Generation | undefined {
  for (const gz of [false, true]) {
    const path = generationPath(file, n, gz);
    if (lstatOrUndefined(path)) return { n, gz, path };
  }
  return undefined;
}

function readdirOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
