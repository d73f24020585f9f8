/**
 * A debug-only measurement of the daemon's event-loop stalls, for `npm run bench -- flood`: with
 * TEACHOPS_DEBUG_STALLS=<file> set, `teach run` samples its event-loop delay (perf_hooks.monitorEventLoopDelay,
 * 10 ms resolution) and rewrites <file> every second as JSON: one entry per second (its longest delay, p99 and
 * sample count; the last hour) and the ten longest stalls with when they ended. A stall of the loop is what makes a
 * Slack ack late; measuring it inside the daemon sees it whatever caused it, and the per-second series lets a reader
 * look at one window only (the bench leaves out the daemon's start-up, which loads modules synchronously).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeFileSafe } from './safe-fs.js';

export interface StallSecond {
  /** ISO time the second ended */
  at: string;
  maxMs: number;
  p99Ms: number;
  samples: number;
}

export interface StallFigures {
  seconds: StallSecond[];
  /** the longest stalls seen by a 10 ms timer, with when they ended, to match against the daemon's log */
  worst: { at: string; ms: number }[];
}

const WORST_KEPT = 10;
const SECONDS_KEPT = 3600;

export function startStallReport(file: string, everyMs = 1000): () => void {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const figures: StallFigures = { seconds: [], worst: [] };
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    const ms = now - last - 10;
    last = now;
    const { worst } = figures;
    if (ms < 20 || (worst.length >= WORST_KEPT && ms <= worst[worst.length - 1]!.ms)) return;
    worst.push({ at: new Date().toISOString(), ms: Math.round(ms) });
    worst.sort((a, b) => b.ms - a.ms).splice(WORST_KEPT);
  }, 10);
  probe.unref();
  const write = () => {
    figures.seconds.push({ at: new Date().toISOString(), maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, samples: h.count });
    figures.seconds.splice(0, figures.seconds.length - SECONDS_KEPT);
    h.reset();
    try {
      writeFileSafe(file, JSON.stringify(figures) + '\n', 0o600);
    } catch {
      // a debug aid: a failed write must not disturb the daemon
    }
  };
  const timer = setInterval(write, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    clearInterval(probe);
    write();
    h.disable();
  };
}
