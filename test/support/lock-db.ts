/**
 * Another connection holding the state database's write lock (test/fixtures/lock-db.mjs in its own process, in
 * BEGIN EXCLUSIVE): resolves once the lock is held; `released` resolves when the holder has exited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LOCKER = fileURLToPath(new URL('../fixtures/lock-db.mjs', import.meta.url));

export function lockDb(file: string, ms: number): Promise<{ child: ChildProcess; released: Promise<void> }> {
  const child = spawn(process.execPath, [LOCKER, file, String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const released = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('locked')) resolve({ child, released });
    });
    child.once('exit', (code) => (out.includes('locked') ? undefined : reject(new Error(`the locker exited (${code})`))));
  });
}
