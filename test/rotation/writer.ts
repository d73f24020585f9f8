/**
 * A service that logs as fast as it can: a separate node process appending numbered lines through its own
 * O_APPEND descriptor (one write per line, like an unbuffered logger), exactly what a supervised service holds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

const SCRIPT = `
const fs = require('node:fs');
const fd = fs.openSync(process.argv[1], 'a');
const end = Date.now() + Number(process.argv[2]);
const pad = 'x'.repeat(40);
let i = 0;
while (Date.now() < end) {
  for (let k = 0; k < 500; k++, i++) fs.writeSync(fd, i + ' ' + pad + '\\n');
}
process.stdout.write(String(i));
`;

export interface Writer {
  child: ChildProcess;
  /** resolves with the number of lines written once the writer has finished */
  done: Promise<number>;
}

export function startWriter(file: string, ms: number): Writer {
  const child = spawn(process.execPath, ['-e', SCRIPT, file, String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const done = once(child, 'exit').then(() => Number(out));
  return { child, done };
}

/** Checks a stream of lines `<seq> ...`: sequence numbers strictly increasing; returns how many are missing. */
export function countLost(lines: string[], written: number): { lost: number; ordered: boolean; seen: number } {
  let prev = -1;
  let ordered = true;
  let seen = 0;
  for (const l of lines) {
    if (l === '') continue;
    const n = Number(l.slice(0, l.indexOf(' ')));
    if (!(n > prev)) ordered = false;
    prev = n;
    seen++;
  }
  return { lost: written - seen, ordered, seen };
}
