/**
 * Reading one entry of a process's environment from /proc/<pid>/environ: the environment its program was exec'd
 * with (a later setenv inside the process does not show; an exec with a new environment does). Readable for the
 * process's own user and root only, which is what makes an inherited variable usable as an ownership mark: another
 * user can neither read ours nor plant one in a process of someone else.
 */
import { readFileSync } from 'node:fs';

/**
 * true / false when the environment was read; undefined when it could not be (gone, or not ours to read).
 * `entry` is a whole `NAME=value` pair: a longer value with the same prefix does not match.
 */
export function environHas(pid: number, entry: string): boolean | undefined {
  let env: Buffer;
  try {
    env = readFileSync(`/proc/${pid}/environ`);
  } catch {
    return undefined;
  }
  const needle = Buffer.from(`${entry}\0`);
  for (let at = env.indexOf(needle); at !== -1; at = env.indexOf(needle, at + 1)) {
    if (at === 0 || env[at - 1] === 0) return true;
  }
  return false;
}
