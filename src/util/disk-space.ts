/**
 * Free space of the file system holding a folder, and its mount point, read with one statfs (cheap enough for
 * every monitor round): what the logs_disk alert and the state database's diagnosis say.
 */
import { readFileSync, realpathSync, statfsSync } from 'node:fs';

export interface FolderSpace {
  mount: string;
  /** bytes an unprivileged writer can still use (like df's "Avail") */
  freeBytes: number;
  totalBytes: number;
}

export function spaceOf(dir: string): FolderSpace | undefined {
  try {
    const s = statfsSync(dir);
    return { mount: mountOf(dir), freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return undefined;
  }
}

/** The mount point holding `dir` (the longest mount path it is under), for "no space left on /srv/logs". */
export function mountOf(dir: string): string {
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {
    // a folder that is gone: the longest mount above its name
  }
  let best = '/';
  try {
    for (const line of readFileSync('/proc/self/mounts', 'utf8').split('\n')) {
      const mount = (line.split(' ')[1] ?? '').replace(/\\040/g, ' ');
      const under = real === mount || real.startsWith(mount.endsWith('/') ? mount : `${mount}/`);
      if (under && mount.length > best.length) best = mount;
    }
  } catch {
    return real;
  }
  return best;
}
