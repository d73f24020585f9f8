/**
 * The one background worker that compresses plain generations for the rotation scheduler: one generation per file
 * per round, newest first, until a round finds nothing to do and no rotation asked again.
 * A file that rotated within the last 10 s is flooding, and its generations wait, plain: under a 60 MB/s flood
 * with `keep: 5` a generation lives about two seconds before it falls beyond `keep`, so compressing it (a whole core
 * for gzip's fastest level here) would mostly be thrown away, and that core is what the daemon and the services need
 * then. Once the file has been calm for 10 s, the generations it kept are compressed, the newest first. A
 * compression already running when a flood starts finishes (rotations go on beside it). A failure leaves the
 * generation plain and pauses that file's compression for 30 s; a symlink among the generations is never opened,
 * only named (once, by inode: its name changes at every rotation).
 */
import type { Locale } from '../config/types.js';
import { errorMessage } from '../errors.js';
import type { Translate } from '../i18n/index.js';
import { lstatOrUndefined, UnsafePathError } from '../util/safe-fs.js';
import { compressGeneration, pendingGenerations } from './compress.js';
import type { RotationReport } from './report.js';

const RETRY_MS = 30_000;
export const FLOODING_MS = 10_000;

export interface CompressWorkerOptions {
  files: () => string[];
  keep: number;
  report: RotationReport;
  tr: Translate;
  now: () => number;
  signal: AbortSignal;
  locale?: Locale;
  /** when the scheduler last rotated `file` */
  rotatedAt: (file: string) => number;
  /** awaited before each compression streams (tests) */
  gate?: () => Promise<void>;
}

export interface CompressWorker {
  /** there may be something to compress: start, or look again before leaving */
  kick(): void;
  /** when a file whose compression waits for its flood to end becomes due (the scheduler kicks then) */
  deferredUntil(): number | undefined;
  /** the running round, if any */
  running(): Promise<void> | undefined;
}

/** What kind of failure, for grouping repeats: ENOSPC, unsafe_path, rotation_no_space ... */
export function codeOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : e instanceof Error ? e.name : 'error';
}

export function createCompressWorker(o: CompressWorkerOptions): CompressWorker {
  const retryAt = new Map<string, number>();
  const deferred = new Map<string, number>();
  let worker: Promise<void> | undefined;
  let again = false;

  const failed = (key: string, file: string, message: string, retry: string) =>
    o.report.problem(key, o.tr('daemon.log_compress_failed', { file, message, retry }));

  /** Regular files only: anything else among the generations was planted, and is carried along unopened. */
  function safe(file: string, path: string): boolean {
    const st = lstatOrUndefined(path);
    if (!st || st.isFile()) return st !== undefined;
    const e = new UnsafePathError(path, st.isSymbolicLink() ? 'symlink' : 'not_regular', o.locale);
    failed(`${file}#${st.ino}|generation`, path, e.message, '-');
    return false;
  }

  async function compressOne(file: string): Promise<void> {
    if (o.now() < (retryAt.get(file) ?? 0)) return;
    const pending = pendingGenerations(file, o.keep).filter((p) => safe(file, p));
    const plain = pending[0];
    deferred.delete(file);
    if (plain === undefined) return;
    const calmAt = o.rotatedAt(file) + FLOODING_MS;
    if (o.now() < calmAt) return void deferred.set(file, calmAt);
    try {
      await compressGeneration(file, plain, { signal: o.signal, ...(o.gate ? { afterOpen: o.gate } : {}) });
      again = true; // look again: more may be pending, in this file or others
    } catch (e) {
      if (o.signal.aborted) return;
      if (e instanceof UnsafePathError) return failed(`${e.path}|compress|${e.reason}`, e.path, e.message, '-');
      retryAt.set(file, o.now() + RETRY_MS);
      failed(`${file}|compress|${codeOf(e)}`, plain, errorMessage(e), `${RETRY_MS / 1000}s`);
    }
  }

  async function rounds(): Promise<void> {
    while (again && !o.signal.aborted) {
      again = false;
      for (const file of o.files()) {
        if (o.signal.aborted) return;
        await compressOne(file);
      }
    }
  }

  function kick(): void {
    again = true;
    if (worker || o.signal.aborted) return;
    worker = rounds()
      .catch((e: unknown) => failed(`*|compress|${codeOf(e)}`, '*', errorMessage(e), '-'))
      .finally(() => {
        worker = undefined;
        if (again) kick(); // a rotation finished just as the worker was leaving
      });
  }

  return {
    kick,
    running: () => worker,
    deferredUntil: () => (deferred.size > 0 ? Math.min(...deferred.values()) : undefined),
  };
}
