/**
 * Moving a log's generations along (see src/util/log-generations.ts for the names). Everything here is synchronous
 * on purpose: it is a handful of renames and unlinks (microseconds), and being synchronous makes each step atomic
 * with respect to the compression running beside it in the same process, which finds its generation by inode.
 * rename() and unlink() act on a name, never on what a symlink points to, so a link planted among the generations
 * is moved along and finally removed like any other entry, and its target is never touched.
 */
import { renameSync, rmSync } from 'node:fs';
import { generationPath, listGenerations, listTemps } from '../util/log-generations.js';
import { lstatOrUndefined } from '../util/safe-fs.js';

export interface Shifted {
  /** generations removed because they fell beyond `keep` before they were compressed */
  droppedPlain: string[];
}

/**
 * Makes `newest` (a finished copy) generation 1: removes what would fall beyond `keep`, renames N -> N+1 from the
 * oldest down, then `newest` -> `<log>.1`.
 */
export function adoptAsNewest(file: string, newest: string, keep: number): Shifted {
  const droppedPlain: string[] = [];
  const gens = listGenerations(file);
  for (const g of gens.filter((x) => x.n >= keep)) {
    // A plain one at n >= keep whose `.gz` twin also exists is not a loss: the twin has the same lines.
    if (!g.gz && !gens.some((x) => x.n === g.n && x.gz)) droppedPlain.push(g.path);
    rmSync(g.path, { force: true });
  }
  for (const g of gens.filter((x) => x.n < keep).reverse()) renameSync(g.path, generationPath(file, g.n + 1, g.gz));
  renameSync(newest, generationPath(file, 1, false));
  return { droppedPlain };
}

/**
 * After a crash: a copy temp may hold lines already truncated from the live file (a crash between the truncate and
 * the rename), so it becomes the newest generation (at worst its lines also remain in the live file: twice, never
 * lost); a compression temp is incomplete and is removed (its plain generation is still there).
 */
export function recoverTemps(file: string, keep: number): { adopted: string[]; removed: string[] } {
  const { copies, gz } = listTemps(file);
  for (const t of gz) rmSync(t, { force: true });
  const adopted: string[] = [];
  const removed = [...gz];
  for (const c of copies) {
    // Only a regular file can be our copy; anything else under that name was planted: remove the name itself.
    if (lstatOrUndefined(c)?.isFile()) {
      adoptAsNewest(file, c, keep);
      adopted.push(c);
    } else {
      rmSync(c, { force: true });
      removed.push(c);
    }
  }
  return { adopted, removed };
}
