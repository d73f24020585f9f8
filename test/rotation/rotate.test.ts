import { mkdtemp, readFile, readdir, rm, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rotateIfNeeded, createLogRotator } from '../../src/rotation/index.js';
import { tailAcrossRotation } from '../../src/probes/logs.js';
import { countLost, startWriter, type Writer } from './writer.js';
import { makeConfig } from './config.js';

let dir: string;
let writer: Writer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'teachops-rotate-'));
});
afterEach(async () => {
  if (writer && writer.child.exitCode === null) writer.child.kill('SIGKILL');
  writer = undefined;
  await rm(dir, { recursive: true, force: true });
});

/**
 * The documented bound (src/rotation/copy-truncate.ts, README "Log rotation"): a rotation loses only lines written
 * inside its truncate window (from the final read to the end of ftruncate, reported as `windowUs`). The writer's
 * instantaneous rate can exceed its average, hence the factor; +2 lines per rotation for lines straddling the edges.
 */
const WHOLE = /^\d+ x{40}$/;
const withinBound = (lost: number, windowsUs: number[], linesPerUs: number) =>
  lost <= windowsUs.reduce((a, w) => a + w * linesPerUs * 3 + 2, 0);

describe('rotateIfNeeded', () => {
  it('leaves a file under max_size alone', async () => {
    const file = join(dir, 'a.log');
    await writeFile(file, 'small\n');
    expect(await rotateIfNeeded(file, { maxSize: 1024, keep: 3 })).toEqual({ file, rotated: false, bytes: 0 });
    expect(await readdir(dir)).toEqual(['a.log']);
  });

  it('compresses to .1.gz, shifts older generations and keeps `keep` of them', async () => {
    const file = join(dir, 'a.log');
    for (let gen = 1; gen <= 4; gen++) {
      await writeFile(file, `generation ${gen}\n`.repeat(100));
      const r = await rotateIfNeeded(file, { maxSize: 100, keep: 3 });
      expect(r).toMatchObject({ rotated: true, archive: `${file}.1.gz` });
    }
    expect((await readdir(dir)).sort()).toEqual(['a.log', 'a.log.1.gz', 'a.log.2.gz', 'a.log.3.gz']);
    expect((await stat(file)).size).toBe(0);
    const first = async (n: number) => gunzipSync(await readFile(`${file}.${n}.gz`)).toString().split('\n')[0];
    expect([await first(1), await first(2), await first(3)]).toEqual(['generation 4', 'generation 3', 'generation 2']);
  });

  it('finishes a rotation interrupted before compression (a plain .1 left behind)', async () => {
    const file = join(dir, 'a.log');
    await writeFile(`${file}.1`, 'interrupted\n');
    await writeFile(file, 'current\n');
    await rotateIfNeeded(file, { maxSize: 1 << 20, keep: 3 });
    expect((await readdir(dir)).sort()).toEqual(['a.log', 'a.log.1.gz']);
    expect(gunzipSync(await readFile(`${file}.1.gz`)).toString()).toBe('interrupted\n');
  });

  it('under a service writing continuously: order kept, lines lost within the documented bound', async () => {
    const file = join(dir, 'svc.log');
    const started = performance.now();
    writer = startWriter(file, 1500);
    const collected: string[] = [];
    const windows: number[] = [];
    const torn: string[] = [];
    let rotations = 0;
    let running = true;
    void writer.done.then(() => (running = false));
    while (running) {
      const r = await rotateIfNeeded(file, { maxSize: 256 * 1024, keep: 2 });
      if (r.rotated) {
        rotations++;
        windows.push(r.windowUs!);
        const chunk = gunzipSync(await readFile(`${file}.1.gz`)).toString().split('\n');
        // A write in progress at the truncate can be kept only in part (its end is truncated): that line counts as
        // lost, and it can only be the last line of a rotated chunk.
        const whole = chunk.filter((l) => l === '' || WHOLE.test(l));
        torn.push(...chunk.filter((l, i) => !(l === '' || WHOLE.test(l)) && i !== chunk.length - 1 && !(i === chunk.length - 2 && chunk.at(-1) === '')));
        for (const l of whole) collected.push(l);
      } else await new Promise((res) => setTimeout(res, 2));
    }
    const written = await writer.done;
    const linesPerUs = written / ((performance.now() - started) * 1000);
    for (const l of (await readFile(file, 'utf8')).split('\n')) collected.push(l);
    const { lost, ordered } = countLost(collected, written);
    expect(rotations).toBeGreaterThanOrEqual(3); // several rotations under the writer (how many depends on the host's load)
    expect(ordered).toBe(true);
    expect(withinBound(lost, windows, linesPerUs), `${lost} lines lost in ${rotations} rotations, windows ${windows.map(Math.round).join(',')} µs`).toBe(true);
    expect(torn).toEqual([]);
    expect(collected.filter((l) => l !== '' && !WHOLE.test(l))).toEqual([]);
  });

  it('`teach logs` reads across a rotation (tailAcrossRotation finds the newest lines in .1.gz)', async () => {
    const file = join(dir, 'svc.log');
    await writeFile(file, Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') + '\n');
    await rotateIfNeeded(file, { maxSize: 10, keep: 5 });
    await writeFile(file, 'line 50\n', { flag: 'a' });
    expect(await tailAcrossRotation(file, 3)).toEqual(['line 48', 'line 49', 'line 50']);
  });
});

describe('createLogRotator', () => {
  it('rotates service logs, monitor.log and teachops.log past max_size, and never overlaps itself', async () => {
    const config = makeConfig(dir, ['backend', 'llm'], { max_size: 64, keep: 2 });
    for (const f of ['backend.log', 'llm.log', 'monitor.log', 'teachops.log']) await writeFile(join(dir, f), 'x'.repeat(f === 'llm.log' ? 10 : 100));
    const seen: string[] = [];
    const tick = createLogRotator(config, { onRotated: (r) => seen.push(r.file) });
    const [a, b] = await Promise.all([tick(), tick()]);
    expect(b).toEqual([]);
    expect(a!.map((r) => r.file).sort()).toEqual(['backend.log', 'monitor.log', 'teachops.log'].map((f) => join(dir, f)));
    expect(seen).toHaveLength(3);
  });
});
