/**
 * When `teach run` rotates. A service can write 60 MB/s, so a check once a minute lets a log grow by gigabytes:
 * each file is lstat'ed (cheap) at least every second, sooner when its growth rate says it will reach `max_size`
 * before then (never more often than every 250 ms). A generation is therefore about `max_size` plus what arrives
 * between two checks and during the copy. The copy is asynchronous (copy-truncate.ts); compression runs in one
 * background worker beside the checks (compress-worker.ts), so a generation still being compressed never holds up
 * the next rotation; while a file floods its generations stay plain, and the oldest fall beyond `keep` and are
 * removed: the folder stays bounded (live file + `keep` generations + one copy and one compression in flight), and
 * the daemon says so once a minute.
 * A full disk: a copy that would not fit is not started (rotate.ts checks the free space), one that fails anyway is
 * abandoned before the truncate; either way the live file is left as it was (never truncated without a copy) and
 * the next check tries again; a compression that fails leaves its generation plain and is retried after a pause.
 * Problems are logged once per file and cause, then again every 10 minutes while they last; a burst of rotations is
 * one line a minute per file.
 */
import type { Background } from '../util/background.js';
import type { Locale } from '../config/types.js';
import { errorMessage } from '../errors.js';
import { translator } from '../i18n/index.js';
import { lstatOrUndefined } from '../util/safe-fs.js';
import { codeOf, createCompressWorker } from './compress-worker.js';
import { discardLater, recoverTemps } from './generations.js';
import { rotateFile, type RotateResult } from './rotate.js';
import { createRotationReport } from './report.js';

export const TICK_MS = 250;
export const MAX_INTERVAL_MS = 1000;

export interface SchedulerOptions {
  /** the files to watch, read at each check (service logs, monitor.log, teachops.log) */
  files: () => string[];
  maxSize: number;
  keep: number;
  log: (line: string) => void;
  locale?: Locale;
  now?: () => number;
  /** awaited before each compression starts streaming (tests hold one in flight) */
  compressGate?: () => Promise<void>;
}

export interface RotationScheduler {
  /** recovers unfinished rotations, checks every file at once, then on the timer */
  start(bg: Background): void;
  /** checks every file now, whatever its next due time; resolves once due copies are done (not compressions) */
  check(): Promise<void>;
  compressing(): boolean;
  /** resolves once no compression is queued or running */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

interface FileState {
  nextAt: number;
  lastSize: number;
  lastAt: number;
  rotatedAt: number;
}

export function createRotationScheduler(o: SchedulerOptions): RotationScheduler {
  const now = o.now ?? Date.now;
  const tr = translator(o.locale ?? 'en');
  const report = createRotationReport({ log: o.log, tr, now, keep: o.keep });
  const states = new Map<string, FileState>();
  const abort = new AbortController();
  let stopTimer: (() => void) | undefined;
  const worker = createCompressWorker({
    files: o.files,
    keep: o.keep,
    report,
    tr,
    now,
    signal: abort.signal,
    rotatedAt: (f) => state(f).rotatedAt,
    ...(o.locale ? { locale: o.locale } : {}),
    ...(o.compressGate ? { gate: o.compressGate } : {}),
  });
  let checking: Promise<void> = Promise.resolve();
  const cleanups = new Set<Promise<void>>();
  const track = (p: Promise<void> | undefined) => {
    if (!p) return;
    cleanups.add(p);
    void p.then(() => cleanups.delete(p));
  };

  const state = (f: string): FileState => {
    let s = states.get(f);
    if (!s) states.set(f, (s = { nextAt: 0, lastSize: 0, lastAt: 0, rotatedAt: -Infinity }));
    return s;
  };

  async function checkFile(file: string): Promise<void> {
    const s = state(file);
    const t = now();
    const st = lstatOrUndefined(file);
    const size = st?.isFile() ? st.size : 0;
    // A symlink or other non-file goes to rotateFile too, which refuses it with the error that names it.
    if ((st !== undefined && !st.isFile()) || size >= o.maxSize) {
      let r: RotateResult;
      try {
        r = await rotateFile(file, { maxSize: o.maxSize, keep: o.keep, ...(o.locale ? { locale: o.locale } : {}) });
      } catch (e) {
        report.problem(`${file}|rotate|${codeOf(e)}`, tr('daemon.log_rotation_failed', { file, message: errorMessage(e) }));
        s.nextAt = t + MAX_INTERVAL_MS;
        return;
      }
      track(r.cleanup);
      if (r.rotated) {
        report.rotated(r);
        Object.assign(s, { nextAt: now() + TICK_MS, lastSize: 0, lastAt: now(), rotatedAt: now() });
        worker.kick();
        return;
      }
    }
    // Next check: when the growth since the last one says max_size will be reached, within [TICK, MAX_INTERVAL].
    const rate = s.lastAt > 0 && size >= s.lastSize && t > s.lastAt ? (size - s.lastSize) / (t - s.lastAt) : 0;
    const eta = rate > 0 ? (o.maxSize - size) / rate : Infinity;
    s.nextAt = t + Math.min(MAX_INTERVAL_MS, Math.max(TICK_MS, eta));
    s.lastSize = size;
    s.lastAt = t;
  }

  async function pass(due: (f: string) => boolean): Promise<void> {
    for (const file of o.files()) if (!abort.signal.aborted && due(file)) await checkFile(file);
    report.flush();
    const calm = worker.deferredUntil();
    if (calm !== undefined && now() >= calm) worker.kick(); // a flood ended: compress what it left
  }

  /** Passes run one after another (the timer's and check()'s); one that fails does not block the next. */
  function runPass(due: (f: string) => boolean): Promise<void> {
    const p = checking.then(() => pass(due));
    checking = p.catch(() => undefined);
    return p;
  }

  return {
    start(bg) {
      for (const file of o.files()) {
        try {
          const recovered = recoverTemps(file, o.keep);
          for (const temp of recovered.adopted) o.log(tr('daemon.log_rotation_recovered', { file, temp }));
          track(discardLater(recovered.trash));
        } catch (e) {
          report.problem(`${file}|recover`, tr('daemon.log_rotation_failed', { file, message: errorMessage(e) }));
        }
      }
      bg.run('log rotation', () => runPass(() => true).then(() => worker.kick()));
      stopTimer = bg.every('log rotation', TICK_MS, () => runPass((f) => now() >= state(f).nextAt));
    },
    check: () => runPass(() => true),
    compressing: () => worker.running() !== undefined,
    async idle() {
      while (worker.running() || cleanups.size > 0) await Promise.all([worker.running(), ...cleanups]);
    },
    async stop() {
      stopTimer?.();
      abort.abort();
      await checking.catch(() => undefined);
      await worker.running();
      await Promise.all(cleanups);
    },
  };
}
