/**
 * Another connection holding the state database's write lock (test/fixtures/lock-db.mjs in its own process, in
 * BEGIN EXCLUSIVE): resolves once the lock is held; `released` resolves when the holder has exited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fixtureCommand } from './temp-project.js';

// Through the repository root, so the benchmarks (built into dist/) find the fixture too.
const [NODE, LOCKER] = fixtureCommand('lock-db') as [string, string];

export function lockDb(file: string, ms: number): Promise<{ child: ChildProcess; released: Promise<void> }> {
  const child = spawn(NODE, [LOCKER, file, String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
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
