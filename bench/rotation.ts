/**
 * Log rotation under a fast writer. A separate node process appends numbered lines through its own O_APPEND
 * descriptor (one write(2) per line, as fast as it can: far faster than any real service). We measure:
 *  - its throughput into a plain file, and while being rotated every 1 MB (copy-then-truncate, gzip),
 *  - lines lost per rotation (sequence gaps at each rotation boundary, a line kept only in part counted as lost),
 *  - the truncate window (from the final read to the end of ftruncate), which bounds where loss can happen.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { rotateIfNeeded } from '../src/rotation/index.js';
import { median, percentile } from './stats.js';
import type { BenchResult } from './types.js';

const RUN_MS = 2000;
const RUNS = 3;
const MAX_SIZE = 1024 * 1024;
const WHOLE = /^\d+ x{40}$/;

const WRITER = `
const fs = require('node:fs');
const fd = fs.openSync(process.argv[1], 'a');
const end = Date.now() + Number(process.argv[2]);
const pad = 'x'.repeat(40);
let i = 0;
while (Date.now() < end) for (let k = 0; k < 500; k++, i++) fs.writeSync(fd, i + ' ' + pad + '\\n');
process.stdout.write(String(i));
`;

function startWriter(file: string): { done: Promise<number> } {
  const child = spawn(process.execPath, ['-e', WRITER, file, String(RUN_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return { done: once(child, 'exit').then(() => Number(out)) };
}

interface RotatedRun {
  linesPerSec: number;
  lostPerRotation: number[];
  windowsUs: number[];
}

async function plainRun(dir: string): Promise<number> {
  const w = startWriter(join(dir, 'plain.log'));
  return (await w.done) / (RUN_MS / 1000);
}

async function rotatedRun(dir: string): Promise<RotatedRun> {
  const file = join(dir, 'svc.log');
  const w = startWriter(file);
  let running = true;
  void w.done.then(() => (running = false));
  const chunks: string[][] = [];
  const windowsUs: number[] = [];
  while (running) {
    const r = await rotateIfNeeded(file, { maxSize: MAX_SIZE, keep: 2 });
    if (!r.rotated) {
      await new Promise((res) => setTimeout(res, 1));
      continue;
    }
    windowsUs.push(r.windowUs ?? 0);
    chunks.push(gunzipSync(await readFile(`${file}.1.gz`)).toString().split('\n'));
  }
  const written = await w.done;
  chunks.push((await readFile(file, 'utf8')).split('\n'));
  // Loss at boundary i: sequence numbers missing between the last whole line of chunk i and the first of chunk i+1.
  const lostPerRotation: number[] = [];
  let seen = 0;
  for (let i = 0; i < chunks.length; i++) {
    const seqs = chunks[i]!.filter((l) => WHOLE.test(l)).map((l) => Number(l.slice(0, l.indexOf(' '))));
    seen += seqs.length;
    if (i + 1 < chunks.length) {
      const next = chunks[i + 1]!.find((l) => WHOLE.test(l));
      if (next !== undefined) lostPerRotation.push(Number(next.slice(0, next.indexOf(' '))) - (seqs.at(-1) ?? -1) - 1);
    }
  }
  if (seen + lostPerRotation.reduce((a, b) => a + b, 0) > written) throw new Error('line accounting does not add up');
  return { linesPerSec: written / (RUN_MS / 1000), lostPerRotation, windowsUs };
}

export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'teachops-bench-rotation-'));
  try {
    const plain: number[] = [];
    const rotated: RotatedRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      plain.push(await plainRun(dir));
      await rm(join(dir, 'plain.log'), { force: true });
      rotated.push(await rotatedRun(dir));
      for (const f of ['svc.log', 'svc.log.1.gz', 'svc.log.2.gz']) await rm(join(dir, f), { force: true });
    }
    const lost = rotated.flatMap((r) => r.lostPerRotation);
    const windows = rotated.flatMap((r) => r.windowsUs);
    const rates = rotated.map((r) => r.linesPerSec);
    const fmt = (n: number) => Math.round(n).toLocaleString('en');
    return [
      { name: 'writer throughput, plain file', unit: 'lines/s', median: median(plain), p99: percentile(plain, 99), n: RUNS, note: `${RUN_MS} ms runs, one write(2) per 47-byte line` },
      {
        name: 'writer throughput, rotated every 1 MB',
        unit: 'lines/s',
        median: median(rates),
        p99: percentile(rates, 99),
        n: RUNS,
        note: `${fmt(median(rates) / median(plain) * 100)} % of plain; ${lost.length} rotations in ${RUNS} runs`,
      },
      {
        name: 'lines lost per rotation (saturating writer)',
        unit: 'lines',
        median: median(lost),
        p99: percentile(lost, 99),
        n: lost.length,
        note: `max ${Math.max(...lost)}; ${lost.filter((l) => l === 0).length} of ${lost.length} rotations lost nothing; total ${lost.reduce((a, b) => a + b, 0)} of ${fmt(rates.reduce((a, b) => a + b, 0) * (RUN_MS / 1000))} lines`,
      },
      { name: 'truncate window (final read + ftruncate)', unit: 'µs', median: median(windows), p99: percentile(windows, 99), n: windows.length, note: `max ${Math.round(Math.max(...windows))} µs; loss can only happen inside it` },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
