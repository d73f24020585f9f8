/**
 * Making files read-only for a process that already has them open: `chattr +i` (root, and a filesystem that checks
 * the flag on every write, like ext4; tmpfs accepts the flag but keeps writing). chmod would not do: root ignores
 * modes and an open descriptor keeps its access. Probed once on the temp folder, so a test that cannot make a file
 * read-only this way is skipped, and says why, instead of passing without trying.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function chattr(flag: '+i' | '-i', files: string[]): void {
  const r = spawnSync('chattr', [flag, ...files], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`chattr ${flag} ${files.join(' ')}: ${r.stderr || r.error?.message}`);
}

export const immutableUnavailable: string | undefined = (() => {
  if (process.getuid?.() !== 0) return 'not running as root (chattr +i needs it)';
  const dir = mkdtempSync(join(tmpdir(), 'teachops-chattr-probe-'));
  const file = join(dir, 'probe');
  const fd = openSync(file, 'a');
  try {
    chattr('+i', [file]);
    try {
      writeSync(fd, 'x');
      return `chattr +i does not stop writes to an open file on ${tmpdir()}`;
    } catch {
      return undefined;
    } finally {
      chattr('-i', [file]);
    }
  } catch (e) {
    return (e as Error).message;
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
})();
