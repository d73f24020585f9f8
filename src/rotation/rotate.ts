/**
 * Size-based rotation of one log file: `<file>` -> `<file>.1` -> ... up to `keep` generations, without restarting
 * the writer (copy-then-truncate, see copy-truncate.ts), then `<file>.N` -> `<file>.N.gz` (compress.ts).
 * The two halves are separate on purpose: the copy bounds the live file and must happen when it is due; the
 * compression is slower than a flooding writer and runs beside it (the scheduler, scheduler.ts), so a generation
 * still being compressed never holds up the next rotation. Until it is compressed a generation stays readable as
 * `<file>.N` (plain), which is where readers (src/probes/logs.ts) look first.
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Locale } from '../config/types.js';
import { generationPath, copyTempPath } from '../util/log-generations.js';
import { RotationNoSpaceError } from './errors.js';
import { lstatOrUndefined, UnsafePathError } from '../util/safe-fs.js';
import { compressGeneration, pendingGenerations } from './compress.js';
import { copyThenTruncate } from './copy-truncate.js';
import { adoptAsNewest, discardLater } from './generations.js';

export interface RotateOptions {
  /** bytes; a file smaller than this is left alone */
  maxSize: number;
  /** generations kept */
  keep: number;
  /** for the messages of errors */
  locale?: Locale;
}

export interface RotateResult {
  file: string;
  rotated: boolean;
  /** bytes moved out of the live file */
  bytes: number;
  /** the newest generation: `<file>.1` right after the copy, `<file>.1.gz` once compressed */
  archive?: string;
  /** how long the service's file was being copied, before the truncate (ms) */
  copyMs?: number;
  /** upper bound of the loss window (µs), see copy-truncate.ts */
  windowUs?: number;
  /** bytes read synchronously at the truncate */
  finalBytes?: number;
  /** generations removed beyond `keep` before they were compressed (compression fell behind) */
  droppedPlain?: string[];
  /** bytes read at the truncate that could not be written to the generation (a disk that just filled) */
  lost?: { bytes: number; error: Error };
  /** bytes truncated without a copy because the copy could not catch up with the writer */
  uncopied?: number;
  /** generations that could not be compressed (rotateIfNeeded only) */
  problems?: Error[];
  /** settles once what this rotation dropped is unlinked, in the background (unlinking can be slow) */
  cleanup?: Promise<void>;
}

function freeBytes(dir: string): number | undefined {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined; // unknown: let the copy find out
  }
}

export const rotatedName = (file: string, n: number): string => generationPath(file, n, true);

/** The urgent half: when the live file has passed `maxSize`, copy-then-truncate it into generation 1. */
export async function rotateFile(file: string, opts: RotateOptions): Promise<RotateResult> {
  const st = lstatOrUndefined(file);
  if (!st) return { file, rotated: false, bytes: 0 };
  // Never through a link: its target (someone else's file) would be copied and then truncated to nothing.
  if (st.isSymbolicLink()) throw new UnsafePathError(file, 'symlink');
  if (!st.isFile()) throw new UnsafePathError(file, 'not_regular');
  if (st.size < opts.maxSize) return { file, rotated: false, bytes: 0 };
  const free = freeBytes(dirname(file));
  // the copy, plus what the writer adds while it runs (a margin of a tenth)
  if (free !== undefined && free < st.size * 1.1) throw new RotationNoSpaceError(file, Math.ceil(st.size * 1.1), free, opts.locale);

  const tmp = copyTempPath(file);
  const t0 = performance.now();
  const copy = await copyThenTruncate(file, tmp);
  const copyMs = performance.now() - t0;
  const { droppedPlain, trash } = adoptAsNewest(file, tmp, opts.keep);
  const cleanup = discardLater(trash);
  return {
    file,
    rotated: true,
    bytes: copy.bytes,
    archive: generationPath(file, 1, false),
    copyMs,
    windowUs: copy.windowUs,
    finalBytes: copy.finalBytes,
    ...(droppedPlain.length > 0 ? { droppedPlain } : {}),
    ...(copy.lost ? { lost: copy.lost } : {}),
    ...(copy.uncopied ? { uncopied: copy.uncopied } : {}),
    cleanup,
  };
}

/**
 * Both halves in one call, for callers without a scheduler (tests, the rotation benchmark): finish compressions a
 * crash left behind, rotate if due, compress. A generation that cannot be compressed (a symlink planted among them)
 * is named in `problems` and does not stop the rotation of the live file.
 */
export async function rotateIfNeeded(file: string, opts: RotateOptions): Promise<RotateResult> {
  const problems = await compressPending(file, opts.keep);
  const { cleanup, ...r } = await rotateFile(file, opts);
  await cleanup;
  if (r.rotated) problems.push(...(await compressPending(file, opts.keep)));
  const out = r.rotated ? { ...r, archive: rotatedName(file, 1) } : r;
  return problems.length > 0 ? { ...out, problems } : out;
}

async function compressPending(file: string, keep: number): Promise<Error[]> {
  const problems: Error[] = [];
  for (const plain of pendingGenerations(file, keep)) {
    try {
      await compressGeneration(file, plain);
    } catch (e) {
      problems.push(e instanceof Error ? e : new Error(String(e)));
    }
  }
  return problems;
}
