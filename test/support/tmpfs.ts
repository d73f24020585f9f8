/**
 * A small tmpfs mounted for a test (a filesystem the test can fill up), when the test runs as root and the kernel
 * lets it mount; otherwise the reason it cannot, so the test is skipped visibly instead of passing without trying.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tmpfs {
  dir: string;
  unmount(): void;
}

export function mountTmpfs(dir: string, size = '8m'): Tmpfs {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mount -t tmpfs ${dir}: ${r.stderr || r.error?.message}`);
  let mounted = true;
  return {
    dir,
    unmount() {
      if (!mounted) return;
      mounted = false;
      // -l: a process of the test that still has a file open there must not leave the mount behind.
      spawnSync('umount', ['-l', dir]);
    },
  };
}

/** Why a tmpfs cannot be mounted here, or undefined when it can (tried once: mount and unmount a probe). */
export const tmpfsUnavailable: string | undefined = (() => {
  if (process.getuid?.() !== 0) return 'not running as root (mount -t tmpfs needs it)';
  const probe = mkdtempSync(join(tmpdir(), 'teachops-tmpfs-probe-'));
  try {
    mountTmpfs(probe, '1m').unmount();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    rmdirSync(probe);
  }
})();
