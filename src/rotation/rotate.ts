/**
 * Size-based rotation of one log file: `<file>` -> `<file>.1.gz` -> `<file>.2.gz` ... up to `keep`, without
 * restarting the writer (copy-then-truncate, see copy-truncate.ts). While the copy is compressed it sits at
 * `<file>.1` (plain), which is where readers (src/probes/logs.ts tailAcrossRotation) look first, so `teach logs`
 * reads across a rotation at every moment.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { copyThenTruncate } from './copy-truncate.js';

export interface RotateOptions {
  /** bytes; a file smaller than this is left alone */
  maxSize: number;
  /** compressed generations kept */
  keep: number;
}

export interface RotateResult {
  file: string;
  rotated: boolean;
  /** bytes moved out of the live file */
  bytes: number;
  /** `<file>.1.gz` when rotated */
  archive?: string;
  /** how long the service's file was being copied, before the truncate (ms) */
  copyMs?: number;
  /** upper bound of the loss window (µs), see copy-truncate.ts */
  windowUs?: number;
}

export const rotatedName = (file: string, n: number) => `${file}.${n}.gz`;

export async function rotateIfNeeded(file: string, opts: RotateOptions): Promise<RotateResult> {
  const pending = `${file}.1`;
  // A plain `.1` left by a rotation that was interrupted (crash while compressing): finish it first.
  if (await exists(pending)) await compressInto(file, opts.keep);
  const st = await stat(file).catch(() => undefined);
  if (!st?.isFile() || st.size < opts.maxSize) return { file, rotated: false, bytes: 0 };

  const t0 = performance.now();
  const { bytes, windowUs } = copyThenTruncate(file, pending);
  const copyMs = performance.now() - t0;
  await compressInto(file, opts.keep);
  return { file, rotated: true, bytes, archive: rotatedName(file, 1), copyMs, windowUs };
}

/** `<file>.1` -> `<file>.1.gz`, shifting older generations up and dropping the one beyond `keep`. */
async function compressInto(file: string, keep: number): Promise<void> {
  const plain = `${file}.1`;
  const tmp = `${rotatedName(file, 1)}.tmp`;
  await pipeline(createReadStream(plain), createGzip(), createWriteStream(tmp, { mode: 0o640 }));
  await rm(rotatedName(file, keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) {
    if (await exists(rotatedName(file, n))) await rename(rotatedName(file, n), rotatedName(file, n + 1));
  }
  await rename(tmp, rotatedName(file, 1));
  // Last: until now `.1` (plain) was the newest rotated content readers could find.
  await rm(plain, { force: true });
}

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined)) !== undefined;
}
