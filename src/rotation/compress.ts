/**
 * Compressing one plain generation `<log>.N` into `<log>.N.gz`, in the background, while rotations go on.
 * The generation is opened by descriptor (O_NOFOLLOW) and streamed through gzip into a fresh temp file (O_EXCL,
 * random name, 0640). Rotations may rename it meanwhile (N -> N+1): the descriptor still reads the same file, and
 * at the end the generation is found again by its inode, so the `.gz` gets the number the generation has by then.
 * If it fell beyond `keep` and was removed, the work is abandoned (checked as it goes, so little is wasted).
 * The finish (find, rename, unlink) is synchronous, hence atomic with respect to a rotation's renames.
 */
import { closeSync, fstatSync, lstatSync, renameSync, type Stats } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { generationPath, gzTempPath, listGenerations } from '../util/log-generations.js';
import { discardLater, moveToTrash } from './generations.js';
import { createExclusive, MODES, openReadNoFollow } from '../util/safe-fs.js';
import { fdChunks, fdSink } from '../util/fd-chunks.js';

export interface CompressOptions {
  /** zlib level; default 6 */
  level?: number;
  /** awaited once the source is open and before any byte is compressed (tests hold a compression in flight) */
  afterOpen?: () => Promise<void>;
  /** aborts the compression (daemon shutdown): the temp file is removed, the generation stays plain */
  signal?: AbortSignal;
}

export type CompressOutcome =
  | { kind: 'compressed'; path: string; bytes: number }
  /** the generation fell beyond `keep` (removed by a rotation) while it was being compressed */
  | { kind: 'abandoned'; path: string };

/** Plain generations waiting for compression, newest first: under a flood the newest are kept longest. */
export function pendingGenerations(file: string, keep: number): string[] {
  return listGenerations(file)
    .filter((g) => !g.gz && g.n <= keep)
    .map((g) => g.path);
}

class Abandoned extends Error {}
const CHECK_EVERY = 8 * 1024 * 1024;

/** Compresses `plain` (a generation of `file`); UnsafePathError when it is a symlink or not a regular file. */
export async function compressGeneration(file: string, plain: string, opts: CompressOptions = {}): Promise<CompressOutcome> {
  const inFd = openReadNoFollow(plain);
  let source: Stats;
  let tmp: string;
  let outFd: number;
  try {
    source = fstatSync(inFd);
    tmp = gzTempPath(file);
    outFd = createExclusive(tmp, MODES.log);
  } catch (e) {
    closeSync(inFd);
    throw e;
  }
  try {
    await opts.afterOpen?.();
    let sinceCheck = 0;
    // A rotation that removed the generation leaves it with no name (nlink 0): stop instead of finishing for nothing.
    const watch = new Transform({
      transform(chunk: Buffer, _enc, done) {
        sinceCheck += chunk.length;
        if (sinceCheck >= CHECK_EVERY) {
          sinceCheck = 0;
          if (fstatSync(inFd).nlink === 0) return done(new Abandoned());
        }
        done(null, chunk);
      },
    });
    await pipeline(fdChunks(inFd), watch, createGzip({ level: opts.level ?? 6 }), fdSink(outFd), ...(opts.signal ? [{ signal: opts.signal }] : []));
    const done = finish(file, plain, source, tmp);
    await done.cleanup;
    return done.outcome;
  } catch (e) {
    await rm(tmp, { force: true });
    if (e instanceof Abandoned) return { kind: 'abandoned', path: plain };
    throw e;
  } finally {
    closeSync(inFd);
    closeSync(outFd);
  }
}

/** Synchronous renames: the generation's number now, the `.gz` under it, the plain file gone (unlinked later). */
function finish(file: string, plain: string, source: Stats, tmp: string): { outcome: CompressOutcome; cleanup: Promise<void> } {
  const gens = listGenerations(file);
  const gen = gens.find((g) => !g.gz && sameFile(g.path, source));
  if (!gen) return { outcome: { kind: 'abandoned', path: plain }, cleanup: discardLater([tmp]) };
  const gz = generationPath(file, gen.n, true);
  const trash: string[] = [];
  // a `.gz` twin left by a crash: out of the way first, so the rename below never replaces (and unlinks) a file
  if (gens.some((g) => g.gz && g.n === gen.n)) trash.push(moveToTrash(file, gz));
  renameSync(tmp, gz);
  trash.push(moveToTrash(file, gen.path));
  return { outcome: { kind: 'compressed', path: gz, bytes: source.size }, cleanup: discardLater(trash) };
}

function sameFile(path: string, st: Stats): boolean {
  try {
    const l = lstatSync(path);
    return l.isFile() && l.ino === st.ino && l.dev === st.dev;
  } catch {
    return false;
  }
}
