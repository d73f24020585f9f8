/**
 * Moving a log's generations along (see src/util/log-generations.ts for the names). The renames here are synchronous
 * on purpose: a handful of them take microseconds, and being synchronous makes each step atomic with respect to the
 * compression running beside it in the same process, which finds its generation by inode.
 * Deleting is not: unlinking a 100 MB file took 110 ms here (ext4 mounted with `discard`), so a file to delete is
 * first renamed out of the way (`<log>.drop-<id>.tmp`, instant, never onto an existing name) and unlinked in the
 * background by `discardLater`. rename() and unlink() act on a name, never on what a symlink points to, so a link
 * planted among the generations is moved along and finally removed like any other entry, its target never touched.
 */
import { renameSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dropPath, generationPath, listGenerations, listTemps } from '../util/log-generations.js';
import { lstatOrUndefined } from '../util/safe-fs.js';

export interface Shifted {
  /** generations removed because they fell beyond `keep` before they were compressed */
  droppedPlain: string[];
  /** renamed out of the way; hand to discardLater */
  trash: string[];
}

/** Renames `path` to a fresh drop name (instant) and returns that name, for discardLater. */
export function moveToTrash(file: string, path: string): string {
  const trash = dropPath(file);
  renameSync(path, trash);
  return trash;
}

/** Unlinks in the thread pool, off the event loop; never rejects (a leftover is removed at the next start). */
export function discardLater(paths: readonly string[]): Promise<void> {
  return Promise.allSettled(paths.map((p) => rm(p, { force: true }))).then(() => undefined);
}

/**
 * Makes `newest` (a finished copy) generation 1: moves what would fall beyond `keep` to the trash, renames
 * N -> N+1 from the oldest down, then `newest` -> `<log>.1`. No rename lands on an existing name.
 */
export function adoptAsNewest(file: string, newest: string, keep: number): Shifted {
  const droppedPlain: string[] = [];
  const trash: string[] = [];
  const gens = listGenerations(file);
  for (const g of gens.filter((x) => x.n >= keep)) {
    // A plain one whose `.gz` twin also exists is not a loss: the twin has the same lines.
    if (!g.gz && !gens.some((x) => x.n === g.n && x.gz)) droppedPlain.push(g.path);
    trash.push(moveToTrash(file, g.path));
  }
  for (const g of gens.filter((x) => x.n < keep).reverse()) renameSync(g.path, generationPath(file, g.n + 1, g.gz));
  renameSync(newest, generationPath(file, 1, false));
  return { droppedPlain, trash };
}

/**
 * After a crash: a copy temp may hold lines already truncated from the live file (a crash between the truncate and
 * the rename), so it becomes the newest generation (at worst its lines also remain in the live file: twice, never
 * lost); a compression temp is incomplete (its plain generation is still there) and a drop was on its way out:
 * both are removed.
 */
export function recoverTemps(file: string, keep: number): { adopted: string[]; trash: string[] } {
  const { copies, gz, drops } = listTemps(file);
  const adopted: string[] = [];
  const trash = [...gz, ...drops];
  for (const c of copies) {
    // Only a regular file can be our copy; anything else under that name was planted: remove the name itself.
    if (lstatOrUndefined(c)?.isFile()) {
      trash.push(...adoptAsNewest(file, c, keep).trash);
      adopted.push(c);
    } else trash.push(c);
  }
  return { adopted, trash };
}
